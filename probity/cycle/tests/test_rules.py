"""Tables of the annual round's pure rules: population, completeness, reminders, escalation."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.rules import (
    LiveItem,
    PersonFacts,
    Population,
    in_population,
    is_complete,
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
