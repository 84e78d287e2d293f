"""Accounts: password reset requests (throttled and audited) and sign-in lockouts.

Lockouts themselves are counted and enforced by django-axes; this module lists them for the
Monitoring Officer and lifts them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Max, Sum

from probity.core.audit import audit_account_event, audit_count_since

RESET_REQUESTED = "account.password_reset_requested"
RESET_WINDOW = dt.timedelta(hours=1)


def email_digest(email: str) -> str:
    """A keyed digest of an email address: lets requests be counted without keeping the address."""
    return hmac.new(
        settings.SECRET_KEY.encode(), email.strip().lower().encode(), hashlib.sha256
    ).hexdigest()


def password_reset_request(*, email: str, now: dt.datetime, source: str) -> bool:
    """Record a request to reset a password; False when too many have been asked for lately.

    The same is recorded whether or not the address has an account, so the answer is the same.
    """
    digest = email_digest(email)
    since = now - RESET_WINDOW
    allowed = audit_count_since(
        action=RESET_REQUESTED, since=since, subject=digest
    ) < settings.PROBITY_RESET_LIMIT_PER_EMAIL and (
        not source
        or audit_count_since(action=RESET_REQUESTED, since=since, source=source)
        < settings.PROBITY_RESET_LIMIT_PER_SOURCE
    )
    audit_account_event(
        action=RESET_REQUESTED,
        user=None,
        at=now,
        subject=digest,
        summary="A password reset link was asked for"
        if allowed
        else "A password reset link was asked for too often; none was sent",
        source=source,
    )
    return allowed


def password_reset_done(*, user: User, now: dt.datetime, source: str) -> None:
    audit_account_event(
        action="account.password_reset",
        user=user,
        at=now,
        summary="Password changed with a reset link",
        source=source,
    )


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" or "address"
    value: str
    failures: int
    last_failure: dt.datetime


def lockouts_current(*, now: dt.datetime) -> list[Lockout]:
    """Accounts and addresses that sign-in refuses now (failures at the limit, within cool-off)."""
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    limit = settings.AXES_FAILURE_LIMIT
    found: list[Lockout] = []
    for kind, column in (("account", "username"), ("address", "ip_address")):
        rows = (
            attempts.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last")
        )
        found.extend(
            Lockout(kind, str(row[column]), int(row["failures"]), row["last"]) for row in rows
        )
    return found


def lockout_lift(*, actor: User, kind: str, value: str, now: dt.datetime, source: str) -> int:
    """Let an account or address try to sign in again; audited. Returns the records cleared."""
    if kind == "account":
        cleared = axes_reset(username=value)
        user = get_user_model().objects.filter(username=value).first()
        summary = "Sign-in unlocked for this account"
    elif kind == "address":
        cleared = axes_reset(ip=value)
        user = None
        summary = f"Sign-in unlocked for the address {value}"
    else:
        raise ValueError(f"Unknown kind of lockout: {kind}")
    audit_account_event(
        action="account.unlocked",
        user=user,
        actor=actor,
        at=now,
        summary=summary,
        source=source,
    )
    return int(cleared)
