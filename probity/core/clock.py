"""The one place the application reads the time.

Services and views ask this module for ``now()`` and ``today()``; tests freeze it with
``frozen(...)``. Rule functions never read the clock: they are given ``now``/``today``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")

_frozen_at: dt.datetime | None = None


def now() -> dt.datetime:
    """The current time, timezone-aware (UTC)."""
    if _frozen_at is not None:
        return _frozen_at
    return timezone.now()


def today() -> dt.date:
    """Today's date in the council's time zone (Europe/London)."""
    return now().astimezone(LONDON).date()


@contextmanager
def frozen(at: dt.datetime) -> Iterator[dt.datetime]:
    """Freeze the clock at ``at`` (which must be timezone-aware) for the duration."""
    global _frozen_at
    if at.tzinfo is None:
        raise ValueError("Freeze the clock with a timezone-aware datetime.")
    previous = _frozen_at
    _frozen_at = at
    try:
        yield at
    finally:
        _frozen_at = previous
