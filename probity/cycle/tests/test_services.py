"""Opening a round and making returns, against a real database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Council
from probity.core.models import AuditEvent
from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.models import InterestReview, RoundMembership
from probity.cycle.rules import PersonFacts, Population, in_population
from probity.cycle.selectors import people_in_population
from probity.cycle.services import (
    RoundRefused,
    interest_review,
    return_confirm,
    return_nil,
)
from probity.cycle.tests.helpers import (
    NOW,
    TODAY,
    declare_gift,
    declare_interest,
    open_round,
)
from probity.declarations.choices import DeclarationKind, VersionChange
from probity.declarations.selectors import version_current
from probity.people.choices import PersonKind
from probity.people.models import Grade, Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def membership(round_id: int, person: Person) -> RoundMembership:
    return RoundMembership.objects.get(round_id=round_id, person=person)


def test_opening_a_round_freezes_everyone_subject_to_the_code_with_one_audit_event(
    council: Council,
) -> None:
    make_person("leaver", service=council.housing, leaving_date=TODAY - dt.timedelta(days=1))
    make_person("starter", service=council.housing, start_date=TODAY + dt.timedelta(days=3))
    events = AuditEvent.objects.count()
    round = open_round(council)
    members = set(
        RoundMembership.objects.filter(round=round).values_list("person__user__username", flat=True)
    )
    assert members == {
        "officer",
        "manager",
        "head",
        "contractor",
        "mo",
        "deputy",
        "auditor",
        "stranger",
    }
    assert round.member_count == 8
    officer = membership(round.pk, council.officer)
    assert officer.service_id == council.housing.pk
    assert officer.directorate_id == council.housing.directorate_id
    assert officer.state == MembershipState.OUTSTANDING
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("seq")
    assert event.action == "round.opened"
    assert "8 people" in event.summary
    # Joining later does not add anyone.
    make_person("late", service=council.housing)
    assert RoundMembership.objects.filter(round=round).count() == 8


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (Population(PopulationScope.CONTRACTORS), {"contractor"}),
        (Population(PopulationScope.GRADE_AND_ABOVE, min_grade_rank=6), {"head"}),
        (
            Population(PopulationScope.SERVICES, service_ids=frozenset({-1})),
            set(),
        ),
    ],
)
def test_a_round_for_part_of_the_council(
    council: Council, population: Population, expected: set[str]
) -> None:
    Grade.objects.create(name="Scale C", rank=3)
    senior = Grade.objects.create(name="Chief Officer", rank=9)
    council.head.grade = senior
    council.head.save()
    round = open_round(council, population=population)
    members = set(
        RoundMembership.objects.filter(round=round).values_list("person__user__username", flat=True)
    )
    assert members == expected


def test_the_query_agrees_with_the_rule_for_every_person(council: Council) -> None:
    grade = Grade.objects.create(name="Scale F", rank=6)
    make_person("agency", service=council.planning, kind=PersonKind.AGENCY, grade=grade)
    make_person("gone", service=council.planning, leaving_date=TODAY - dt.timedelta(days=1))
    populations = [
        Population(PopulationScope.EVERYONE),
        Population(PopulationScope.GRADE_AND_ABOVE, min_grade_rank=6),
        Population(PopulationScope.SERVICES, service_ids=frozenset({council.planning.pk})),
        Population(PopulationScope.CONTRACTORS),
    ]
    people = list(Person.objects.select_related("grade"))
    for population in populations:
        by_rule = {
            p.pk
            for p in people
            if in_population(
                PersonFacts(
                    p.pk,
                    p.kind,
                    p.grade.rank if p.grade else None,
                    p.service_id,
                    p.start_date,
                    p.leaving_date,
                ),
                population,
                today=TODAY,
            )
        }
        by_query = set(
            people_in_population(population=population, today=TODAY).values_list("pk", flat=True)
        )
        assert by_rule == by_query, population


def test_only_the_monitoring_officer_opens_a_round(council: Council) -> None:
    from probity.cycle.services import round_open

    with pytest.raises(PermissionDenied):
        round_open(
            actor=council.manager,
            title="Mine",
            deadline=TODAY + dt.timedelta(days=30),
            population=Population(PopulationScope.EVERYONE),
            now=NOW,
        )
    with pytest.raises(RoundRefused, match="after today"):
        open_round(council, deadline=TODAY)


def test_an_interest_must_be_reviewed_before_confirming(council: Council) -> None:
    interest = declare_interest(council.officer)
    round = open_round(council)
    mine = membership(round.pk, council.officer)
    with pytest.raises(RoundRefused, match="still current or has ended"):
        return_confirm(actor=council.officer, membership=mine, now=NOW)
    interest_review(
        actor=council.officer,
        viewer=viewer_for_person(person=council.officer, today=TODAY),
        membership=mine,
        declaration=interest,
        outcome=ReviewOutcome.CURRENT,
        now=NOW,
    )
    return_confirm(actor=council.officer, membership=mine, now=NOW)
    mine.refresh_from_db()
    assert mine.state == MembershipState.CONFIRMED
    assert mine.completed_at == NOW
    with pytest.raises(RoundRefused, match="already"):
        return_confirm(actor=council.officer, membership=mine, now=NOW)


def test_an_interest_said_to_have_ended_is_ended_as_a_new_version(council: Council) -> None:
    interest = declare_interest(council.officer)
    round = open_round(council)
    mine = membership(round.pk, council.officer)
    interest_review(
        actor=council.officer,
        viewer=viewer_for_person(person=council.officer, today=TODAY),
        membership=mine,
        declaration=interest,
        outcome=ReviewOutcome.ENDED,
        ends_on=TODAY - dt.timedelta(days=2),
        now=NOW,
    )
    interest.refresh_from_db()
    version = version_current(declaration=interest)
    assert version.change == VersionChange.ENDED
    assert getattr(version, "ends_on", None) == TODAY - dt.timedelta(days=2)
    assert InterestReview.objects.get(membership=mine).outcome == ReviewOutcome.ENDED
    return_confirm(actor=council.officer, membership=mine, now=NOW)


def test_someone_else_cannot_make_your_return(council: Council) -> None:
    round = open_round(council)
    with pytest.raises(PermissionDenied):
        return_confirm(
            actor=council.manager, membership=membership(round.pk, council.officer), now=NOW
        )


def test_a_nil_return_is_recorded_as_a_nil_return_declaration_once(council: Council) -> None:
    declare_gift(council.officer)
    round = open_round(council)
    mine = membership(round.pk, council.officer)
    token = uuid.uuid4()
    return_nil(actor=council.officer, membership=mine, submission_token=token, now=NOW)
    mine.refresh_from_db()
    assert mine.state == MembershipState.NIL_RETURN
    assert mine.nil_return is not None
    assert mine.nil_return.kind == DeclarationKind.NIL_RETURN
    assert mine.nil_return.reference.startswith("NR-")
    with pytest.raises(RoundRefused):
        return_nil(actor=council.officer, membership=mine, submission_token=uuid.uuid4(), now=NOW)
