"""Every kind of declaration: its route, approvals, encryption and confidentiality."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.conduct.models import CouncilPolicy
from probity.core import clock
from probity.core.crypto import EncryptionKeyError
from probity.core.models import AuditEvent
from probity.declarations import services
from probity.declarations.choices import DecisionAction, DeclarationKind, DeclarationStatus
from probity.declarations.kinds import BY_KIND, KINDS
from probity.declarations.models import Declaration, DeclarationVersion
from probity.declarations.rules import KIND_RULES, Action
from probity.people.choices import OfficeKind
from probity.people.models import Grade, Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
K = DeclarationKind
S = DeclarationStatus

FACTS: dict[str, dict[str, Any]] = {
    K.CLOSED_ORGANISATION: {
        "organisation": "The Order of the Lantern",
        "role": "",
        "joined_on": "2015-04-01",
        "left_on": None,
    },
    K.CONTRACTOR_RELATIONSHIP: {
        "contractor": "Brightway Catering Ltd",
        "relationship": "private",
        "nature": "My brother is a director.",
        "starts_on": "2019-06-01",
    },
    K.OUTSIDE_EMPLOYMENT: {
        "employer": "Riverside Lettings",
        "role": "Weekend lettings agent",
        "hours": "8 hours a week",
        "starts_on": "2027-04-01",
        "could_conflict": "yes",
        "conflict_detail": "Some tenants may apply to the council for housing.",
    },
    K.PLANNING_APPLICATION: {
        "application_reference": "27/0123/FUL",
        "site": "12 Mill Lane",
        "made_by": "me",
        "description": "Rear extension",
    },
    K.DISCRETIONARY_SERVICE: {
        "area": "tenancy",
        "about": "me",
        "colleague": "",
        "description": "I have applied for a transfer.",
    },
    K.CONTRACT_USE: {
        "contract": "IT hardware framework",
        "supplier": "Northgate IT",
        "intended_use": "A home laptop.",
    },
    K.SPONSORSHIP: {
        "activity": "Summer fun run",
        "beneficiary": "partner",
        "beneficiary_detail": "Sam Lee",
        "benefit": "Sam's running club organises it.",
        "starts_on": "2027-01-01",
        "ends_on": None,
    },
    K.S117_INTEREST: {
        "contract": "Grounds maintenance 2027",
        "interest_type": "indirect",
        "nature": "My wife owns shares in the bidder.",
        "starts_on": "2027-02-01",
    },
    K.STAFF_DECISION: {
        "decision": "appointment",
        "person": "Alex Green",
        "connection": "My cousin",
        "detail": "",
    },
    K.NIL_RETURN: {"occasion": "annual", "confirm": True},
}


def viewer(person: Person) -> Any:
    return viewer_for_person(person=person, today=NOW.date())


def submit(person: Person, kind: str, **changes: Any) -> Declaration:
    return services.declaration_submit(
        kind=kind,
        actor=person,
        facts={**FACTS[kind], **changes},
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def decide(
    person: Person, declaration: Declaration, action: Action, comment: str = "", **kw: Any
) -> None:
    services.declaration_decide(
        actor=person,
        viewer=viewer(person),
        declaration=declaration,
        action=action,
        comment=comment,
        now=NOW,
        **kw,
    )


@pytest.fixture
def senior(council: Council) -> Person:
    """A Scale G officer in Housing, with the council's consent grade set at Scale G."""
    scale_c = Grade.objects.create(name="Scale C", rank=3)
    scale_g = Grade.objects.create(name="Scale G", rank=7)
    council.officer.grade = scale_c
    council.officer.save()
    CouncilPolicy.objects.create(gift_guidance="Declare it.", consent_grade=scale_g)
    return make_person(
        "senior", service=council.housing, line_manager=council.manager, grade=scale_g
    )


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning)
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def test_every_kind_has_a_form_a_register_and_a_unique_reference_prefix() -> None:
    assert {spec.kind for spec in KINDS} == set(K.values)
    assert len({spec.slug for spec in KINDS}) == len(KINDS)
    assert len({spec.register_slug for spec in KINDS}) == len(KINDS)
    assert {rule.kind for rule in KIND_RULES} == set(K.values)
    assert len({rule.prefix for rule in KIND_RULES}) == len(KIND_RULES)
    for spec in KINDS:
        assert spec.shape.form is not None
        assert spec.shape.columns(), spec.kind


@pytest.mark.parametrize("kind", sorted(FACTS))
def test_each_kind_is_declared_with_its_reference_and_facts(council: Council, kind: str) -> None:
    declaration = submit(council.officer, kind)
    version = DeclarationVersion.objects.get(declaration=declaration)
    prefixes: dict[str, str] = {
        K.CLOSED_ORGANISATION: "CO",
        K.CONTRACTOR_RELATIONSHIP: "CR",
        K.OUTSIDE_EMPLOYMENT: "OE",
        K.PLANNING_APPLICATION: "PA",
        K.DISCRETIONARY_SERVICE: "DS",
        K.CONTRACT_USE: "CU",
        K.SPONSORSHIP: "SP",
        K.S117_INTEREST: "CI",
        K.STAFF_DECISION: "SD",
        K.NIL_RETURN: "NR",
    }
    assert declaration.reference.split("-")[0] == prefixes[kind]
    if kind == K.CLOSED_ORGANISATION:
        assert version.facts == {}
        assert "Lantern" not in version.sealed
        assert version.title == services.SEALED_TITLE
    else:
        assert version.facts == FACTS[kind]
    if kind == K.NIL_RETURN:
        assert declaration.status == S.RECORDED


def test_outside_employment_at_the_consent_grade_needs_both_consents(
    council: Council, senior: Person, hr: Person
) -> None:
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    with pytest.raises(PermissionDenied):
        decide(council.manager, declaration, Action.NOTE)
    decide(hr, declaration, Action.APPROVE)
    declaration.refresh_from_db()
    assert declaration.status == S.IN_PROGRESS
    with pytest.raises(PermissionDenied):  # HR has decided already
        decide(hr, declaration, Action.APPROVE)
    decide(
        council.head,
        declaration,
        Action.APPROVE,
        conditions="No work for council tenants.",
        review_on=dt.date(2028, 3, 1),
    )
    declaration.refresh_from_db()
    assert declaration.status == S.APPROVED_WITH_CONDITIONS
    last = declaration.decisions.order_by("created_at", "id").last()
    assert last is not None
    assert last.action == DecisionAction.APPROVED_WITH_CONDITIONS
    assert last.acting_as == "Head of Service"


def test_either_consent_can_refuse_with_a_reason_and_a_new_request_starts_again(
    council: Council, senior: Person, hr: Person
) -> None:
    first = submit(senior, K.OUTSIDE_EMPLOYMENT)
    with pytest.raises(ValueError, match="reason"):
        decide(hr, first, Action.REFUSE, comment=" ")
    decide(hr, first, Action.REFUSE, comment="The hours clash with your rota.")
    first.refresh_from_db()
    assert first.status == S.REFUSED
    with pytest.raises(PermissionDenied):
        decide(council.head, first, Action.APPROVE)
    second = submit(senior, K.OUTSIDE_EMPLOYMENT, hours="4 hours on Sundays")
    decide(hr, second, Action.APPROVE)
    decide(council.head, second, Action.APPROVE)
    second.refresh_from_db()
    assert second.status == S.APPROVED


def test_below_the_consent_grade_the_line_manager_is_told(council: Council, senior: Person) -> None:
    declaration = submit(council.officer, K.OUTSIDE_EMPLOYMENT)
    decide(council.manager, declaration, Action.NOTE)
    declaration.refresh_from_db()
    assert declaration.status == S.NOTED


def test_a_deputy_can_act_and_the_record_says_so(
    council: Council, senior: Person, hr: Person
) -> None:
    from probity.people.choices import HoldingRole

    deputy = make_person("hr-deputy", service=council.planning)
    hold_office(deputy, OfficeKind.HR_OD_MANAGER, role=HoldingRole.DEPUTY)
    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    decide(deputy, declaration, Action.APPROVE)
    decision = declaration.decisions.get()
    assert decision.actor == deputy
    assert decision.acting_as == "Deputy HR and Organisational Development Manager"


def test_when_an_office_changes_hands_pending_work_moves_to_the_new_holder(
    council: Council, senior: Person, hr: Person
) -> None:
    from probity.declarations.selectors import declarations_to_review
    from probity.people.models import OfficeHolding
    from probity.people.services import office_holder_change

    declaration = submit(senior, K.OUTSIDE_EMPLOYMENT)
    assert [w.declaration for w in declarations_to_review(viewer=viewer(hr))] == [declaration]
    office = OfficeHolding.objects.get(person=hr).office
    successor = make_person("new-hr", service=council.planning)
    office_holder_change(
        actor=council.mo, office=office, new_holder=successor, starts_on=NOW.date(), now=NOW
    )
    assert list(declarations_to_review(viewer=viewer(hr))) == []
    assert [w.declaration for w in declarations_to_review(viewer=viewer(successor))] == [
        declaration
    ]


def test_contract_use_needs_written_approval_of_the_head_of_corporate_finance(
    council: Council,
) -> None:
    finance = make_person("finance", service=council.planning)
    hold_office(finance, OfficeKind.HEAD_OF_CORPORATE_FINANCE)
    declaration = submit(council.officer, K.CONTRACT_USE)
    with pytest.raises(PermissionDenied):
        decide(council.manager, declaration, Action.APPROVE)
    decide(
        finance,
        declaration,
        Action.REFUSE,
        comment="Personal use of this framework is not allowed.",
    )
    declaration.refresh_from_db()
    assert declaration.status == S.REFUSED


@pytest.mark.parametrize(
    ("kind", "office", "comment"),
    [
        (K.PLANNING_APPLICATION, OfficeKind.HEAD_OF_PLANNING, ""),
        (K.S117_INTEREST, OfficeKind.GOVERNANCE_LEAD, ""),
        (K.DISCRETIONARY_SERVICE, OfficeKind.CHIEF_EXECUTIVE, "Transfer agreed by the panel."),
    ],
)
def test_notices_are_recorded_by_the_office_they_go_to(
    council: Council, kind: str, office: OfficeKind, comment: str
) -> None:
    holder = make_person(f"holder-{office}", service=council.planning)
    hold_office(holder, office)
    declaration = submit(council.officer, kind)
    with pytest.raises(PermissionDenied):
        decide(council.manager, declaration, Action.RECORD)
    decide(holder, declaration, Action.RECORD, comment=comment)
    declaration.refresh_from_db()
    assert declaration.status == S.RECORDED


def test_a_contractor_relationship_needs_the_managers_note_and_the_monitoring_officers_notice(
    council: Council,
) -> None:
    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    decide(council.mo, declaration, Action.RECORD, comment="Written notice received.")
    declaration.refresh_from_db()
    assert declaration.status == S.IN_PROGRESS
    decide(council.manager, declaration, Action.NOTE)
    declaration.refresh_from_db()
    assert declaration.status == S.RECORDED


def test_a_discretionary_case_is_kept_from_the_officers_line(council: Council) -> None:
    ceo = make_person("ceo", service=council.planning)
    hold_office(ceo, OfficeKind.CHIEF_EXECUTIVE)
    declaration = submit(council.officer, K.DISCRETIONARY_SERVICE)
    url = reverse("registers:entry", kwargs={"reference": declaration.reference})
    assert signed_in(council.manager).get(url).status_code == 404
    assert signed_in(council.head).get(url).status_code == 404
    assert signed_in(council.auditor).get(url).status_code == 404
    assert signed_in(ceo).get(url).status_code == 200
    assert signed_in(council.mo).get(url).status_code == 200


def test_the_line_manager_sees_only_that_a_closed_organisation_membership_exists(
    council: Council,
) -> None:
    declaration = submit(council.officer, K.CLOSED_ORGANISATION)
    url = reverse("registers:entry", kwargs={"reference": declaration.reference})
    with clock.frozen(NOW):
        manager_page = signed_in(council.manager).get(url).content.decode()
        assert "Lantern" not in manager_page
        assert "Monitoring Officer holds the details" in manager_page
        assert not AuditEvent.objects.filter(action="declaration.special_category_read").exists()
        assert signed_in(council.auditor).get(url).status_code == 404
        mo_page = signed_in(council.mo).get(url).content.decode()
    assert "The Order of the Lantern" in mo_page
    read = AuditEvent.objects.get(action="declaration.special_category_read")
    assert read.actor == council.mo.user
    assert read.subject == declaration.reference


def test_a_wrong_encryption_key_is_a_clear_error_not_lost_data(council: Council) -> None:
    declaration = submit(council.officer, K.CLOSED_ORGANISATION)
    version = DeclarationVersion.objects.get(declaration=declaration)
    other_key = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMDE="
    with (
        override_settings(PROBITY_ENCRYPTION_KEY=other_key),
        pytest.raises(EncryptionKeyError, match="cannot be decrypted"),
    ):
        services.special_facts_read(
            reader=council.mo, declaration=declaration, version=version, now=NOW
        )
    with (
        override_settings(PROBITY_ENCRYPTION_KEY=""),
        pytest.raises(EncryptionKeyError, match="not set"),
    ):
        submit(council.officer, K.CLOSED_ORGANISATION)
    with (
        override_settings(PROBITY_ENCRYPTION_KEY="short"),
        pytest.raises(EncryptionKeyError, match="not a valid key"),
    ):
        submit(council.officer, K.CLOSED_ORGANISATION)
    assert Declaration.objects.filter(kind=K.CLOSED_ORGANISATION).count() == 1
    with override_settings(PROBITY_ENCRYPTION_KEY=f"{other_key},{services_key()}"):
        facts = services.special_facts_read(
            reader=council.mo, declaration=declaration, version=version, now=NOW
        )
    assert facts["organisation"] == "The Order of the Lantern"


def services_key() -> str:
    from django.conf import settings

    return str(settings.PROBITY_ENCRYPTION_KEY)


def test_ending_a_generic_kind_keeps_the_facts_and_sets_the_end_date(council: Council) -> None:
    declaration = submit(council.officer, K.CLOSED_ORGANISATION)
    services.declaration_end(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        ends_on=dt.date(2027, 1, 31),
        reason="",
        now=NOW,
    )
    version = DeclarationVersion.objects.get(declaration=declaration, number=2)
    assert version.ends_on == dt.date(2027, 1, 31)
    facts = services.special_facts_read(
        reader=council.mo, declaration=declaration, version=version, now=NOW
    )
    assert facts["left_on"] == "2027-01-31"
    assert facts["organisation"] == "The Order of the Lantern"


@pytest.mark.parametrize(
    "spec", [s for s in KINDS if s.form_class is not None], ids=lambda s: s.slug
)
def test_each_form_refuses_an_empty_submission_and_writes_nothing(
    council: Council, spec: Any
) -> None:
    client = signed_in(council.officer)
    with clock.frozen(NOW):
        response = client.post(reverse("declarations:declare", kwargs={"slug": spec.slug}), {})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Declaration.objects.exists()


@pytest.mark.parametrize("kind", sorted(FACTS))
def test_each_kind_can_be_declared_through_its_pages(council: Council, kind: str) -> None:
    spec = BY_KIND[kind]
    assert spec.form_class is not None
    data: dict[str, str] = {}
    for name, value in FACTS[kind].items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            year, month, day = value.split("-")
            data.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
        elif value is True:
            data[name] = "on"
        elif value:
            data[name] = str(value)
    client = signed_in(council.officer)
    with clock.frozen(NOW):
        response = client.post(reverse("declarations:declare", kwargs={"slug": spec.slug}), data)
        assert response.status_code == 302, (
            response.context["form"].errors if response.context else response
        )
        check = client.get(response["Location"])
        sent = client.post(response["Location"], {"submission_token": check.context["token"]})
    declaration = Declaration.objects.get()
    assert sent["Location"].endswith(f"/declarations/{declaration.reference}/confirmation/")
    assert declaration.kind == kind


def test_the_start_page_leads_to_the_right_form(council: Council) -> None:
    client = signed_in(council.officer)
    response = client.get(reverse("declarations:start"), {"need": "outside-employment"})
    assert response["Location"] == reverse(
        "declarations:declare", kwargs={"slug": "outside-employment"}
    )
    assert (
        "Select what you need to declare"
        in client.get(reverse("declarations:start"), {"need": "nonsense"}).content.decode()
    )


def test_a_planning_application_is_flagged_for_the_planning_committee(council: Council) -> None:
    declaration = submit(council.officer, K.PLANNING_APPLICATION)
    page = signed_in(council.officer).get(
        reverse("registers:entry", kwargs={"reference": declaration.reference})
    )
    assert "must be decided by the Planning Committee" in page.content.decode()
