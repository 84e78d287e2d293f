"""Services against a real database: versions, decisions, audit and email."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from conftest import Council
from probity.core.models import AuditEvent
from probity.declarations import services
from probity.declarations.choices import (
    AdviceOffice,
    DecisionAction,
    DeclarationStatus,
    VersionChange,
)
from probity.declarations.models import (
    Decision,
    Declaration,
    GiftHospitalityVersion,
    InterestVersion,
)
from probity.declarations.rules import Action
from probity.declarations.selectors import version_current, versions_of
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.people.models import Person
from probity.people.rules import Viewer
from probity.people.selectors import viewer_for_person

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()

pytestmark = pytest.mark.django_db


def viewer(person: Person) -> Viewer:
    return viewer_for_person(person=person, today=TODAY)


def declare_gift(council: Council, **changes: object) -> Declaration:
    return services.gift_declare(
        actor=council.officer,
        facts=gift_facts(**changes),
        submission_token=uuid.uuid4(),
        now=NOW,
    )


def declare_interest(council: Council) -> Declaration:
    return services.interest_declare(
        actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
    )


def test_declaring_a_gift_makes_a_reference_a_version_an_audit_event_and_an_email(
    council: Council, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        declaration = declare_gift(council)
    assert declaration.reference == "GH-2027-0001"
    assert declaration.status == DeclarationStatus.SUBMITTED
    version = version_current(declaration=declaration)
    assert isinstance(version, GiftHospitalityVersion)
    assert version.value == Decimal("180.00")
    assert version.change == VersionChange.ORIGINAL
    event = AuditEvent.objects.get(subject=declaration.reference)
    assert event.action == "declaration.submitted"
    assert event.actor == council.officer.user
    assert event.after is not None
    assert event.after["version"]["giver_name"] == "Acme Facilities Ltd"
    assert len(mail.outbox) == 2  # the line manager is asked, the officer gets a receipt
    review = next(m for m in mail.outbox if m.to == [council.manager.email])
    assert declaration.reference in review.body
    receipt = next(m for m in mail.outbox if m.to == [council.officer.email])
    assert declaration.reference in receipt.subject


def test_references_count_up_per_kind_and_year(council: Council) -> None:
    first = declare_gift(council)
    second = declare_gift(council)
    interest = declare_interest(council)
    assert [first.reference, second.reference, interest.reference] == [
        "GH-2027-0001",
        "GH-2027-0002",
        "PI-2027-0001",
    ]


def test_the_same_form_submitted_twice_makes_one_declaration(council: Council) -> None:
    token = uuid.uuid4()
    first = services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=token, now=NOW
    )
    with pytest.raises(services.DuplicateSubmission) as caught:
        services.gift_declare(
            actor=council.officer, facts=gift_facts(), submission_token=token, now=NOW
        )
    assert caught.value.declaration == first
    assert Declaration.objects.count() == 1


def test_a_correction_is_a_new_version_pointing_to_the_old_which_is_unchanged(
    council: Council,
) -> None:
    declaration = declare_interest(council)
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.NOTE,
        comment="",
        now=NOW,
    )
    corrected = services.declaration_correct(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        facts=interest_facts(counterparty="Northgate Construction Ltd"),
        reason="I gave the company's old name.",
        now=NOW + dt.timedelta(hours=1),
    )
    versions = list(versions_of(declaration=declaration))
    assert [v.number for v in versions] == [1, 2]
    assert isinstance(versions[0], InterestVersion)
    assert versions[0].counterparty == "Northgate Builders Ltd"
    assert corrected.supersedes == versions[0]
    assert corrected.change == VersionChange.CORRECTION
    declaration.refresh_from_db()
    assert declaration.current_version_number == 2
    assert declaration.status == DeclarationStatus.SUBMITTED  # back to the line manager


def test_ending_an_interest_keeps_it_with_an_end_date(council: Council) -> None:
    declaration = declare_interest(council)
    ended = services.interest_end(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        ends_on=dt.date(2027, 2, 28),
        reason="",
        now=NOW,
    )
    assert isinstance(ended, InterestVersion)
    assert ended.ends_on == dt.date(2027, 2, 28)
    assert ended.change == VersionChange.ENDED
    assert InterestVersion.objects.filter(declaration=declaration).count() == 2


def test_an_interest_cannot_end_before_it_started(council: Council) -> None:
    declaration = declare_interest(council)
    with pytest.raises(ValueError, match="before it started"):
        services.interest_end(
            actor=council.officer,
            viewer=viewer(council.officer),
            declaration=declaration,
            ends_on=dt.date(2020, 1, 1),
            reason="",
            now=NOW,
        )


def test_the_monitoring_officer_withdraws_an_entry_which_stays_marked(council: Council) -> None:
    declaration = declare_gift(council)
    withdrawn = services.declaration_withdraw(
        actor=council.mo,
        viewer=viewer(council.mo),
        declaration=declaration,
        reason="Declared twice by mistake.",
        now=NOW,
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN
    assert withdrawn.change == VersionChange.WITHDRAWAL
    assert withdrawn.created_by == council.mo
    assert GiftHospitalityVersion.objects.filter(declaration=declaration).count() == 2
    assert AuditEvent.objects.filter(
        subject=declaration.reference, action="declaration.withdrawal"
    ).exists()


@pytest.mark.parametrize("who", ["officer", "manager", "auditor", "stranger"])
def test_only_the_monitoring_officer_can_withdraw(council: Council, who: str) -> None:
    """The declarant may withdraw a mistake only until someone decides (``test_next_steps``)."""
    declaration = declare_gift(council)
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.NOTE,
        comment="",
        now=NOW,
    )
    person = getattr(council, who)
    with pytest.raises(PermissionDenied):
        services.declaration_withdraw(
            actor=person, viewer=viewer(person), declaration=declaration, reason="No.", now=NOW
        )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.NOTED


def test_a_withdrawal_needs_a_reason(council: Council) -> None:
    declaration = declare_gift(council)
    with pytest.raises(ValueError, match="reason"):
        services.declaration_withdraw(
            actor=council.mo,
            viewer=viewer(council.mo),
            declaration=declaration,
            reason="  ",
            now=NOW,
        )


def test_asking_for_information_emails_the_officer_and_their_answer_reopens_the_review(
    council: Council, django_capture_on_commit_callbacks: object
) -> None:
    declaration = declare_gift(council)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.declaration_decide(
            actor=council.manager,
            viewer=viewer(council.manager),
            declaration=declaration,
            action=Action.REQUEST_INFO,
            comment="Who else was invited?",
            now=NOW,
        )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.INFO_REQUESTED
    assert mail.outbox[-1].to == [council.officer.email]
    assert "Who else was invited?" in mail.outbox[-1].body
    services.declaration_decide(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        action=Action.RESPOND,
        comment="Only council staff.",
        now=NOW,
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert list(
        Decision.objects.filter(declaration=declaration).values_list("action", flat=True)
    ) == [
        DecisionAction.INFO_REQUESTED,
        DecisionAction.INFO_PROVIDED,
    ]


def test_referral_to_the_head_of_service_then_advice_returns_it_to_the_manager(
    council: Council,
) -> None:
    declaration = declare_gift(council)
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.REFER,
        referred_to=AdviceOffice.HEAD_OF_SERVICE,
        comment="Is this acceptable?",
        now=NOW,
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.REFERRED
    assert declaration.referred_to == AdviceOffice.HEAD_OF_SERVICE
    advice = services.declaration_decide(
        actor=council.head,
        viewer=viewer(council.head),
        declaration=declaration,
        action=Action.ADVISE,
        comment="Declining was right.",
        now=NOW,
    )
    assert advice.acting_as == "Head of Service"
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.SUBMITTED
    assert declaration.referred_to == ""


def test_an_interest_is_noted_then_recorded_by_the_monitoring_officer(council: Council) -> None:
    declaration = declare_interest(council)
    with pytest.raises(PermissionDenied):
        services.declaration_decide(
            actor=council.mo,
            viewer=viewer(council.mo),
            declaration=declaration,
            action=Action.RECORD,
            comment="",
            now=NOW,
        )
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer(council.manager),
        declaration=declaration,
        action=Action.NOTE,
        comment="",
        now=NOW,
    )
    decision = services.declaration_decide(
        actor=council.deputy,
        viewer=viewer(council.deputy),
        declaration=declaration,
        action=Action.RECORD,
        comment="",
        now=NOW,
    )
    assert decision.acting_as == "Deputy Monitoring Officer"
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.RECORDED


def test_someone_else_cannot_review_or_correct(council: Council) -> None:
    declaration = declare_gift(council)
    for person in (council.stranger, council.head, council.auditor):
        with pytest.raises(PermissionDenied):
            services.declaration_decide(
                actor=person,
                viewer=viewer(person),
                declaration=declaration,
                action=Action.NOTE,
                comment="",
                now=NOW,
            )
    with pytest.raises(PermissionDenied):
        services.declaration_correct(
            actor=council.manager,
            viewer=viewer(council.manager),
            declaration=declaration,
            facts=gift_facts(),
            reason="Forged",
            now=NOW,
        )
    assert GiftHospitalityVersion.objects.filter(declaration=declaration).count() == 1
    assert not Decision.objects.exists()


def test_a_failed_write_leaves_no_audit_event(council: Council) -> None:
    declaration = declare_gift(council)
    before = AuditEvent.objects.count()
    with pytest.raises(TypeError):
        services.declaration_correct(
            actor=council.officer,
            viewer=viewer(council.officer),
            declaration=declaration,
            facts=interest_facts(),
            reason="Wrong kind",
            now=NOW,
        )
    assert AuditEvent.objects.count() == before


def test_a_declarant_with_no_line_manager_goes_to_the_monitoring_officer(
    council: Council, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        declaration = services.gift_declare(
            actor=council.stranger, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
        )
    assert any(set(m.to) == {council.mo.email, council.deputy.email} for m in mail.outbox)
    services.declaration_decide(
        actor=council.mo,
        viewer=viewer(council.mo),
        declaration=declaration,
        action=Action.NOTE,
        comment="",
        now=NOW,
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.NOTED
