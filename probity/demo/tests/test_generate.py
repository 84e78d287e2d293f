"""A generated council holds what the services would have written, in every state, sealed where
it must be, with an audit chain that verifies; the same seed gives the same data.

The council is generated once for the module (inside a transaction rolled back at the end) and
each test reads it inside its own savepoint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
import pytest_django
from django import forms
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction
from django.http import Http404
from django.urls import reverse

from conftest import signed_in
from probity.core import clock, crypto
from probity.core.audit import audit_chain_check
from probity.core.clock import LONDON
from probity.core.models import AuditChainHead, AuditEvent
from probity.declarations import services
from probity.declarations.access import entry_for_viewer
from probity.declarations.choices import DeclarationKind, DeclarationStatus, StepState
from probity.declarations.facts import GIFT_FIELDS, INTEREST_FIELDS, GiftFacts, InterestFacts
from probity.declarations.kinds import BY_KIND, KINDS
from probity.declarations.models import (
    Decision,
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    ReferenceSequence,
    RouteStep,
    SearchEntry,
    StepAssignment,
)
from probity.declarations.route_services import steps_sync
from probity.declarations.rules import STEP_ACTIONS, available_actions, grants_for, open_steps
from probity.declarations.search import version_search_text
from probity.declarations.selectors import (
    current_versions,
    declarations_to_review,
    entry_facts,
    grant_filter,
    route_policy,
    version_current,
    versions_of,
)
from probity.declarations.services import SEALED_TITLE
from probity.demo import data
from probity.demo.generate import GenerateRefused, generate_council
from probity.demo.loader import load_demo
from probity.demo.personas import PERSONAS
from probity.people.models import Directorate, Office, OfficeHolding, Person, Service
from probity.people.selectors import viewer_for_person

K = DeclarationKind
S = DeclarationStatus
NOW = dt.datetime(2027, 6, 14, 15, 30, tzinfo=dt.UTC)
TODAY = NOW.astimezone(LONDON).date()
PEOPLE = 150
DECLARATIONS = 1500
SEED = 7

#: Every state each kind can reach through the services, worked out from its route by hand.
REACHABLE: dict[str, set[str]] = {
    K.GIFT_HOSPITALITY: {S.SUBMITTED, S.INFO_REQUESTED, S.REFERRED, S.NOTED, S.WITHDRAWN},
    K.PERSONAL_INTEREST: {
        S.SUBMITTED,
        S.INFO_REQUESTED,
        S.REFERRED,
        S.NOTED,
        S.RECORDED,
        S.WITHDRAWN,
    },
    K.CLOSED_ORGANISATION: {
        S.SUBMITTED,
        S.INFO_REQUESTED,
        S.REFERRED,
        S.NOTED,
        S.RECORDED,
        S.WITHDRAWN,
    },
    K.CONTRACTOR_RELATIONSHIP: {
        S.SUBMITTED,
        S.INFO_REQUESTED,
        S.REFERRED,
        S.NOTED,
        S.IN_PROGRESS,
        S.RECORDED,
        S.WITHDRAWN,
    },
    K.OUTSIDE_EMPLOYMENT: {
        S.SUBMITTED,
        S.INFO_REQUESTED,
        S.REFERRED,
        S.NOTED,
        S.IN_PROGRESS,
        S.APPROVED,
        S.APPROVED_WITH_CONDITIONS,
        S.REFUSED,
        S.WITHDRAWN,
    },
    K.PLANNING_APPLICATION: {S.SUBMITTED, S.INFO_REQUESTED, S.RECORDED, S.WITHDRAWN},
    K.DISCRETIONARY_SERVICE: {S.SUBMITTED, S.INFO_REQUESTED, S.RECORDED, S.WITHDRAWN},
    K.CONTRACT_USE: {
        S.SUBMITTED,
        S.INFO_REQUESTED,
        S.APPROVED,
        S.APPROVED_WITH_CONDITIONS,
        S.REFUSED,
        S.WITHDRAWN,
    },
    K.SPONSORSHIP: {S.SUBMITTED, S.INFO_REQUESTED, S.REFERRED, S.NOTED, S.WITHDRAWN},
    K.S117_INTEREST: {S.SUBMITTED, S.INFO_REQUESTED, S.RECORDED, S.WITHDRAWN},
    K.STAFF_DECISION: {S.SUBMITTED, S.INFO_REQUESTED, S.RECORDED, S.WITHDRAWN},
    K.NIL_RETURN: {S.RECORDED, S.WITHDRAWN},
}

#: Sealed columns hold a fresh ciphertext each time; the data is what they open to.
SEALED_COLUMNS = {
    DeclarationVersion: ("sealed", "sealed_reason"),
    Decision: ("sealed_text",),
}


def fingerprint() -> dict[str, str]:
    """A hash of every row a generation writes, by table (sealed values by what they hold)."""
    found = {}
    tables: list[type[models.Model]] = [
        Person,
        Directorate,
        Service,
        Office,
        OfficeHolding,
        Declaration,
        GiftHospitalityVersion,
        InterestVersion,
        DeclarationVersion,
        Decision,
        RouteStep,
        StepAssignment,
        AuditEvent,
        ReferenceSequence,
    ]
    for model in tables:
        digest = hashlib.sha256()
        names = [f.attname for f in model._meta.concrete_fields]
        sealed = SEALED_COLUMNS.get(model, ())
        for row in model._default_manager.order_by("pk").values(*names):
            for name in sealed:
                row[name] = crypto.unseal(row[name]) if row[name] else ""
            digest.update(repr(sorted(row.items())).encode())
        found[model._meta.db_table] = digest.hexdigest()
    return found


@dataclass(frozen=True)
class Generated:
    same_seed: tuple[dict[str, str], dict[str, str]]
    other_seed: dict[str, str]


def _in_savepoint(run: Any) -> dict[str, str]:
    """Generate, take the fingerprint, and undo it all."""
    with transaction.atomic():
        run()
        found = fingerprint()
        transaction.set_rollback(True)
    return found


@pytest.fixture(scope="module")
def generated(
    django_db_setup: None, django_db_blocker: pytest_django.DjangoDbBlocker
) -> Iterator[Generated]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo(now=NOW)

            def small(seed: int) -> Any:
                return lambda: generate_council(people=100, declarations=120, seed=seed, now=NOW)

            first = _in_savepoint(small(SEED))
            second = _in_savepoint(small(SEED))
            other = _in_savepoint(small(SEED + 1))
            generate_council(people=PEOPLE, declarations=DECLARATIONS, seed=SEED, now=NOW)
            yield Generated(same_seed=(first, second), other_seed=other)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generated")]


DEMO_USERNAMES = [staff.username for staff in data.STAFF]


def _generated_people() -> models.QuerySet[Person]:
    return Person.objects.exclude(user__username__in=DEMO_USERNAMES)


def _generated_declarations() -> models.QuerySet[Declaration]:
    """Declarations of generated people (the demo's own have their own tests)."""
    return Declaration.objects.filter(declarant__in=_generated_people())


def test_the_council_has_the_size_asked_for() -> None:
    assert Person.objects.count() == PEOPLE
    demo = Declaration.objects.count() - _generated_declarations().count()
    assert _generated_declarations().count() == DECLARATIONS
    assert demo > 50


def test_the_same_seed_gives_the_same_data(generated: Generated) -> None:
    first, second = generated.same_seed
    assert first == second
    assert generated.other_seed["people_person"] != first["people_person"]
    assert generated.other_seed["core_auditevent"] != first["core_auditevent"]


def test_the_audit_chain_verifies() -> None:
    result = audit_chain_check()

    assert result.intact, result.message
    assert result.events == AuditEvent.objects.count()
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_seq == result.events


def test_every_kind_appears_in_every_state_it_can_reach() -> None:
    found: dict[str, set[str]] = {}
    for kind, status in _generated_declarations().values_list("kind", "status").distinct():
        found.setdefault(kind, set()).add(status)

    assert found == REACHABLE


def test_some_entries_were_corrected_ended_or_withdrawn() -> None:
    changes = set()
    for model in (GiftHospitalityVersion, InterestVersion, DeclarationVersion):
        changes |= set(model._default_manager.values_list("change", flat=True).distinct())

    assert changes == {"original", "correction", "ended", "withdrawal"}


def _stored(declaration: Declaration) -> tuple[list[tuple[Any, ...]], set[tuple[Any, ...]]]:
    steps = [
        (r.key, r.state, r.acting_office, r.passed_over, r.stranded, r.waiting_since)
        for r in RouteStep.objects.filter(declaration=declaration).order_by("position")
    ]
    assignments = {
        (a.step.key if a.step else "", a.person_id, a.purpose, a.office, a.deputy, a.since)
        for a in StepAssignment.objects.filter(declaration=declaration).select_related("step")
    }
    return steps, assignments


def _sample() -> list[Declaration]:
    """Declarations still waiting, of every state, and some finished ones of every kind."""
    waiting = list(
        _generated_declarations()
        .exclude(status__in=[S.NOTED, S.RECORDED, S.APPROVED, S.REFUSED, S.WITHDRAWN])
        .exclude(status=S.APPROVED_WITH_CONDITIONS)
        .order_by("status", "kind", "pk")
    )[::2]
    finished = []
    for kind in K.values:
        finished += list(
            _generated_declarations().filter(kind=kind).exclude(pk__in=[d.pk for d in waiting])[:3]
        )
    chosen = waiting + finished
    return list(
        Declaration.objects.filter(pk__in=[d.pk for d in chosen]).select_related(
            "declarant__line_manager", "declarant__service", "declarant__grade"
        )
    )


def test_stored_routes_and_assignments_are_what_the_services_keep() -> None:
    sample = _sample()
    assert len(sample) > 60

    for declaration in sample:
        before = _stored(declaration)
        with transaction.atomic():
            steps_sync(declaration=declaration, now=NOW)
            unchanged = _stored(declaration)
            steps_sync(declaration=declaration, now=NOW, reassign=True)
            reassigned = _stored(declaration)
            transaction.set_rollback(True)

        assert unchanged == before, declaration.reference
        # worked out again from scratch today, the same people are assigned
        assert {a[:5] for a in reassigned[1]} == {a[:5] for a in before[1]}, declaration.reference
        assert [s[:5] for s in reassigned[0]] == [s[:5] for s in before[0]]


def test_whoever_is_assigned_may_act() -> None:
    for declaration in _sample():
        facts = entry_facts(
            declaration=declaration, version=version_current(declaration=declaration)
        )
        if declaration.status in {S.INFO_REQUESTED, S.REFERRED}:
            continue
        for step in open_steps(facts.steps, facts.done):
            for person_id in facts.assignees.get(step.key, frozenset()):
                person = Person.objects.get(pk=person_id)
                viewer = viewer_for_person(person=person, today=TODAY)
                allowed = available_actions(viewer, facts)
                assert any(STEP_ACTIONS[a] == step.does for a in allowed if a in STEP_ACTIONS), (
                    declaration.reference,
                    step.key,
                    person.full_name,
                )


def _facts_of(declaration: Declaration) -> GiftFacts | InterestFacts | dict[str, Any]:
    version = version_current(declaration=declaration)
    if isinstance(version, GiftHospitalityVersion):
        return GiftFacts(**{name: getattr(version, name) for name in GIFT_FIELDS})
    if isinstance(version, InterestVersion):
        return InterestFacts(**{name: getattr(version, name) for name in INTEREST_FIELDS})
    assert isinstance(version, DeclarationVersion)
    return crypto.unseal(version.sealed) if version.sealed else dict(version.facts)


def _comparable(declaration: Declaration) -> dict[str, Any]:
    version = version_current(declaration=declaration)
    columns = {
        f.attname: getattr(version, f.attname)
        for f in version._meta.concrete_fields
        if f.attname
        not in {"id", "declaration_id", "created_at", "search_text", "sealed", "supersedes_id"}
    }
    steps = [
        (
            *(r.key, r.label, r.does, r.stage, r.record_label, r.responsible, r.office),
            *(r.state, r.acting_office, r.passed_over, r.stranded),
        )
        for r in RouteStep.objects.filter(declaration=declaration).order_by("position")
    ]
    assignments = sorted(
        (a.step.key if a.step else "", a.person_id, a.purpose, a.office, a.deputy)
        for a in StepAssignment.objects.filter(declaration=declaration).select_related("step")
    )
    event = AuditEvent.objects.get(
        target_id=str(declaration.pk),
        target_type="declarations.declaration",
        action="declaration.submitted",
    )
    assert event.after is not None
    shape = (
        event.after
        if declaration.special_category
        else {part: sorted(event.after[part]) for part in event.after}
    )
    return {
        "status": declaration.status,
        "special_category": declaration.special_category,
        "routed_with": declaration.routed_with,
        "version": columns,
        "steps": steps,
        "assignments": assignments,
        "audit": (event.actor_id, event.summary, event.before, shape),
    }


def test_a_declaration_sent_through_the_service_today_matches_a_generated_one() -> None:
    compared = set()
    untouched = (
        _generated_declarations()
        .filter(status=S.SUBMITTED, current_version_number=1)
        .exclude(decisions__isnull=False)
        .select_related("declarant__user", "declarant__grade")
        .order_by("kind", "pk")
    )
    seen_kinds: set[tuple[str, int | None]] = set()
    for generated in untouched:
        key = (
            generated.kind,
            generated.declarant.grade.rank if generated.declarant.grade else None,
        )
        if key in seen_kinds:
            continue
        seen_kinds.add(key)
        sequence = ReferenceSequence.objects.get(
            prefix=generated.reference.split("-")[0], year=TODAY.year
        )
        with clock.frozen(NOW):
            made = services.declaration_submit(
                kind=generated.kind,
                actor=generated.declarant,
                facts=_facts_of(generated),
                submission_token=uuid.uuid4(),
                now=NOW,
            )
        # a fresh reference, after every generated one
        assert made.reference == f"{sequence.prefix}-{TODAY.year}-{sequence.last_number + 1:04d}"
        assert _comparable(made) == _comparable(generated), generated.reference
        compared.add(generated.kind)

    assert {
        K.GIFT_HOSPITALITY,
        K.PERSONAL_INTEREST,
        K.CLOSED_ORGANISATION,
        K.OUTSIDE_EMPLOYMENT,
    } <= compared


def test_search_text_is_what_the_services_store() -> None:
    for model in (GiftHospitalityVersion, InterestVersion, DeclarationVersion):
        for version in model._default_manager.select_related("declaration__declarant")[:200]:
            assert version.search_text == version_search_text(version)


def test_generated_facts_are_what_each_kinds_form_returns() -> None:
    for spec in KINDS:
        form_class = spec.form_class
        if form_class is None:
            continue
        versions = DeclarationVersion.objects.filter(
            declaration__kind=spec.kind, change="original"
        ).select_related("declaration")[:20]
        for version in versions:
            facts = crypto.unseal(version.sealed) if version.sealed else version.facts
            posted: dict[str, str] = {}
            for name, value in facts.items():
                field = form_class.base_fields[name]
                if isinstance(field, forms.MultiValueField):
                    if value:
                        day = dt.date.fromisoformat(value)
                        posted |= {
                            f"{name}_0": str(day.day),
                            f"{name}_1": str(day.month),
                            f"{name}_2": str(day.year),
                        }
                elif value is True:
                    posted[name] = "on"
                elif value:
                    posted[name] = str(value)
            on = version.declaration.submitted_at.astimezone(LONDON).date()
            form = form_class(posted, today=on)
            assert form.is_valid(), (version.declaration.reference, form.errors.as_text())
            assert form.facts() == facts


def test_special_category_entries_are_sealed_and_never_in_plain_text() -> None:
    sealed = Declaration.objects.filter(kind=K.CLOSED_ORGANISATION)
    assert sealed.count() > 10
    secrets: set[str] = set()
    for declaration in sealed:
        assert declaration.special_category
        for version in versions_of(declaration=declaration):
            assert isinstance(version, DeclarationVersion)
            assert version.facts == {}
            assert version.title == SEALED_TITLE
            assert version.sealed
            assert version.change_reason == ""
            facts = crypto.unseal(version.sealed)
            secrets |= {facts["organisation"], facts["role"]} - {""}
            if version.number > 1:
                assert version.sealed_reason
        for decision in Decision.objects.filter(declaration=declaration):
            assert decision.comment == "" and decision.conditions == ""
    events = AuditEvent.objects.filter(
        target_type="declarations.declaration",
        target_id__in=[str(pk) for pk in sealed.values_list("pk", flat=True)],
    )
    assert events.count() >= sealed.count()
    for event in events:
        text = json.dumps([event.before, event.after, event.summary])
        assert all(secret not in text for secret in secrets), event.seq
        assert event.after is not None and event.after.get("sealed") is True


def test_the_demo_manager_has_reports_below_them_and_work_waiting() -> None:
    manager = Person.objects.get(user__username="manager")
    viewer = viewer_for_person(person=manager, today=TODAY)

    assert len(viewer.report_ids) >= 8
    assert viewer.report_ids - viewer.direct_report_ids  # reports of their reports
    assert declarations_to_review(viewer=viewer).paginator.count > 0


def test_the_organisation_has_services_heads_and_teams() -> None:
    assert Directorate.objects.count() >= 4
    for service in Service.objects.all():
        assert OfficeHolding.objects.filter(
            office__kind="head_of_service", office__service=service, ends_on__isnull=True
        ).exists(), service.name
    generated = _generated_people()
    assert generated.filter(kind="contractor").exists() or generated.filter(kind="agency").exists()
    assert Person.objects.filter(leaving_date__lt=TODAY).count() > 1
    # nobody's work waits for someone who has left
    assert not StepAssignment.objects.filter(person__leaving_date__lt=TODAY).exists()
    assert not RouteStep.objects.filter(state=StepState.WAITING, stranded=True).exists()


def test_the_monitoring_officers_registers_open() -> None:
    mo = Person.objects.select_related("user").get(user__username="mo")
    client = signed_in(mo)
    ordinary = _generated_declarations().filter(kind=K.GIFT_HOSPITALITY).first()
    special = _generated_declarations().filter(kind=K.CLOSED_ORGANISATION).first()
    assert ordinary is not None and special is not None
    urls = [reverse("registers:index"), reverse("registers:search") + "?q=ltd"]
    urls += [reverse("registers:list", kwargs={"slug": spec.register_slug}) for spec in KINDS]
    urls += [
        reverse("registers:entry", kwargs={"reference": d.reference}) for d in (ordinary, special)
    ]
    with clock.frozen(NOW):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url


def test_it_refuses_a_database_that_already_holds_more_than_the_demo() -> None:
    with pytest.raises(GenerateRefused):
        generate_council(people=PEOPLE, declarations=10, seed=SEED, now=NOW)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_council", people=PEOPLE, declarations=10, stdout=StringIO())


def test_kinds_are_all_present() -> None:
    assert set(BY_KIND) == set(REACHABLE)
    assert connection.vendor in {"sqlite", "postgresql"}


def test_the_current_flag_marks_each_declarations_current_version_only() -> None:
    for model in (GiftHospitalityVersion, InterestVersion, DeclarationVersion):
        flagged = set(
            model._default_manager.filter(is_current=True).values_list("declaration_id", "number")
        )
        current = set(
            Declaration.objects.filter(kind__in=_kinds_of(model)).values_list(
                "id", "current_version_number"
            )
        )
        assert flagged == current, model.__name__


def test_each_declaration_has_one_search_entry_of_its_current_text() -> None:
    entries = {e.declaration_id: e for e in SearchEntry.objects.all()}
    assert set(entries) == set(Declaration.objects.values_list("id", flat=True))
    for model in (GiftHospitalityVersion, InterestVersion, DeclarationVersion):
        for version in model._default_manager.filter(is_current=True).select_related("declaration"):
            entry = entries[version.declaration_id]
            assert entry.text == version.search_text
            assert entry.submitted_at == version.declaration.submitted_at


@pytest.mark.parametrize("username", [p.username for p in PERSONAS])
def test_a_registers_rows_are_the_entries_its_viewer_may_open(username: str) -> None:
    """The list side (``grant_filter``, with and without the register's kind) and the entry
    side (``entry_for_viewer``) answer alike for every persona and every register."""
    viewer = viewer_for_person(person=Person.objects.get(user__username=username), today=TODAY)
    grants = grants_for(viewer, route_policy())
    sample = set(
        Declaration.objects.order_by("-id").values_list("reference", flat=True)[:60]
    ) | set(
        Declaration.objects.filter(declarant__user__username__in=DEMO_USERNAMES).values_list(
            "reference", flat=True
        )
    )
    for spec in KINDS:
        listed = set(
            current_versions(spec.kind)
            .filter(grant_filter(grants, kind=spec.kind))
            .values_list("declaration__reference", flat=True)
        )
        assert listed == set(
            current_versions(spec.kind)
            .filter(grant_filter(grants))
            .values_list("declaration__reference", flat=True)
        ), spec.kind
        for reference in Declaration.objects.filter(
            kind=spec.kind, reference__in=sample
        ).values_list("reference", flat=True):
            try:
                entry_for_viewer(reference=reference, viewer=viewer)
                opens = True
            except Http404:
                opens = False
            assert opens == (reference in listed), (username, reference)


def _kinds_of(model: type[models.Model]) -> list[str]:
    return [spec.kind for spec in KINDS if spec.shape.model is model]
