"""Daily upkeep that knows no domain. Each piece is a plain function for the daily schedule."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session


def sessions_clear_expired(*, now: dt.datetime) -> int:
    """Delete sessions that have expired (signed-out people's and abandoned ones)."""
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted
