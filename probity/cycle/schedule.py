"""Pure rules of when the annual round reminds and escalates, and to whom.

No ORM, no settings, no clock: dates and facts are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_REMINDER_DAYS: tuple[int, ...] = (30, 14, 7, 3, 1)
#: Days after the deadline on which the line manager, the Head of Service, then the Monitoring
#: Officer are told of returns still outstanding.
DEFAULT_ESCALATION_DAYS: tuple[int, int, int] = (1, 7, 14)


class Target(StrEnum):
    LINE_MANAGER = "line_manager"
    HEAD_OF_SERVICE = "head_of_service"
    MONITORING_OFFICER = "monitoring_officer"


#: Escalation steps, in order: step 1 is the line manager.
STEPS: tuple[Target, ...] = (Target.LINE_MANAGER, Target.HEAD_OF_SERVICE, Target.MONITORING_OFFICER)

TARGET_LABELS = {
    Target.LINE_MANAGER: "line manager",
    Target.HEAD_OF_SERVICE: "Head of Service",
    Target.MONITORING_OFFICER: "Monitoring Officer",
}


def reminder_days_problem(days: Iterable[int]) -> str:
    """Why a list of reminder days cannot be used, or ``""``."""
    days = list(days)
    if not days:
        return "Enter at least one day"
    if any(d < 1 or d > 365 for d in days):
        return "Each day must be a whole number from 1 to 365"
    if len(set(days)) != len(days):
        return "Enter each day once"
    return ""


def escalation_days_problem(days: Iterable[int]) -> str:
    days = list(days)
    if len(days) != len(STEPS):
        return "Enter three numbers of days: line manager, Head of Service, Monitoring Officer"
    if any(d < 1 or d > 365 for d in days):
        return "Each day must be a whole number from 1 to 365"
    if days != sorted(days) or len(set(days)) != len(days):
        return "Each step must come later than the one before it"
    return ""


def reminder_due(
    *, opened_on: dt.date, deadline: dt.date, today: dt.date, days_before: Iterable[int]
) -> int | None:
    """The reminder point (days before the deadline) to send today, or ``None``.

    A point is reached on ``deadline - days``; points reached on or before the day the round
    opened are not sent (opening it is the first notice). When a day was missed, the latest point
    reached is sent, once: a person already reminded at that point or a later one (fewer days
    before) is not reminded again (see ``already_reminded``). No reminders after the deadline.
    """
    if today > deadline:
        return None
    reached = [
        days
        for days in set(days_before)
        if days > 0 and opened_on < deadline - dt.timedelta(days=days) <= today
    ]
    return min(reached) if reached else None


def already_reminded(point: int, sent: Iterable[int]) -> bool:
    """A person reminded at ``point`` days before, or nearer the deadline, is not reminded again."""
    return any(s <= point for s in sent)


def escalation_due(
    *, deadline: dt.date, today: dt.date, days_after: tuple[int, ...] = DEFAULT_ESCALATION_DAYS
) -> int:
    """The furthest escalation step reached today (1 to 3), or 0 before the first."""
    step = 0
    for number, days in enumerate(days_after[: len(STEPS)], start=1):
        if today >= deadline + dt.timedelta(days=days):
            step = number
    return step


@dataclass(frozen=True)
class MemberFacts:
    """Who could hear about one person's outstanding return."""

    person_id: int
    line_manager_id: int | None
    head_of_service_ids: frozenset[int] = frozenset()
    monitoring_officer_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Recipients:
    target: Target | None
    person_ids: frozenset[int]


def escalation_recipients(step: int, member: MemberFacts) -> Recipients:
    """Who is told at escalation ``step`` (1-based) that ``member`` has not made their return.

    From the step's own target onwards, the first that has someone other than the member: a
    person with no line manager goes to the Head of Service, a Head of Service who is themselves
    outstanding goes to the Monitoring Officer, and so on. Nobody left: nobody is told.
    """
    candidates = {
        Target.LINE_MANAGER: frozenset({member.line_manager_id} - {None}),
        Target.HEAD_OF_SERVICE: member.head_of_service_ids,
        Target.MONITORING_OFFICER: member.monitoring_officer_ids,
    }
    for target in STEPS[max(step, 1) - 1 :]:
        people = frozenset(p for p in candidates[target] if p is not None) - {member.person_id}
        if people:
            return Recipients(target, people)
    return Recipients(None, frozenset())


def renewal_due(*, review_on: dt.date | None, today: dt.date) -> bool:
    """An approval given with a review date comes back for renewal on that date."""
    return review_on is not None and review_on <= today
