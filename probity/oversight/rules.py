"""Pure rules for oversight: ageing, the council year, and who may sign off an annual review.

No ORM, no settings, no clock: callers pass what the rules need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

#: The offices that review the registers each year, in the order the report lists them.
REVIEW_OFFICES = ("chief_executive", "s151_officer", "monitoring_officer")

#: Ageing buckets for a step waiting for someone to act: (label, up to this many days).
AGEING_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("Up to 7 days", 7),
    ("8 to 14 days", 14),
    ("15 to 28 days", 28),
    ("Over 28 days", None),
)

#: A step waiting longer than this many days is overdue.
OVERDUE_AFTER_DAYS = 14


def ageing_bucket(days_waiting: int) -> int:
    """The index of the bucket for a step that has waited this many whole days."""
    for index, (_, limit) in enumerate(AGEING_BUCKETS):
        if limit is None or days_waiting <= limit:
            return index
    return len(AGEING_BUCKETS) - 1


def council_year_start(today: dt.date) -> dt.date:
    """The first day of the council's (financial) year containing ``today``: 1 April."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year, 4, 1)


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the last ``count`` months, oldest first, ending with this month."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def next_month(first: dt.date) -> dt.date:
    """The first day of the month after the one starting on ``first``."""
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def next_review_due(last_completed: dt.date | None, *, today: dt.date) -> dt.date:
    """A year after the last review was signed off by all three offices; today if none was."""
    if last_completed is None:
        return today
    try:
        return last_completed.replace(year=last_completed.year + 1)
    except ValueError:  # 29 February
        return last_completed.replace(year=last_completed.year + 1, day=28)


@dataclass(frozen=True)
class SignOffFact:
    office: str
    person_id: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


def may_sign_off(
    *,
    office: str,
    person_id: int,
    holds: Mapping[str, str],
    signed: tuple[SignOffFact, ...],
    complete: bool,
) -> Verdict:
    """May this person sign off the review for ``office`` now?

    ``holds`` maps each review office the person holds today to "holder" or "deputy".

    - Only the three review offices sign, each once: signing again is refused.
    - The holder of an office signs for it; a deputy may sign in their place (the sign-off
      records that a deputy signed). An office with no holder is signed by its deputy.
    - Three different people must sign: someone who holds two of the offices signs for one of
      them, and the other office's deputy signs for it. The review is worth three separate
      assurances, so one person's signature never counts twice.
    - A completed review takes no more sign-offs.
    """
    if office not in REVIEW_OFFICES:
        return Verdict(
            False, "Only the Chief Executive, the s151 officer and the Monitoring Officer sign off."
        )
    if complete:
        return Verdict(False, "The review has been signed off by all three offices.")
    if office not in holds:
        return Verdict(False, "You do not hold this office or deputise for it.")
    if any(s.office == office for s in signed):
        return Verdict(False, "This office has already signed off the review.")
    if any(s.person_id == person_id for s in signed):
        return Verdict(
            False,
            "You have already signed off for another office. Its deputy must sign for this one.",
        )
    return Verdict(True)


def may_add_finding(*, signed: tuple[SignOffFact, ...], complete: bool) -> Verdict:
    """Findings are recorded before anyone signs: a sign-off covers every finding, so once one
    office has signed the findings are fixed (a later concern goes into next year's review)."""
    if complete:
        return Verdict(False, "The review has been signed off by all three offices.")
    if signed:
        return Verdict(False, "An office has signed off, so the findings can no longer change.")
    return Verdict(True)


def is_complete(signed: tuple[SignOffFact, ...]) -> bool:
    return {s.office for s in signed} >= set(REVIEW_OFFICES)
