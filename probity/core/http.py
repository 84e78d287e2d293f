"""Typed requests and small request helpers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request from a signed-in user (the view is behind ``login_required``)."""

    user: User


def client_address(request: HttpRequest) -> str:
    """The address a request came from.

    ``X-Forwarded-For`` is believed only when ``PROBITY_TRUSTED_PROXY_COUNT`` says how many
    proxies of our own stand in front of the application: the client is then the address that
    the outermost of them saw. Anyone can send the header, so without that setting it is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies: int = getattr(settings, "PROBITY_TRUSTED_PROXY_COUNT", 0)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def request_source(request: HttpRequest) -> str:
    """Where a request came from, for the audit trail."""
    return client_address(request)[:64]
