"""Pure rules of the annual round: who is in it and what counts as done.

No ORM, no settings, no clock: facts come in as frozen dataclasses, ``today`` is passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.schedule import Target

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


# Induction ---------------------------------------------------------------------------------------

DEFAULT_INDUCTION_DAYS = 28
#: Days after the line manager is told of an overdue induction that the Monitoring Officer is
#: (the council's setting ``CycleSettings.induction_officer_days`` starts at this).
DEFAULT_INDUCTION_OFFICER_DAYS = 14


@dataclass(frozen=True)
class StarterFacts:
    kind: str
    start_date: dt.date | None
    leaving_date: dt.date | None


def induction_deadline(start_date: dt.date, induction_days: int) -> dt.date:
    return start_date + dt.timedelta(days=induction_days)


def is_new_starter(person: StarterFacts, *, today: dt.date, induction_days: int) -> bool:
    """Whether a person added (or whose start date changed) today gets an induction checklist.

    Only people the code applies to (employees, contractors and agency workers), with a start
    date whose induction deadline is today or later (so a start date in the future counts), who
    have not left. Without a start date nobody can say they are new: no checklist. So the first
    HR file of a whole workforce gives checklists only to those who started in the last few weeks.
    """
    if person.kind not in SUBJECT_KINDS or person.start_date is None:
        return False
    if person.leaving_date is not None and person.leaving_date < today:
        return False
    return induction_deadline(person.start_date, induction_days) >= today


@dataclass(frozen=True)
class InductionItems:
    """What a new starter has done: each item is true once the fact is recorded."""

    code_read: bool
    declared: bool
    trained: bool

    @property
    def done(self) -> int:
        return int(self.code_read) + int(self.declared) + int(self.trained)

    @property
    def complete(self) -> bool:
        return self.code_read and self.declared and self.trained


@dataclass(frozen=True)
class OverdueFacts:
    deadline: dt.date
    complete: bool
    left: bool
    has_line_manager: bool
    manager_told: bool
    officer_told: bool


def induction_told(
    facts: OverdueFacts, *, today: dt.date, officer_after_days: int
) -> tuple[Target, ...]:
    """Who is told today that a new starter's induction is overdue.

    From the first day after the deadline, the line manager (the Monitoring Officer for someone
    with no line manager); ``officer_after_days`` later, the Monitoring Officer. Each once: a day
    missed is caught up the next day. Nobody is told of a completed induction or a leaver.
    The day is counted from the deadline, not from when the line manager was told, so a
    changed setting applies alike to every induction already overdue.
    """
    if facts.complete or facts.left or today <= facts.deadline:
        return ()
    told: list[Target] = []
    if not facts.manager_told and not facts.officer_told:
        told.append(Target.LINE_MANAGER if facts.has_line_manager else Target.MONITORING_OFFICER)
    officer_day = facts.deadline + dt.timedelta(days=1 + officer_after_days)
    if today >= officer_day and not facts.officer_told and Target.MONITORING_OFFICER not in told:
        told.append(Target.MONITORING_OFFICER)
    return tuple(told)


# Training ----------------------------------------------------------------------------------------


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for 29 February in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def refresher_due(last_attended: dt.date | None, *, today: dt.date, years: int) -> bool:
    """Due a refresher: never trained, or last trained more than ``years`` years ago."""
    return last_attended is None or last_attended < years_before(today, years)


#: Columns of an attendance file: either identifies the person (both: they must agree).
ATTENDANCE_COLUMNS: tuple[str, ...] = ("employee_number", "email")


def attendance_header_problems(header: Iterable[str]) -> list[str]:
    if not set(header) & set(ATTENDANCE_COLUMNS):
        return ["The file must have an employee_number column or an email column"]
    return []


@dataclass(frozen=True)
class Attendee:
    row: int
    person_id: int
    shown: str


@dataclass(frozen=True)
class RowError:
    row: int
    message: str


@dataclass(frozen=True)
class AttendancePlan:
    adds: tuple[Attendee, ...]
    already: tuple[Attendee, ...]
    errors: tuple[RowError, ...]

    def digest(self) -> str:
        record = {
            "adds": [a.person_id for a in self.adds],
            "errors": [[e.row, e.message] for e in self.errors],
        }
        return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def plan_attendance(
    rows: Iterable[tuple[int, Mapping[str, str]]],
    *,
    by_number: Mapping[str, int],
    by_email: Mapping[str, frozenset[int]],
    attended: frozenset[int],
) -> AttendancePlan:
    """Who a file of attendees adds to a session: rows naming someone already recorded (or named
    earlier in the file) add nothing, so the same file twice adds nothing the second time. Any
    row error stops the whole file."""
    adds: list[Attendee] = []
    already: list[Attendee] = []
    errors: list[RowError] = []
    seen: set[int] = set(attended)
    for number, cells in rows:
        employee_number = (cells.get("employee_number") or "").strip()
        email = (cells.get("email") or "").strip().lower()
        person_id: int | None = None
        if not employee_number and not email:
            errors.append(RowError(number, "Enter an employee number or an email address"))
            continue
        if employee_number:
            person_id = by_number.get(employee_number)
            if person_id is None:
                errors.append(RowError(number, f"No one has the employee number {employee_number}"))
                continue
            if email and person_id not in by_email.get(email, frozenset()):
                errors.append(
                    RowError(
                        number,
                        f"The employee number {employee_number} and the email address {email} "
                        "are not the same person's",
                    )
                )
                continue
        else:
            found = by_email.get(email, frozenset())
            if not found:
                errors.append(RowError(number, f"No one has the email address {email}"))
                continue
            if len(found) > 1:
                errors.append(
                    RowError(
                        number,
                        f"More than one person has the email address {email}: give the "
                        "employee number",
                    )
                )
                continue
            (person_id,) = found
        attendee = Attendee(number, person_id, employee_number or email)
        if person_id in seen:
            already.append(attendee)
        else:
            seen.add(person_id)
            adds.append(attendee)
    return AttendancePlan(tuple(adds), tuple(already), tuple(errors))
