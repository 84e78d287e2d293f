"""Pure rules of the annual round: who is in it and what counts as done.

No ORM, no settings, no clock: facts come in as frozen dataclasses, ``today`` is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome

#: Kinds of people the code applies to (``PersonKind`` values).
SUBJECT_KINDS = frozenset({"employee", "contractor", "agency"})
#: Kinds that count as "contractors" for a round aimed at them.
CONTRACTOR_KINDS = frozenset({"contractor", "agency"})


@dataclass(frozen=True)
class Population:
    """Who a round is for, as the Monitoring Officer chose it."""

    scope: PopulationScope
    min_grade_rank: int | None = None
    service_ids: frozenset[int] = frozenset()

    def as_record(self) -> dict[str, object]:
        return {
            "scope": str(self.scope),
            "min_grade_rank": self.min_grade_rank,
            "service_ids": sorted(self.service_ids),
        }


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    kind: str
    grade_rank: int | None
    service_id: int | None
    start_date: dt.date | None
    leaving_date: dt.date | None


def population_problem(population: Population) -> str:
    """Why a population cannot be used, or ``""``."""
    if population.scope == PopulationScope.GRADE_AND_ABOVE and population.min_grade_rank is None:
        return "Select the lowest grade the round is for"
    if population.scope == PopulationScope.SERVICES and not population.service_ids:
        return "Select at least one service"
    return ""


def in_population(person: PersonFacts, population: Population, *, today: dt.date) -> bool:
    """Whether a person is asked to make a return in a round opened ``today``.

    Only people the code applies to, who have started by today and have not left before today.
    A person with no grade is not in a round for a grade and above.
    """
    if person.kind not in SUBJECT_KINDS:
        return False
    if person.start_date is not None and person.start_date > today:
        return False
    if person.leaving_date is not None and person.leaving_date < today:
        return False
    scope = population.scope
    if scope == PopulationScope.EVERYONE:
        return True
    if scope == PopulationScope.GRADE_AND_ABOVE:
        return (
            population.min_grade_rank is not None
            and person.grade_rank is not None
            and person.grade_rank >= population.min_grade_rank
        )
    if scope == PopulationScope.SERVICES:
        return person.service_id is not None and person.service_id in population.service_ids
    return person.kind in CONTRACTOR_KINDS  # PopulationScope.CONTRACTORS


# What counts as complete -------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveItem:
    """One of a person's live declarations, and what they said about it in this round."""

    declaration_id: int
    endable: bool
    outcome: ReviewOutcome | None = None


@dataclass(frozen=True)
class Readiness:
    """Whether a return can be made now, and why not."""

    can_confirm: bool
    can_nil_return: bool
    unreviewed: tuple[int, ...]
    contradicting: tuple[int, ...]
    reason: str = ""


def readiness(
    items: Iterable[LiveItem], *, state: MembershipState, round_closed: bool = False
) -> Readiness:
    """What a person may do with their return.

    To confirm their declarations are complete they must first say of every live interest (a
    declaration with an end date) whether it is still current or has ended. A nil return says
    there is nothing to declare: it is allowed, but every declaration still current contradicts
    it, so those are listed as a warning before they confirm it. Once done, nothing more.
    """
    items = tuple(items)
    if state == MembershipState.NOT_MADE or (round_closed and state == MembershipState.OUTSTANDING):
        return Readiness(
            False, False, (), (), "This round has closed: the return can no longer be made."
        )
    if state != MembershipState.OUTSTANDING:
        return Readiness(False, False, (), (), "This return has already been made.")
    unreviewed = tuple(i.declaration_id for i in items if i.endable and i.outcome is None)
    contradicting = tuple(i.declaration_id for i in items if i.outcome != ReviewOutcome.ENDED)
    reason = ""
    if unreviewed:
        reason = "Say whether each interest is still current or has ended"
    return Readiness(
        can_confirm=not unreviewed,
        can_nil_return=True,
        unreviewed=unreviewed,
        contradicting=contradicting,
        reason=reason,
    )


def is_complete(state: MembershipState) -> bool:
    """A return counts as made when the person confirmed or made a nil return."""
    return state in (MembershipState.CONFIRMED, MembershipState.NIL_RETURN)


# Closing a round and how far it has got ----------------------------------------------------------


@dataclass(frozen=True)
class CloseVerdict:
    allowed: bool
    reason: str = ""
    #: Closing now needs a reason to be recorded (the deadline has not passed).
    needs_reason: bool = False


def may_close(
    *,
    is_monitoring_officer: bool,
    closed: bool,
    deadline: dt.date,
    today: dt.date,
    reason: str = "",
) -> CloseVerdict:
    """Whether a round may be closed now. The Monitoring Officer (or a deputy) closes a round on
    or after its deadline; before it only with a reason, which is recorded. Once only."""
    early = today < deadline
    if not is_monitoring_officer:
        return CloseVerdict(False, "Only the Monitoring Officer can close a round.", early)
    if closed:
        return CloseVerdict(False, "This round has already been closed.", early)
    if early and not reason.strip():
        return CloseVerdict(
            False, "Enter why you are closing the round before its deadline", needs_reason=True
        )
    return CloseVerdict(True, needs_reason=early)


def percent_done(done: int, asked: int) -> int | None:
    """Returns made as a whole percentage of those asked, rounded down so that a round is shown
    as 100% done only when everyone has made their return; None when nobody was asked."""
    if asked <= 0:
        return None
    return done * 100 // asked


#: The longest stretch of days the completion chart and table show.
MAX_COMPLETION_DAYS = 400


def completion_span(
    *, opened_on: dt.date, deadline: dt.date, today: dt.date, closed_on: dt.date | None
) -> tuple[dt.date, dt.date]:
    """(The last day counted, the last day of the chart's axis) for a round's returns over time.

    Days are counted from the opening to today, or to the day it closed; the axis runs on to the
    deadline when that is later, so the deadline is always on it."""
    last = min(today, closed_on) if closed_on is not None else today
    last = max(last, opened_on)
    end = max(last, deadline)
    cap = opened_on + dt.timedelta(days=MAX_COMPLETION_DAYS - 1)
    return min(last, cap), min(end, cap)
