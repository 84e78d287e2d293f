"""When councillors may inspect the section 117 book: pure rules, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest

from probity.registers.inspection import (
    OfficeHours,
    book_is_open,
    closed_dates_for,
    next_opening,
)

LONDON = ZoneInfo("Europe/London")
HOURS = OfficeHours(opens=dt.time(9, 0), closes=dt.time(17, 0))
COUNCIL_CLOSURE = dt.date(2027, 3, 10)  # a Wednesday the council closes for training


def _bank_holidays(*years: int) -> frozenset[dt.date]:
    found: set[dt.date] = set()
    for region in ("ENG", "WLS"):
        found |= set(holidays.country_holidays("GB", subdiv=region, years=years))
    return frozenset(found)


CLOSED = closed_dates_for(
    [2027, 2028], bank_holidays=_bank_holidays(2027, 2028), extra=[COUNCIL_CLOSURE]
)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


def test_the_holidays_package_knows_the_2027_bank_holidays_used_here() -> None:
    england_and_wales = _bank_holidays(2027)
    assert dt.date(2027, 5, 3) in england_and_wales  # Early May bank holiday
    assert dt.date(2027, 12, 27) in england_and_wales  # Christmas Day falls on a Saturday
    assert dt.date(2027, 12, 28) in england_and_wales  # Boxing Day falls on a Sunday


@pytest.mark.parametrize(
    ("now_local", "expected", "why"),
    [
        (at(2027, 3, 3, 10), True, "weekday morning"),
        (at(2027, 3, 3, 19), False, "weekday evening"),
        (at(2027, 3, 3, 9), True, "exactly the opening time"),
        (at(2027, 3, 3, 8, 59), False, "a minute before opening"),
        (at(2027, 3, 3, 16, 59), True, "a minute before closing"),
        (at(2027, 3, 3, 17), False, "exactly the closing time"),
        (at(2027, 3, 6, 10), False, "Saturday"),
        (at(2027, 3, 7, 10), False, "Sunday"),
        (at(2027, 5, 3, 10), False, "Early May bank holiday"),
        (at(2027, 12, 27, 10), False, "substitute day for Christmas Day"),
        (at(2027, 12, 28, 10), False, "substitute day for Boxing Day"),
        (at(2027, 3, 10, 10), False, "a council closure day"),
        (at(2027, 3, 11, 10), True, "the day after a council closure day"),
        (at(2027, 7, 1, 16, 30), True, "summer time (BST) afternoon"),
    ],
)
def test_book_is_open(now_local: dt.datetime, expected: bool, why: str) -> None:
    assert book_is_open(now_local=now_local, hours=HOURS, closed_dates=CLOSED) is expected, why


@pytest.mark.parametrize(
    ("now_local", "expected", "why"),
    [
        (at(2027, 3, 5, 18), at(2027, 3, 8, 9), "Friday evening: Monday morning"),
        (at(2027, 3, 6, 12), at(2027, 3, 8, 9), "Saturday: Monday morning"),
        (at(2027, 3, 3, 8), at(2027, 3, 3, 9), "early morning: the same day"),
        (at(2027, 3, 3, 17), at(2027, 3, 4, 9), "at closing time: the next morning"),
        (at(2027, 3, 9, 18), at(2027, 3, 11, 9), "before a council closure day: the day after"),
        (
            at(2027, 12, 24, 18),
            at(2027, 12, 29, 9),
            "Christmas Eve evening: after the Christmas bank holidays",
        ),
        (at(2027, 4, 30, 17, 30), at(2027, 5, 4, 9), "before the Early May bank holiday"),
        (at(2027, 3, 26, 10), at(2027, 3, 30, 9), "Good Friday: after Easter Monday"),
    ],
)
def test_next_opening(now_local: dt.datetime, expected: dt.datetime, why: str) -> None:
    assert next_opening(now_local=now_local, hours=HOURS, closed_dates=CLOSED) == expected, why


def test_next_opening_is_now_when_the_book_is_open() -> None:
    now = at(2027, 3, 3, 10, 15)
    assert next_opening(now_local=now, hours=HOURS, closed_dates=CLOSED) == now


def test_next_opening_keeps_the_time_zone_across_a_clock_change() -> None:
    # The clocks go forward on Sunday 28 March 2027: Monday opens at 9am summer time.
    opening = next_opening(now_local=at(2027, 3, 26, 18), hours=HOURS, closed_dates=CLOSED)
    assert opening == at(2027, 3, 30, 9)
    assert opening is not None
    assert opening.utcoffset() == dt.timedelta(hours=1)


def test_next_opening_is_none_when_nothing_opens_within_the_horizon() -> None:
    weekends_only = OfficeHours(opens=dt.time(9), closes=dt.time(17), weekdays=frozenset({5, 6}))
    every_weekend = frozenset(
        dt.date(2027, 3, 1) + dt.timedelta(days=n)
        for n in range(70)
        if (dt.date(2027, 3, 1) + dt.timedelta(days=n)).weekday() >= 5
    )
    assert (
        next_opening(
            now_local=at(2027, 3, 3, 10),
            hours=weekends_only,
            closed_dates=every_weekend,
            horizon_days=60,
        )
        is None
    )


def test_custom_hours_are_respected() -> None:
    late = OfficeHours(opens=dt.time(10, 30), closes=dt.time(19, 0))
    assert book_is_open(now_local=at(2027, 3, 3, 18, 45), hours=late, closed_dates=CLOSED)
    assert not book_is_open(now_local=at(2027, 3, 3, 10, 15), hours=late, closed_dates=CLOSED)
    assert next_opening(now_local=at(2027, 3, 3, 10), hours=late, closed_dates=CLOSED) == at(
        2027, 3, 3, 10, 30
    )


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(dt.time(17), dt.time(9)), (dt.time(9), dt.time(9))],
)
def test_office_hours_must_close_after_they_open(opens: dt.time, closes: dt.time) -> None:
    with pytest.raises(ValueError, match="close after"):
        OfficeHours(opens=opens, closes=closes)


def test_closed_dates_for_keeps_only_the_years_asked_for() -> None:
    closed = closed_dates_for(
        [2027],
        bank_holidays=[dt.date(2026, 12, 25), dt.date(2027, 12, 27)],
        extra=[dt.date(2027, 3, 10), dt.date(2028, 1, 4)],
    )
    assert closed == frozenset({dt.date(2027, 12, 27), dt.date(2027, 3, 10)})
