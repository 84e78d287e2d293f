"""Tables of the annual round's pure rules: population, completeness, reminders, escalation."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.rules import (
    MAX_COMPLETION_DAYS,
    LiveItem,
    PersonFacts,
    Population,
    completion_span,
    in_population,
    is_complete,
    may_close,
    percent_done,
    population_problem,
    readiness,
)
from probity.cycle.schedule import (
    MemberFacts,
    Target,
    already_reminded,
    escalation_days_problem,
    escalation_due,
    escalation_recipients,
    reminder_days_problem,
    reminder_due,
    renewal_due,
)
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

TODAY = dt.date(2027, 3, 1)
EVERYONE = Population(PopulationScope.EVERYONE)
GRADE_F = Population(PopulationScope.GRADE_AND_ABOVE, min_grade_rank=6)
HOUSING = Population(PopulationScope.SERVICES, service_ids=frozenset({10}))
CONTRACTORS = Population(PopulationScope.CONTRACTORS)


def person(
    kind: str = "employee",
    grade: int | None = 5,
    service: int | None = 10,
    start: dt.date | None = dt.date(2020, 1, 1),
    leaving: dt.date | None = None,
) -> PersonFacts:
    return PersonFacts(1, kind, grade, service, start, leaving)


@pytest.mark.parametrize(
    ("facts", "population", "expected"),
    [
        (person(), EVERYONE, True),
        (person(kind="contractor"), EVERYONE, True),
        (person(kind="agency"), EVERYONE, True),
        (person(kind="councillor"), EVERYONE, False),
        (person(kind="external_auditor"), EVERYONE, False),
        (person(start=TODAY + dt.timedelta(days=1)), EVERYONE, False),
        (person(start=TODAY), EVERYONE, True),
        (person(start=None), EVERYONE, True),
        (person(leaving=TODAY - dt.timedelta(days=1)), EVERYONE, False),
        (person(leaving=TODAY), EVERYONE, True),
        (person(leaving=TODAY + dt.timedelta(days=30)), EVERYONE, True),
        (person(grade=5), GRADE_F, False),
        (person(grade=6), GRADE_F, True),
        (person(grade=9), GRADE_F, True),
        (person(grade=None), GRADE_F, False),
        (person(kind="contractor", grade=7), GRADE_F, True),
        (person(kind="councillor", grade=9), GRADE_F, False),
        (person(service=10), HOUSING, True),
        (person(service=11), HOUSING, False),
        (person(service=None), HOUSING, False),
        (person(kind="contractor"), CONTRACTORS, True),
        (person(kind="agency"), CONTRACTORS, True),
        (person(kind="employee"), CONTRACTORS, False),
        (person(kind="contractor", leaving=TODAY - dt.timedelta(days=1)), CONTRACTORS, False),
    ],
)
def test_who_is_in_the_population(
    facts: PersonFacts, population: Population, expected: bool
) -> None:
    assert in_population(facts, population, today=TODAY) is expected


@pytest.mark.parametrize(
    ("population", "problem"),
    [
        (EVERYONE, ""),
        (Population(PopulationScope.GRADE_AND_ABOVE), "Select the lowest grade the round is for"),
        (Population(PopulationScope.SERVICES), "Select at least one service"),
        (GRADE_F, ""),
        (HOUSING, ""),
    ],
)
def test_population_needs_its_grade_or_services(population: Population, problem: str) -> None:
    assert population_problem(population) == problem


INTEREST = LiveItem(1, endable=True)
GIFT = LiveItem(2, endable=False)


@pytest.mark.parametrize(
    ("items", "state", "confirm", "nil", "unreviewed", "contradicting"),
    [
        ((), MembershipState.OUTSTANDING, True, True, (), ()),
        ((INTEREST,), MembershipState.OUTSTANDING, False, True, (1,), (1,)),
        (
            (LiveItem(1, True, ReviewOutcome.CURRENT),),
            MembershipState.OUTSTANDING,
            True,
            True,
            (),
            (1,),
        ),
        (
            (LiveItem(1, True, ReviewOutcome.ENDED),),
            MembershipState.OUTSTANDING,
            True,
            True,
            (),
            (),
        ),
        ((GIFT,), MembershipState.OUTSTANDING, True, True, (), (2,)),
        (
            (GIFT, LiveItem(1, True, ReviewOutcome.CURRENT), LiveItem(3, True)),
            MembershipState.OUTSTANDING,
            False,
            True,
            (3,),
            (2, 1, 3),
        ),
        ((), MembershipState.CONFIRMED, False, False, (), ()),
        ((INTEREST,), MembershipState.NIL_RETURN, False, False, (), ()),
    ],
)
def test_what_counts_as_complete(
    items: tuple[LiveItem, ...],
    state: MembershipState,
    confirm: bool,
    nil: bool,
    unreviewed: tuple[int, ...],
    contradicting: tuple[int, ...],
) -> None:
    ready = readiness(items, state=state)
    assert (ready.can_confirm, ready.can_nil_return) == (confirm, nil)
    assert ready.unreviewed == unreviewed
    assert ready.contradicting == contradicting
    assert is_complete(state) is (state != MembershipState.OUTSTANDING)


DEADLINE = dt.date(2027, 4, 30)
DAYS = (30, 14, 7, 3, 1)


def before(days: int) -> dt.date:
    return DEADLINE - dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("opened", "today", "days", "expected"),
    [
        (before(60), before(31), DAYS, None),  # no point reached yet
        (before(60), before(30), DAYS, 30),
        (before(60), before(29), DAYS, 30),  # a missed day: the latest point reached
        (before(60), before(14), DAYS, 14),
        (before(60), before(8), DAYS, 14),
        (before(60), before(1), DAYS, 1),
        (before(60), DEADLINE, DAYS, 1),
        (before(60), DEADLINE + dt.timedelta(days=1), DAYS, None),  # after the deadline: escalate
        (before(10), before(10), DAYS, None),  # opening day: the 14-day point came before it
        (before(10), before(9), DAYS, None),
        (before(10), before(7), DAYS, 7),
        (before(14), before(14), DAYS, None),  # a point on the opening day is not sent
        (before(60), before(10), (10, 30), 10),  # setting changed while open: the new point
        (before(60), before(5), (), None),
        (before(60), before(5), (7, 7, 3), 7),  # repeated days count once
    ],
)
def test_reminder_due(
    opened: dt.date, today: dt.date, days: tuple[int, ...], expected: int | None
) -> None:
    assert (
        reminder_due(opened_on=opened, deadline=DEADLINE, today=today, days_before=days) == expected
    )


@pytest.mark.parametrize(
    ("point", "sent", "expected"),
    [
        (30, (), False),
        (30, (30,), True),
        (14, (30,), False),
        (14, (7,), True),  # reminded nearer the deadline already (setting changed while open)
        (10, (14, 30), False),
    ],
)
def test_already_reminded(point: int, sent: tuple[int, ...], expected: bool) -> None:
    assert already_reminded(point, sent) is expected


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        (DEADLINE, (1, 7, 14), 0),
        (DEADLINE + dt.timedelta(days=1), (1, 7, 14), 1),
        (DEADLINE + dt.timedelta(days=6), (1, 7, 14), 1),
        (DEADLINE + dt.timedelta(days=7), (1, 7, 14), 2),
        (DEADLINE + dt.timedelta(days=14), (1, 7, 14), 3),
        (DEADLINE + dt.timedelta(days=100), (1, 7, 14), 3),
        (DEADLINE + dt.timedelta(days=3), (2, 3, 4), 2),
    ],
)
def test_escalation_due(today: dt.date, days: tuple[int, ...], expected: int) -> None:
    assert escalation_due(deadline=DEADLINE, today=today, days_after=days) == expected


MEMBER = MemberFacts(
    person_id=1,
    line_manager_id=2,
    head_of_service_ids=frozenset({3}),
    monitoring_officer_ids=frozenset({4, 5}),
)


@pytest.mark.parametrize(
    ("step", "member", "target", "people"),
    [
        (1, MEMBER, Target.LINE_MANAGER, {2}),
        (2, MEMBER, Target.HEAD_OF_SERVICE, {3}),
        (3, MEMBER, Target.MONITORING_OFFICER, {4, 5}),  # the MO and a deputy
        # No line manager: straight to the Head of Service.
        (1, MemberFacts(1, None, frozenset({3}), frozenset({4})), Target.HEAD_OF_SERVICE, {3}),
        # The office has no holder: skip to the next.
        (2, MemberFacts(1, 2, frozenset(), frozenset({4})), Target.MONITORING_OFFICER, {4}),
        # The Head of Service is the one outstanding: not told about themselves.
        (2, MemberFacts(3, 2, frozenset({3}), frozenset({4})), Target.MONITORING_OFFICER, {4}),
        # The Monitoring Officer is outstanding: their deputy is told.
        (3, MemberFacts(4, None, frozenset(), frozenset({4, 5})), Target.MONITORING_OFFICER, {5}),
        # Nobody left to tell.
        (3, MemberFacts(4, None, frozenset(), frozenset({4})), None, set()),
        (1, MemberFacts(1, None, frozenset(), frozenset()), None, set()),
    ],
)
def test_escalation_recipients(
    step: int, member: MemberFacts, target: Target | None, people: set[int]
) -> None:
    recipients = escalation_recipients(step, member)
    assert recipients.target == target
    assert recipients.person_ids == frozenset(people)


@pytest.mark.parametrize(
    ("days", "problem"),
    [
        ([30, 14, 7, 3, 1], ""),
        ([], "Enter at least one day"),
        ([0], "Each day must be a whole number from 1 to 365"),
        ([7, 7], "Enter each day once"),
    ],
)
def test_reminder_days_problem(days: list[int], problem: str) -> None:
    assert reminder_days_problem(days) == problem


@pytest.mark.parametrize(
    ("days", "ok"), [([1, 7, 14], True), ([1, 7], False), ([7, 1, 14], False), ([1, 1, 2], False)]
)
def test_escalation_days_problem(days: list[int], ok: bool) -> None:
    assert (escalation_days_problem(days) == "") is ok


@pytest.mark.parametrize(
    ("review_on", "expected"),
    [
        (None, False),
        (TODAY, True),
        (TODAY - dt.timedelta(days=1), True),
        (TODAY + dt.timedelta(days=1), False),
    ],
)
def test_renewal_due(review_on: dt.date | None, expected: bool) -> None:
    assert renewal_due(review_on=review_on, today=TODAY) is expected


# Closing a round ---------------------------------------------------------------------------------

DEADLINE_DAY = dt.date(2027, 4, 30)


@pytest.mark.parametrize(
    ("mo", "closed", "today", "reason", "allowed", "needs_reason", "why"),
    [
        # On or after the deadline: no reason needed.
        (True, False, DEADLINE_DAY, "", True, False, ""),
        (True, False, DEADLINE_DAY + dt.timedelta(days=1), "", True, False, ""),
        (True, False, DEADLINE_DAY + dt.timedelta(days=200), "", True, False, ""),
        # The day before the deadline: only with a reason.
        (True, False, DEADLINE_DAY - dt.timedelta(days=1), "", False, True, "Enter why"),
        (True, False, DEADLINE_DAY - dt.timedelta(days=1), "   ", False, True, "Enter why"),
        (True, False, DEADLINE_DAY - dt.timedelta(days=1), "Replaced", True, True, ""),
        # Already closed: never again, reason or not.
        (True, True, DEADLINE_DAY + dt.timedelta(days=3), "", False, False, "already been closed"),
        (True, True, DEADLINE_DAY - dt.timedelta(days=3), "Again", False, True, "already"),
        # Not the Monitoring Officer (a deputy is one: the caller says so).
        (False, False, DEADLINE_DAY + dt.timedelta(days=3), "", False, False, "Only the"),
        (False, False, DEADLINE_DAY - dt.timedelta(days=3), "Why", False, True, "Only the"),
        (False, True, DEADLINE_DAY + dt.timedelta(days=3), "", False, False, "Only the"),
    ],
)
def test_who_may_close_a_round_and_when(
    mo: bool,
    closed: bool,
    today: dt.date,
    reason: str,
    allowed: bool,
    needs_reason: bool,
    why: str,
) -> None:
    verdict = may_close(
        is_monitoring_officer=mo, closed=closed, deadline=DEADLINE_DAY, today=today, reason=reason
    )
    assert verdict.allowed is allowed
    assert verdict.needs_reason is needs_reason
    assert why in verdict.reason
    assert bool(verdict.reason) is not allowed


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        (Viewer(person_id=1, office_kinds=frozenset({OfficeKind.MONITORING_OFFICER})), True),
        (Viewer(person_id=1, deputy_office_kinds=frozenset({OfficeKind.MONITORING_OFFICER})), True),
        (Viewer(person_id=1, office_kinds=frozenset({OfficeKind.CHIEF_EXECUTIVE})), False),
        (Viewer(person_id=1, deputy_office_kinds=frozenset({OfficeKind.HEAD_OF_SERVICE})), False),
        (Viewer(person_id=1, report_ids=frozenset({2, 3})), False),
    ],
)
def test_the_monitoring_officer_and_a_deputy_may_close_no_one_else(
    viewer: Viewer, allowed: bool
) -> None:
    verdict = may_close(
        is_monitoring_officer=viewer.is_monitoring_officer,
        closed=False,
        deadline=DEADLINE_DAY,
        today=DEADLINE_DAY,
    )
    assert verdict.allowed is allowed


@pytest.mark.parametrize(
    ("state", "closed", "can_nil", "reason"),
    [
        (MembershipState.OUTSTANDING, False, True, ""),
        (MembershipState.OUTSTANDING, True, False, "has closed"),
        (MembershipState.NOT_MADE, True, False, "has closed"),
        (MembershipState.NOT_MADE, False, False, "has closed"),
        (MembershipState.CONFIRMED, True, False, "already been made"),
        (MembershipState.NIL_RETURN, False, False, "already been made"),
    ],
)
def test_no_return_is_made_once_the_round_has_closed(
    state: MembershipState, closed: bool, can_nil: bool, reason: str
) -> None:
    ready = readiness([], state=state, round_closed=closed)
    assert ready.can_nil_return is can_nil
    assert ready.can_confirm is can_nil
    assert reason in ready.reason
    assert not is_complete(MembershipState.NOT_MADE)


@pytest.mark.parametrize(
    ("done", "asked", "expected"),
    [(0, 0, None), (0, 5, 0), (1, 3, 33), (2, 3, 66), (199, 200, 99), (200, 200, 100), (5, 5, 100)],
)
def test_percent_done_rounds_down_so_100_means_everyone(
    done: int, asked: int, expected: int | None
) -> None:
    assert percent_done(done, asked) == expected


OPENED = dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("today", "closed_on", "expected"),
    [
        # Open, before the deadline: counted to today, the axis runs on to the deadline.
        (OPENED, None, (OPENED, DEADLINE_DAY)),
        (dt.date(2027, 3, 20), None, (dt.date(2027, 3, 20), DEADLINE_DAY)),
        # Open on the deadline and after it: both to today.
        (DEADLINE_DAY, None, (DEADLINE_DAY, DEADLINE_DAY)),
        (dt.date(2027, 5, 10), None, (dt.date(2027, 5, 10), dt.date(2027, 5, 10))),
        # Closed: counted to the day it closed, whenever it is read.
        (dt.date(2027, 6, 1), dt.date(2027, 5, 3), (dt.date(2027, 5, 3), dt.date(2027, 5, 3))),
        (dt.date(2027, 6, 1), dt.date(2027, 4, 2), (dt.date(2027, 4, 2), DEADLINE_DAY)),
        # Years later: at most MAX_COMPLETION_DAYS days.
        (
            dt.date(2030, 1, 1),
            None,
            (OPENED + dt.timedelta(days=MAX_COMPLETION_DAYS - 1),) * 2,
        ),
    ],
)
def test_completion_runs_from_the_opening_to_today_or_the_close(
    today: dt.date, closed_on: dt.date | None, expected: tuple[dt.date, dt.date]
) -> None:
    assert (
        completion_span(opened_on=OPENED, deadline=DEADLINE_DAY, today=today, closed_on=closed_on)
        == expected
    )
