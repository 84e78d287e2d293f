"""The demo council loads once, completely, with something in every state to show."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone

from probity.conduct.selectors import policy_current
from probity.core.clock import LONDON
from probity.core.models import AuditEvent
from probity.declarations.choices import DecisionAction, DeclarationKind, DeclarationStatus
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Decision,
    Declaration,
    DeclarationVersion,
    InterestVersion,
)
from probity.declarations.rules import Visibility, visibility
from probity.declarations.selectors import declarations_to_review, entry_facts, version_current
from probity.demo.loader import load_demo
from probity.demo.personas import DEMO_PASSWORD, PERSONAS
from probity.people.choices import OfficeKind, PersonKind
from probity.people.models import Person
from probity.people.selectors import office_holders, viewer_for_person


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _person(username: str) -> Person:
    return Person.objects.select_related("user").get(user__username=username)


def _today() -> dt.date:
    return timezone.now().astimezone(LONDON).date()


def _waiting(person: Person) -> list[tuple[str, str]]:
    """(kind, status) of everything waiting for this person to act on."""
    viewer = viewer_for_person(person=person, today=_today())
    return [
        (w.declaration.kind, w.declaration.status) for w in declarations_to_review(viewer=viewer)
    ]


K = DeclarationKind
S = DeclarationStatus


@pytest.mark.django_db
def test_command_loads_the_demo_and_prints_a_summary() -> None:
    output = _load()

    assert output.startswith("Loaded Example Borough Council: ")
    assert 55 <= Person.objects.count() <= 65
    assert Declaration.objects.filter(kind=DeclarationKind.GIFT_HOSPITALITY).count() >= 35
    assert Declaration.objects.filter(kind=DeclarationKind.PERSONAL_INTEREST).count() >= 18
    assert " other declarations, " in output


@pytest.mark.django_db
def test_running_twice_changes_nothing() -> None:
    _load()
    people = Person.objects.count()
    declarations = Declaration.objects.count()

    output = _load()

    assert "Demo council already loaded" in output
    assert Person.objects.count() == people
    assert Declaration.objects.count() == declarations
    assert load_demo() is None


@pytest.mark.django_db
def test_a_failed_load_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("probity.demo.loader.policy_update_gift_guidance", fail)

    with pytest.raises(RuntimeError):
        load_demo()

    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_every_persona_can_sign_in_with_the_demo_password() -> None:
    _load()

    for persona in PERSONAS:
        user = authenticate(HttpRequest(), username=persona.username, password=DEMO_PASSWORD)
        assert user is not None, persona.username
        assert user.person.full_name == persona.full_name


@pytest.mark.django_db
def test_other_people_cannot_sign_in() -> None:
    _load()

    others = Person.objects.exclude(user__username__in=[p.username for p in PERSONAS])
    assert others.exists()
    assert not any(person.user.has_usable_password() for person in others if person.user)


@pytest.mark.django_db
def test_every_office_has_a_current_holder() -> None:
    _load()
    today = _today()

    for kind in OfficeKind:
        assert office_holders(kind=kind, today=today).exists(), kind
    assert (
        office_holders(kind=OfficeKind.MONITORING_OFFICER, today=today - dt.timedelta(days=800))
        .get()
        .full_name
        == "Alan Whitcombe"
    )


@pytest.mark.django_db
def test_there_are_declarations_in_every_status() -> None:
    _load()

    for status in DeclarationStatus:
        assert Declaration.objects.filter(status=status).exists(), status


@pytest.mark.django_db
def test_there_are_declarations_of_every_kind() -> None:
    _load()

    for kind in DeclarationKind:
        assert Declaration.objects.filter(kind=kind).exists(), kind
    assert Declaration.objects.filter(kind=K.NIL_RETURN).count() >= 8


@pytest.mark.django_db
def test_the_policy_sets_the_consent_grade_and_referral_office_with_an_audit_event() -> None:
    _load()

    policy = policy_current()

    assert policy.consent_grade is not None
    assert policy.consent_grade.name == "Scale G"
    assert policy.referral_office == OfficeKind.CHIEF_EXECUTIVE
    assert AuditEvent.objects.filter(action="policy.routes_updated", source="demo").exists()


@pytest.mark.django_db
def test_facts_follow_each_kinds_form() -> None:
    _load()

    for version in DeclarationVersion.objects.select_related("declaration"):
        form_class = BY_KIND[version.declaration.kind].form_class
        assert form_class is not None
        if version.declaration.kind == K.CLOSED_ORGANISATION:
            assert version.facts == {}
            assert version.sealed
        else:
            assert set(version.facts) == set(form_class.base_fields), version.declaration
            assert version.title


@pytest.mark.django_db
def test_nil_returns_are_recorded_at_once() -> None:
    _load()

    returns = Declaration.objects.filter(kind=K.NIL_RETURN)

    assert set(returns.values_list("status", flat=True)) == {S.RECORDED}
    assert not Decision.objects.filter(declaration__in=returns).exists()


@pytest.mark.django_db
def test_outside_employment_shows_consents_with_conditions_a_refusal_and_a_new_request() -> None:
    _load()
    scale_g = policy_current().consent_grade
    assert scale_g is not None
    entries = Declaration.objects.filter(kind=K.OUTSIDE_EMPLOYMENT)

    approved_in_housing = entries.filter(
        status=S.APPROVED_WITH_CONDITIONS,
        declarant__service__name="Housing Options",
        declarant__grade__rank__gte=scale_g.rank,
    )
    conditional = [
        d
        for d in approved_in_housing
        if Decision.objects.filter(
            declaration=d,
            action=DecisionAction.APPROVED_WITH_CONDITIONS,
            review_on__isnull=False,
        )
        .exclude(conditions="")
        .count()
        == 2
    ]
    assert conditional
    steps = Decision.objects.filter(declaration=conditional[0]).values_list("step", flat=True)
    assert set(steps) == {"head_of_service", "hr_od"}

    refused = entries.get(status=S.REFUSED)
    refusal = Decision.objects.get(declaration=refused, action=DecisionAction.REFUSED)
    assert refusal.actor.user is not None
    assert refusal.actor.user.username == "hr"
    assert refusal.comment
    later = entries.filter(
        declarant=refused.declarant, status=S.APPROVED, submitted_at__gt=refused.submitted_at
    ).get()
    assert Decision.objects.filter(declaration=later, action__startswith="approved").count() == 2

    assert entries.filter(status=S.IN_PROGRESS).exists()
    noted = entries.get(declarant__user__username="officer")
    assert noted.status == S.NOTED


@pytest.mark.django_db
def test_the_manager_sees_only_that_the_officers_closed_organisation_exists() -> None:
    _load()
    declaration = Declaration.objects.get(
        kind=K.CLOSED_ORGANISATION, declarant__user__username="officer"
    )
    entry = entry_facts(declaration=declaration, version=version_current(declaration=declaration))

    manager = viewer_for_person(person=_person("manager"), today=_today())
    mo = viewer_for_person(person=_person("mo"), today=_today())

    assert visibility(manager, entry) == Visibility.EXISTENCE
    assert visibility(mo, entry) == Visibility.FULL


@pytest.mark.django_db
def test_a_new_kind_is_corrected_and_another_ended() -> None:
    _load()

    changes = set(
        DeclarationVersion.objects.exclude(change="original").values_list(
            "declaration__kind", "change"
        )
    )

    assert (K.PLANNING_APPLICATION, "correction") in changes
    assert (K.SPONSORSHIP, "ended") in changes


@pytest.mark.django_db
def test_only_people_subject_to_the_code_declare() -> None:
    _load()

    kinds = set(Declaration.objects.values_list("declarant__kind", flat=True))

    assert kinds <= {PersonKind.EMPLOYEE, PersonKind.CONTRACTOR, PersonKind.AGENCY}
    assert PersonKind.CONTRACTOR in kinds


@pytest.mark.django_db
def test_the_officer_has_something_in_at_least_four_states() -> None:
    _load()
    officer = _person("officer")

    statuses = set(Declaration.objects.filter(declarant=officer).values_list("status", flat=True))

    assert len(statuses) >= 4
    assert DeclarationStatus.INFO_REQUESTED in statuses
    assert InterestVersion.objects.filter(
        declaration__declarant=officer, change="correction"
    ).exists()
    assert InterestVersion.objects.filter(declaration__declarant=officer, change="ended").exists()
    assert Declaration.objects.filter(declarant=officer, kind=K.OUTSIDE_EMPLOYMENT).exists()


@pytest.mark.django_db
def test_each_reviewing_persona_has_work_waiting() -> None:
    _load()
    today = _today()

    def waiting(username: str) -> list[str]:
        viewer = viewer_for_person(person=_person(username), today=today)
        return [v.declaration.status for v in declarations_to_review(viewer=viewer)]

    assert waiting("manager").count(DeclarationStatus.SUBMITTED) >= 3
    assert DeclarationStatus.REFERRED in waiting("head-of-service")
    mo = waiting("mo")
    assert DeclarationStatus.REFERRED in mo
    assert DeclarationStatus.NOTED in mo


@pytest.mark.django_db
def test_each_office_on_a_route_has_work_waiting() -> None:
    _load()
    governance_lead = office_holders(kind=OfficeKind.GOVERNANCE_LEAD, today=_today()).get()
    # A demo account, so the section 117 journey can be finished by signing in as them.
    assert governance_lead.user is not None and governance_lead.user.username == "governance"

    assert (K.OUTSIDE_EMPLOYMENT, S.IN_PROGRESS) in _waiting(_person("hr"))
    assert (K.CONTRACT_USE, S.SUBMITTED) in _waiting(_person("head-of-finance"))
    assert (K.PLANNING_APPLICATION, S.SUBMITTED) in _waiting(_person("head-of-planning"))
    assert (K.DISCRETIONARY_SERVICE, S.SUBMITTED) in _waiting(_person("chief-executive"))
    assert (K.S117_INTEREST, S.SUBMITTED) in _waiting(governance_lead)
    mo = _waiting(_person("mo"))
    assert (K.CONTRACTOR_RELATIONSHIP, S.NOTED) in mo
    assert (K.CLOSED_ORGANISATION, S.NOTED) in mo


@pytest.mark.django_db
def test_history_is_in_the_past_and_in_order() -> None:
    _load()
    now = timezone.now()

    for declaration in Declaration.objects.all():
        assert now - dt.timedelta(days=366) < declaration.submitted_at < now
        assert declaration.submitted_at <= declaration.status_changed_at < now
