"""Typed requests and small request helpers."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user (the view is behind ``login_required``)."""

    user: User


def request_source(request: HttpRequest) -> str:
    """Where a request came from, for the audit trail."""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
