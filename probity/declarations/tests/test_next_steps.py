"""What a declarant can do next, and what they are told: withdrawing a mistake before anyone
decides, a nil return that contradicts live declarations, who reviews a correction, and the
receipt and reviewer emails."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import Council, signed_in
from probity.core.models import OutgoingEmail
from probity.declarations import services
from probity.declarations.choices import DeclarationKind, DeclarationStatus
from probity.declarations.rules import Action
from probity.declarations.tests.test_kinds import NOW, decide, submit, viewer

pytestmark = pytest.mark.django_db

K = DeclarationKind


def test_the_declarant_withdraws_a_mistake_before_anyone_decides(council: Council) -> None:
    declaration = submit(council.officer, K.SPONSORSHIP)
    services.declaration_withdraw(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        reason="I chose the wrong form.",
        now=NOW,
    )
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.WITHDRAWN
    told = OutgoingEmail.objects.get(subject__contains="nothing to do")
    assert told.to == [council.manager.email]
    page = signed_in(council.officer).get(
        reverse("registers:entry", kwargs={"reference": declaration.reference})
    )
    assert "withdrawn" in page.content.decode().lower()


def test_once_someone_has_decided_the_declarant_cannot_withdraw(council: Council) -> None:
    declaration = submit(council.officer, K.SPONSORSHIP)
    decide(council.manager, declaration, Action.NOTE)
    with pytest.raises(PermissionDenied):
        services.declaration_withdraw(
            actor=council.officer,
            viewer=viewer(council.officer),
            declaration=declaration,
            reason="Changed my mind.",
            now=NOW,
        )


def test_a_nil_return_warns_about_live_declarations_and_lists_them(council: Council) -> None:
    live = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    client = signed_in(council.officer)
    body = client.get(reverse("declarations:declare", kwargs={"slug": "nil-return"})).content
    text = body.decode()
    assert "still in force" in text
    assert live.reference in text
    empty = signed_in(council.stranger).get(
        reverse("declarations:declare", kwargs={"slug": "nil-return"})
    )
    assert "still in force" not in empty.content.decode()


def test_the_correction_page_says_who_will_review_the_change(council: Council) -> None:
    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    page = signed_in(council.officer).get(
        reverse("declarations:correct", kwargs={"reference": declaration.reference})
    )
    text = page.content.decode()
    assert "goes back for review to" in text
    assert f"Line manager notes it: {council.manager.full_name}" in text


def test_the_declarant_gets_a_receipt_and_the_reviewer_a_summary(council: Council) -> None:
    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    sent = list(OutgoingEmail.objects.order_by("id"))
    receipt = next(e for e in sent if e.to == [council.officer.email])
    assert declaration.reference in receipt.subject
    assert "received" in receipt.subject
    assert council.manager.full_name in receipt.body
    review = next(e for e in sent if council.manager.email in e.to and e.pk != receipt.pk)
    assert "What: Relationship with a contractor" in review.body
    assert "Summary: " in review.body
    assert " a outside" not in review.body and " a gift or" not in review.body


def test_a_sealed_entrys_emails_say_nothing_of_it(council: Council) -> None:
    submit(council.officer, K.CLOSED_ORGANISATION)
    for email in OutgoingEmail.objects.all():
        assert "Lantern" not in email.body
        assert "Summary:" not in email.body
        assert "closed organisation" not in email.body.lower()


def test_a_correction_tells_the_reviewer_still_waiting_again(council: Council) -> None:
    from probity.declarations.tests.test_kinds import FACTS

    declaration = submit(council.officer, K.CONTRACTOR_RELATIONSHIP)
    before = OutgoingEmail.objects.count()
    services.declaration_correct(
        actor=council.officer,
        viewer=viewer(council.officer),
        declaration=declaration,
        facts={**FACTS[K.CONTRACTOR_RELATIONSHIP], "nature": "My sister is a director."},
        reason="It is my sister, not my brother.",
        now=NOW,
    )
    changed = OutgoingEmail.objects.order_by("id")[before:]
    assert any(council.manager.email in e.to and "has changed" in e.subject for e in changed)
