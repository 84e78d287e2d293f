"""When councillors may inspect the section 117 book. Pure rules: no Django, no clock, no lookups.

The council sets its office hours; weekends, bank holidays and the council's own closure days are
closed. Callers pass the local time and the closed dates in; the lookups live in
``book_selectors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})
"""Weekday numbers as ``date.weekday()`` gives them: Monday is 0, Sunday is 6."""


@dataclass(frozen=True)
class OfficeHours:
    """The book opens at ``opens`` and closes at ``closes`` on each of ``weekdays``."""

    opens: dt.time
    closes: dt.time
    weekdays: frozenset[int] = field(default=MONDAY_TO_FRIDAY)

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("Office hours are local clock times, without a time zone.")
        if self.closes <= self.opens:
            raise ValueError("Office hours must close after they open.")
        if not self.weekdays <= MONDAY_TO_FRIDAY | {5, 6}:
            raise ValueError("Weekdays are numbered 0 (Monday) to 6 (Sunday).")


def _is_working_day(day: dt.date, *, hours: OfficeHours, closed_dates: frozenset[dt.date]) -> bool:
    return day.weekday() in hours.weekdays and day not in closed_dates


def book_is_open(
    *, now_local: dt.datetime, hours: OfficeHours, closed_dates: frozenset[dt.date]
) -> bool:
    """Open from the opening time (inclusive) to the closing time (exclusive) on a working day."""
    if not _is_working_day(now_local.date(), hours=hours, closed_dates=closed_dates):
        return False
    return hours.opens <= now_local.time().replace(tzinfo=None) < hours.closes


def next_opening(
    *,
    now_local: dt.datetime,
    hours: OfficeHours,
    closed_dates: frozenset[dt.date],
    horizon_days: int = 60,
) -> dt.datetime | None:
    """The next moment the book opens: ``now_local`` itself when it is open now.

    ``None`` when it does not open within ``horizon_days`` days (the closed dates given must cover
    that far ahead). The answer is in ``now_local``'s time zone.
    """
    if book_is_open(now_local=now_local, hours=hours, closed_dates=closed_dates):
        return now_local
    start = now_local.date()
    for offset in range(horizon_days + 1):
        day = start + dt.timedelta(days=offset)
        if not _is_working_day(day, hours=hours, closed_dates=closed_dates):
            continue
        opening = dt.datetime.combine(day, hours.opens, tzinfo=now_local.tzinfo)
        if opening > now_local:
            return opening
    return None


def closed_dates_for(
    years: Iterable[int], *, bank_holidays: Iterable[dt.date], extra: Iterable[dt.date]
) -> frozenset[dt.date]:
    """Every date in ``years`` that is a bank holiday or one of the council's ``extra`` closures."""
    wanted = frozenset(years)
    return frozenset(
        day for source in (bank_holidays, extra) for day in source if day.year in wanted
    )
