"""Services for the code: drafting, governance, adoption and confirmations."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from conftest import Council
from probity.conduct import code_services as svc
from probity.conduct.code_selectors import (
    code_review_warning,
    confirmation_due,
    confirmation_rows,
    section_texts,
    sections_for_kind,
    version_in_force,
    version_standing,
)
from probity.conduct.code_services import CodeError
from probity.conduct.documents import Standing, parse_text
from probity.conduct.models import (
    CodeConfirmation,
    CodeSection,
    CodeVersion,
    DocumentKind,
    MeetingOutcome,
    VersionStage,
)
from probity.conduct.tests.factories import adopted_version
from probity.core import clock
from probity.core.models import AuditEvent
from probity.people.models import Person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TEXT = """1. Introduction
1.1 High standards are expected.

2. Gifts and hospitality
2.1 Declare every offer.
"""


def adopted(
    mo: Person,
    *,
    text: str = TEXT,
    effect: dt.date = dt.date(2027, 3, 1),
    review: dt.date = dt.date(2030, 3, 1),
    document: str = DocumentKind.CODE,
) -> CodeVersion:
    return adopted_version(mo, text=text, effect=effect, review=review, document=document)


def test_a_first_draft_of_the_code_starts_with_the_seven_principles(council: Council) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    assert version.number == 1 and version.stage == VersionStage.DRAFT
    assert [p.name for p in version.principles.all()][:2] == ["Selflessness", "Integrity"]
    assert version.principles.count() == 7
    assert AuditEvent.objects.filter(action="code.draft_started").count() == 1
    protocol = svc.draft_start(actor=council.mo, document=DocumentKind.PROTOCOL, now=NOW)
    assert protocol.number == 1 and protocol.principles.count() == 0


def test_only_one_version_is_prepared_at_a_time(council: Council) -> None:
    svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    with pytest.raises(CodeError, match="already being prepared"):
        svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    assert CodeVersion.objects.count() == 1


def test_a_new_draft_copies_the_version_in_force_and_its_duties(council: Council) -> None:
    first = adopted(council.mo)
    gifts = first.sections.get(number="2")
    assert gifts.declaration_kinds == []
    draft = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    assert draft.number == 2 and draft.based_on == first
    assert section_texts(version=draft) == section_texts(version=first)
    assert draft.principles.count() == 7


def test_text_with_errors_writes_nothing(council: Council) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    with pytest.raises(CodeError, match="two sections numbered 1"):
        svc.draft_update_text(
            actor=council.mo,
            version=version,
            title="Broken",
            change_summary="",
            parsed=parse_text("1. One\n1. One again"),
            now=NOW,
        )
    version.refresh_from_db()
    assert version.title == "Code" and version.sections.count() == 2


def test_duties_carry_over_when_the_text_is_edited(council: Council) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    gifts = version.sections.get(number="2")
    svc.section_set_kinds(actor=council.mo, section=gifts, kinds=["gift_hospitality"], now=NOW)
    edited = TEXT.replace("Declare every offer.", "Declare every offer, accepted or not.")
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(edited),
        now=NOW,
    )
    assert version.sections.get(number="2").declaration_kinds == ["gift_hospitality"]
    with pytest.raises(CodeError, match="Select declarations"):
        svc.section_set_kinds(
            actor=council.mo, section=version.sections.get(number="2"), kinds=["bribe"], now=NOW
        )


def test_a_version_sent_to_committee_can_never_change(council: Council) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    with pytest.raises(CodeError, match="at least one section"):
        svc.draft_send_to_committee(actor=council.mo, version=version, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    svc.draft_send_to_committee(actor=council.mo, version=version, now=NOW)
    with pytest.raises(CodeError, match="can no longer be changed"):
        svc.draft_update_text(
            actor=council.mo,
            version=version,
            title="Sneaky",
            change_summary="",
            parsed=parse_text(TEXT),
            now=NOW,
        )
    section = CodeSection.objects.get(version=version, number="2")
    with pytest.raises(CodeError):
        svc.section_set_kinds(actor=council.mo, section=section, kinds=["nil_return"], now=NOW)
    with pytest.raises(CodeError):
        svc.draft_set_values(actor=council.mo, version=version, values=[("A", "b")], now=NOW)
    version.refresh_from_db()
    assert version.title == "Code"


def test_a_deferred_version_stays_with_committee_and_a_returned_one_is_closed(
    council: Council,
) -> None:
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Code",
        change_summary="",
        parsed=parse_text(TEXT),
        now=NOW,
    )
    svc.draft_send_to_committee(actor=council.mo, version=version, now=NOW)
    for outcome, stage in [
        (MeetingOutcome.DEFERRED, VersionStage.WITH_COMMITTEE),
        (MeetingOutcome.RETURNED, VersionStage.RETURNED),
    ]:
        svc.committee_decision_record(
            actor=council.mo,
            version=version,
            committee="Standards Committee",
            meeting_date=dt.date(2027, 1, 10),
            outcome=outcome,
            now=NOW,
        )
        version.refresh_from_db()
        assert version.stage == stage
    with pytest.raises(CodeError, match="recommended"):
        svc.adoption_record(
            actor=council.mo,
            version=version,
            body="Full Council",
            meeting_date=dt.date(2027, 2, 1),
            outcome=MeetingOutcome.ADOPTED,
            takes_effect_on=dt.date(2027, 3, 1),
            review_due_on=dt.date(2030, 3, 1),
            now=NOW,
        )
    # A returned version frees the way for a new draft.
    assert svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=NOW).number == 2


@pytest.mark.parametrize(
    ("effect", "review", "message"),
    [
        (None, dt.date(2030, 1, 1), "takes effect"),
        (dt.date(2027, 1, 31), dt.date(2030, 1, 1), "before the meeting"),
        (dt.date(2027, 3, 1), None, "review is due"),
        (dt.date(2027, 3, 1), dt.date(2027, 3, 1), "after the version takes effect"),
    ],
)
def test_adoption_needs_sensible_dates(
    council: Council, effect: dt.date | None, review: dt.date | None, message: str
) -> None:
    with pytest.raises(CodeError, match=message):
        svc.adoption_record(
            actor=council.mo,
            version=CodeVersion(),
            body="Full Council",
            meeting_date=dt.date(2027, 2, 1),
            outcome=MeetingOutcome.ADOPTED,
            takes_effect_on=effect,
            review_due_on=review,
            now=NOW,
        )


def test_adoption_makes_the_version_current_and_the_one_before_superseded(
    council: Council,
) -> None:
    first = adopted(council.mo, effect=dt.date(2027, 2, 1))
    second = adopted(
        council.mo,
        text=TEXT.replace("every offer", "every offer, accepted or declined"),
        effect=dt.date(2027, 3, 3),
    )
    today = dt.date(2027, 3, 3)
    assert version_in_force(document=DocumentKind.CODE, today=today) == second
    assert version_in_force(document=DocumentKind.CODE, today=dt.date(2027, 3, 2)) == first
    assert version_standing(version=first, today=today) == Standing.SUPERSEDED
    assert version_standing(version=second, today=today) == Standing.IN_FORCE
    # The earlier version's text is untouched.
    assert "every offer." in section_texts(version=first)[1].paragraphs[0].text
    assert AuditEvent.objects.filter(action="code.adopted").count() == 2


def test_a_version_cannot_take_effect_before_an_adopted_later_one(council: Council) -> None:
    adopted(council.mo, effect=dt.date(2027, 3, 1))
    with pytest.raises(CodeError, match="already takes effect"):
        adopted(council.mo, effect=dt.date(2027, 2, 15))


def test_officers_confirm_the_version_in_force_once(council: Council) -> None:
    version = adopted(council.mo)
    today = dt.date(2027, 3, 3)
    assert confirmation_due(person=council.officer, today=today) == version
    assert confirmation_due(person=council.councillor, today=today) is None
    first = svc.confirmation_record(person=council.officer, version=version, now=NOW)
    again = svc.confirmation_record(
        person=council.officer, version=version, now=NOW + dt.timedelta(hours=1)
    )
    assert first == again and first.confirmed_at == NOW
    assert CodeConfirmation.objects.count() == 1
    assert AuditEvent.objects.filter(action="code.read_confirmed").count() == 1
    assert confirmation_due(person=council.officer, today=today) is None
    with pytest.raises(CodeError, match="Only people the code applies to"):
        svc.confirmation_record(person=council.councillor, version=version, now=NOW)
    rows = {r.person: r for r in confirmation_rows(version=version, today=today)}
    assert rows[council.officer].confirmed and not rows[council.contractor].confirmed
    assert council.councillor not in rows


def test_a_superseded_or_future_version_cannot_be_confirmed(council: Council) -> None:
    future = adopted(council.mo, effect=dt.date(2027, 4, 1))
    with pytest.raises(CodeError, match="not the one in force"):
        svc.confirmation_record(person=council.officer, version=future, now=NOW)


def test_the_review_warning_and_the_sections_for_a_kind(council: Council) -> None:
    version = adopted(council.mo, review=dt.date(2027, 5, 1))
    section = version.sections.get(number="2")
    # Adopted sections never change through the services, so set the duty on a copy in a test.
    CodeSection.objects.filter(pk=section.pk).update(declaration_kinds=["gift_hospitality"])
    (warning,) = code_review_warning(dt.date(2027, 3, 3))
    assert "due on 1 May 2027, in 59 days" in warning.message
    assert code_review_warning(dt.date(2026, 1, 1)) == []
    (ref,) = sections_for_kind("gift_hospitality", today=dt.date(2027, 3, 3))
    assert ref.url == "/code/#section-2"
    assert ref.label == "section 2 (Gifts and hospitality) of the Officers' code of conduct"
    assert sections_for_kind("nil_return", today=dt.date(2027, 3, 3)) == []


def test_everyone_who_has_not_read_the_code_in_force_is_emailed_once(
    council: Council, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail
    from django.core.management import call_command

    from probity.conduct.models import ConfirmationRequest

    assert svc.confirmation_requests_send(now=NOW, base_url="https://probity.example.org") == 0
    version = adopted(council.mo)
    svc.confirmation_record(person=council.officer, version=version, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        asked = svc.confirmation_requests_send(now=NOW, base_url="https://probity.example.org")
    people = set(ConfirmationRequest.objects.values_list("person__user__username", flat=True))
    assert council.officer.user is not None and council.officer.user.username not in people
    assert "councillor" not in people and "contractor" in people
    assert asked == len(people) == len(mail.outbox)
    assert "https://probity.example.org/code/confirm/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True), clock.frozen(NOW):
        call_command("ask_to_confirm_code", stdout=io.StringIO())
    assert len(mail.outbox) == asked  # nobody is asked twice
    assert AuditEvent.objects.filter(action="code.confirmation_requested").count() == 1
