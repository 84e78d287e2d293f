"""The demo council loads once, completely, with something in every state to show."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from probity.core.clock import LONDON
from probity.declarations.choices import DeclarationKind, DeclarationStatus
from probity.declarations.models import Declaration, InterestVersion
from probity.declarations.selectors import declarations_to_review
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


@pytest.mark.django_db
def test_command_loads_the_demo_and_prints_a_summary() -> None:
    output = _load()

    assert output.startswith("Loaded Example Borough Council: ")
    assert 55 <= Person.objects.count() <= 65
    assert Declaration.objects.filter(kind=DeclarationKind.GIFT_HOSPITALITY).count() >= 35
    assert Declaration.objects.filter(kind=DeclarationKind.PERSONAL_INTEREST).count() >= 18


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
        user = authenticate(username=persona.username, password=DEMO_PASSWORD)
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
def test_history_is_in_the_past_and_in_order() -> None:
    _load()
    now = timezone.now()

    for declaration in Declaration.objects.all():
        assert now - dt.timedelta(days=366) < declaration.submitted_at < now
        assert declaration.submitted_at <= declaration.status_changed_at < now
