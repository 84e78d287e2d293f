"""Audit events for sign-ins, failed sign-ins and sign-outs.

Django announces these with its auth signals; the receivers only deliver them to the audit
trail (the one place they are written). Password resets are audited by their views.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import HttpRequest

from probity.core import clock
from probity.core.audit import audit_account_event
from probity.core.http import request_source
from probity.core.middleware import LAST_SEEN_KEY


def _source(request: HttpRequest | None) -> str:
    return request_source(request) if request is not None else ""


def signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
    # A sign-in view may say how the person signed in (single sign-on, the emergency page).
    how = str(getattr(request, "probity_signin_summary", "")) if request is not None else ""
    audit_account_event(
        action="account.signed_in",
        user=user,
        at=clock.now(),
        summary=how,
        source=_source(request),
    )


def signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    idle = bool(getattr(request, "idle_timeout", False))
    audit_account_event(
        action="account.signed_out",
        user=user,
        at=clock.now(),
        summary="Signed out after being idle" if idle else "Signed out",
        source=_source(request),
    )


def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A failed sign-in names the account only when one exists (what was typed may be a password)."""
    username = str(credentials.get("username", ""))
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_account_event(
        action="account.sign_in_failed",
        user=user,
        at=clock.now(),
        summary="Sign-in failed" if user else "Sign-in failed for a username that has no account",
        source=_source(request),
    )
