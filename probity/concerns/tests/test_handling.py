"""Handling a concern: who finds it, what every read leaves, notes, messages, files, status,
and erasure at the end of its retention."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import Council, signed_in
from probity.concerns.models import Concern, ConcernFile, ConcernMessage, ConcernNote
from probity.concerns.selectors import concerns_for_viewer
from probity.concerns.services import (
    ConcernRefused,
    concern_by_case_key,
    erase_due,
    handler_assign,
    message_send,
    note_add,
    status_set,
    subject_add,
)
from probity.concerns.tests.conftest import NOW, PASSWORD, PDF, pdf, reported
from probity.core import clock
from probity.core.models import AuditEvent
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(hours=1)


def detail(concern: Concern) -> str:
    return reverse("concerns:detail", kwargs={"reference": concern.reference})


def test_only_the_receiving_office_the_mo_and_handlers_find_it(
    council: Council, fraud: Person
) -> None:
    concern, _ = reported()
    handler_assign(actor=fraud, concern=concern, person=council.stranger, now=LATER)
    subject_add(actor=fraud, concern=concern, person=council.officer, now=LATER)
    expected = {
        fraud: 200,
        council.mo: 200,
        council.deputy: 200,
        council.stranger: 200,  # the handler
        council.officer: 404,  # the person it is about
        council.manager: 404,  # their line manager
        council.head: 404,  # their line manager's manager
        council.auditor: 404,
        council.contractor: 404,
        council.councillor: 404,
    }
    for person, status in expected.items():
        assert signed_in(person).get(detail(concern)).status_code == status, person
        listed = concerns_for_viewer(viewer=viewer_for_person(person=person, today=clock.today()))
        assert (concern in listed) is (status == 200), person
    reads = AuditEvent.objects.filter(action="concern.read", subject=concern.reference)
    assert {e.actor_id for e in reads} == {
        p.user_id for p, status in expected.items() if status == 200
    }


def test_the_mo_reported_about_cannot_see_it_but_a_deputy_can(
    council: Council, fraud: Person
) -> None:
    concern, _ = reported()
    subject_add(actor=fraud, concern=concern, person=council.mo, now=LATER)
    assert signed_in(council.mo).get(detail(concern)).status_code == 404
    assert signed_in(council.deputy).get(detail(concern)).status_code == 200
    with pytest.raises(ConcernRefused):
        handler_assign(actor=council.deputy, concern=concern, person=council.mo, now=LATER)


def test_a_line_manager_handler_reported_about_loses_it(council: Council) -> None:
    concern, _ = reported(council.officer, anonymous=False, recipient="line_manager")
    assert signed_in(council.manager).get(detail(concern)).status_code == 200
    subject_add(actor=council.mo, concern=concern, person=council.manager, now=LATER)
    assert signed_in(council.manager).get(detail(concern)).status_code == 404
    assert signed_in(council.mo).get(detail(concern)).status_code == 200


def test_with_no_fraud_manager_in_office_the_mo_is_told(council: Council) -> None:
    from probity.core.models import OutgoingEmail

    reported()
    told = {a for e in OutgoingEmail.objects.all() for a in e.to}
    assert told == {council.mo.email, council.deputy.email}


def test_handlers_keep_notes_message_the_reporter_and_close_it(
    council: Council, fraud: Person
) -> None:
    concern, _ = reported()
    handler_assign(actor=fraud, concern=concern, person=council.stranger, now=LATER)
    client = signed_in(council.stranger)
    base = detail(concern)
    assert client.post(base + "note/", {"note-text": "Checked the ledger"}).status_code == 302
    assert client.post(base + "message/", {"message-text": "Which supplier?"}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == "assessing"
    assert ConcernNote.objects.get().sealed and "ledger" not in ConcernNote.objects.get().sealed
    assert ConcernMessage.objects.get().author == council.stranger
    page = client.get(base).content.decode()
    assert "Checked the ledger" in page and "Which supplier?" in page
    response = client.post(base + "status/", {"status": "closed"})
    assert "Choose an outcome" in response.content.decode()
    response = client.post(
        base + "status/",
        {
            "status": "closed",
            "outcome": "upheld",
            "reasons": "Double payments confirmed",
            "retain_until_0": "2",
            "retain_until_1": "3",
            "retain_until_2": "2033",
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.outcome, concern.retain_until) == (
        "closed",
        "upheld",
        dt.date(2033, 3, 2),
    )
    # Handlers cannot choose handlers or subjects; the receiving office can.
    assert client.get(base + "handler/").status_code == 403
    assert signed_in(fraud).get(base + "handler/").status_code == 200


def test_files_are_downloads_for_handlers_only(council: Council, fraud: Person) -> None:
    concern, _ = reported(attachments=(pdf("payslip of Jo Bloggs.pdf"),))
    attached = ConcernFile.objects.get()
    url = reverse("concerns:file", kwargs={"reference": concern.reference, "file_id": attached.pk})
    response = signed_in(fraud).get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Jo Bloggs" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="concern.file_downloaded").count() == 1
    assert signed_in(council.officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    other, _ = reported()
    wrong = reverse("concerns:file", kwargs={"reference": other.reference, "file_id": attached.pk})
    assert signed_in(fraud).get(wrong).status_code == 404


def test_handlers_add_evidence_checked_by_content(council: Council, fraud: Person) -> None:
    concern, _ = reported()
    url = detail(concern) + "evidence/"
    bad = SimpleUploadedFile("notes.txt", b"\x00\x01binary")
    assert (
        "must be a PDF"
        in signed_in(fraud).post(url, {"evidence-attachments": [bad]}).content.decode()
    )
    good = SimpleUploadedFile("notes.txt", "Plain notes, £5".encode())
    assert signed_in(fraud).post(url, {"evidence-attachments": [good]}).status_code == 302
    assert ConcernFile.objects.get().added_by == fraud


def test_services_refuse_people_who_may_not_act(council: Council, fraud: Person) -> None:
    from django.core.exceptions import PermissionDenied

    concern, _ = reported()
    with pytest.raises(PermissionDenied):
        note_add(actor=council.manager, concern=concern, text="x", now=LATER)
    with pytest.raises(PermissionDenied):
        handler_assign(actor=council.stranger, concern=concern, person=council.stranger, now=LATER)


def test_erasure_after_retention_leaves_an_audited_stub(
    council: Council, fraud: Person, private_files: Path, django_capture_on_commit_callbacks: Any
) -> None:
    concern, key = reported(attachments=(pdf(),))
    message_send(actor=fraud, concern=concern, text="Which supplier?", now=LATER)
    note_add(actor=fraud, concern=concern, text="A note", now=LATER)
    subject_add(actor=fraud, concern=concern, person=council.officer, now=LATER)
    status_set(
        actor=fraud,
        concern=concern,
        status="assessing",
        outcome="",
        reasons="",
        retain_until=None,
        now=LATER,
    )
    status_set(
        actor=fraud,
        concern=concern,
        status="closed",
        outcome="not_upheld",
        reasons="No evidence",
        retain_until=dt.date(2027, 6, 30),
        now=LATER,
    )
    stored = ConcernFile.objects.get().stored_name
    assert erase_due(dt.date(2027, 6, 30)) == 0  # kept through its last day
    out = io.StringIO()
    with (
        clock.frozen(dt.datetime(2027, 7, 1, 2, 0, tzinfo=dt.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("erase_expired_concerns", stdout=out)
    assert "1 concern(s) erased" in out.getvalue()
    concern.refresh_from_db()
    assert concern.erased_at is not None
    assert (concern.sealed, concern.sealed_outcome, concern.case_lookup, concern.key_hash) == (
        "",
        "",
        None,
        "",
    )
    assert (concern.status, concern.outcome, concern.kind) == ("closed", "not_upheld", "fraud")
    assert not ConcernMessage.objects.exists() and not ConcernNote.objects.exists()
    assert not ConcernFile.objects.exists()
    assert not (private_files / "concerns" / stored).exists()
    assert concern_by_case_key(key=key, password=PASSWORD) is None
    assert (
        AuditEvent.objects.filter(action="concern.erased", subject=concern.reference).count() == 1
    )
    page = signed_in(fraud).get(detail(concern)).content.decode()
    assert "was erased" in page
    assert signed_in(fraud).get(detail(concern) + "note/").status_code == 403
    assert erase_due(dt.date(2027, 7, 2)) == 0  # once only


def test_the_concern_page_costs_the_same_whatever_it_holds(council: Council, fraud: Person) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    concern, _ = reported(attachments=(pdf(),))
    handler_assign(actor=fraud, concern=concern, person=council.stranger, now=LATER)
    message_send(actor=fraud, concern=concern, text="Question", now=LATER)
    note_add(actor=fraud, concern=concern, text="Note", now=LATER)
    client = signed_in(fraud)
    client.get(detail(concern))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(concern)).status_code == 200
        return len(captured)

    small = count()
    for n in range(5):
        message_send(actor=fraud, concern=concern, text=f"Question {n}", now=LATER)
        note_add(actor=fraud, concern=concern, text=f"Note {n}", now=LATER)
        handler_assign(actor=fraud, concern=concern, person=make_person(f"h{n}"), now=LATER)
        subject_add(actor=fraud, concern=concern, person=make_person(f"s{n}"), now=LATER)
    assert count() == small <= 22
