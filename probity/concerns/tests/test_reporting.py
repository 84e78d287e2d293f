"""Reporting a concern, signed in or not, named or anonymous, and following it up."""

from __future__ import annotations

import io
import logging
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import Council, signed_in
from probity.concerns.casekeys import case_lookup
from probity.concerns.models import Concern, ConcernFile, ConcernMessage
from probity.concerns.services import concern_by_case_key
from probity.concerns.tests.conftest import PASSWORD, PDF
from probity.core import clock
from probity.core.log_filters import NoAddressesOnPrivatePaths
from probity.core.models import AuditEvent, OutgoingEmail
from probity.people.models import Person

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
BROWSER = "ReporterBrowser/9.9 (unique-agent-string)"


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "named": "no",
        "recipient": "fraud_manager",
        "kind": "fraud",
        "what": "Invoices paid twice to the same supplier",
        "when": "Most Fridays since March",
        "who": "Someone in accounts payable",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(changes)
    return data


def post_report(client: Client, **changes: Any) -> Any:
    return client.post(
        reverse("concerns:report"),
        form(**changes),
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )


def key_from(response: Any) -> str:
    text: str = response.content.decode()
    start = text.index('id="case-key"><code>') + len('id="case-key"><code>')
    return text[start : text.index("</code>", start)]


def everything_stored() -> str:
    """Every row of every table the reporting touches, as text, to search for identity."""
    with connection.cursor() as cursor:
        dumps = []
        for table in (
            "concerns_concern",
            "concerns_concernmessage",
            "concerns_concernfile",
            "core_auditevent",
            "core_outgoingemail",
            "django_session",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dumps.append(repr(cursor.fetchall()))
    return "\n".join(dumps)


def test_a_visitor_reports_anonymously_and_nothing_identifies_them(
    council: Council, fraud: Person
) -> None:
    client = Client()
    response = post_report(client)
    assert response.status_code == 200
    assert "Your concern has been sent" in response.content.decode()
    key = key_from(response)
    assert len(key) >= 40
    concern = Concern.objects.get()
    assert concern.anonymous and concern.reporter is None and concern.recipient_person is None
    assert concern.case_lookup == case_lookup(key)
    stored = everything_stored()
    for secret in (key, PASSWORD, ADDRESS, BROWSER, "Invoices paid twice"):
        assert secret not in stored, f"{secret!r} is stored"
    event = AuditEvent.objects.get(action="concern.received")
    assert (event.actor_id, event.actor_label, event.source) == (None, "anonymous reporter", "")
    # The fraud manager and the Monitoring Officer are told; nobody is told who reported it.
    emails = OutgoingEmail.objects.all()
    assert {a for e in emails for a in e.to} == {
        fraud.email,
        council.mo.email,
        council.deputy.email,
    }
    assert all("Invoices" not in e.body for e in emails)
    # The key is shown once: it is not in the session, and the page is not cached.
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_signed_in_staff_report_anonymously_without_a_link_to_their_account(
    council: Council, fraud: Person
) -> None:
    client = signed_in(council.officer)
    response = post_report(client)
    assert response.status_code == 200
    concern = Concern.objects.get()
    assert concern.reporter is None and concern.anonymous
    stored = everything_stored()
    for identity in (council.officer.full_name, council.officer.email, ADDRESS, BROWSER):
        assert identity not in stored
    event = AuditEvent.objects.get(action="concern.received")
    assert event.actor_id is None and event.actor_label == "anonymous reporter"


def test_anonymous_reports_cannot_go_to_the_line_manager(council: Council) -> None:
    response = post_report(signed_in(council.officer), recipient="line_manager")
    assert response.status_code == 200
    assert "give your name" in response.content.decode()
    assert not Concern.objects.exists()


def test_visitors_cannot_choose_a_line_manager(council: Council) -> None:
    response = post_report(Client(), named="yes", name="A Contractor", recipient="line_manager")
    assert "Choose who should receive your concern" in response.content.decode()
    assert not Concern.objects.exists()


def test_a_named_report_to_the_line_manager(council: Council) -> None:
    response = post_report(signed_in(council.officer), named="yes", recipient="line_manager")
    assert response.status_code == 200
    concern = Concern.objects.get()
    assert concern.reporter == council.officer
    assert concern.recipient_person == council.manager
    subjects = {tuple(e.to): e.subject for e in OutgoingEmail.objects.all()}
    assert subjects[(council.officer.email,)].startswith("We have received your concern")
    assert (council.manager.email,) in subjects or any(
        council.manager.email in to for to in subjects
    )
    event = AuditEvent.objects.get(action="concern.received")
    assert event.actor_id == council.officer.user_id


def test_a_named_visitor_gets_a_confirmation_email(council: Council) -> None:
    post_report(Client(), named="yes", name="Pat Public", contact="pat@example.com")
    confirmation = OutgoingEmail.objects.get(to=["pat@example.com"])
    assert "case key" in confirmation.body
    assert "Invoices" not in confirmation.body


def test_an_anonymous_report_with_a_name_is_refused(council: Council) -> None:
    response = post_report(Client(), name="Pat Public")
    assert "remove your name" in response.content.decode()


def test_files_are_checked_by_content(council: Council, private_files: Any) -> None:
    fake = SimpleUploadedFile(
        "invoice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = post_report(Client(), attachments=[fake])
    assert "must be a PDF, PNG, JPEG, Word (.docx) or text file" in response.content.decode()
    png_named_pdf = SimpleUploadedFile("a.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    response = post_report(Client(), attachments=[png_named_pdf])
    assert "is not what its name says" in response.content.decode()
    real = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
    response = post_report(Client(), attachments=[real])
    assert response.status_code == 200
    stored = ConcernFile.objects.get()
    on_disk = (private_files / "concerns" / stored.stored_name).read_bytes()
    assert PDF not in on_disk and b"invoice" not in on_disk  # encrypted at rest


def test_the_reporter_follows_up_with_key_and_password(council: Council) -> None:
    key = key_from(post_report(Client()))
    reporter = Client()
    page = reverse("concerns:follow_up")
    response = reporter.post(page, {"key": key, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302 and response["Location"] == reverse("concerns:case")
    assert "sessionid" not in reporter.cookies  # a separate, cookie-only namespace
    assert reporter.get(reverse("concerns:case")).status_code == 200
    reporter.post(
        reverse("concerns:case"), {"text": "It was on the 3rd floor"}, REMOTE_ADDR=ADDRESS
    )
    message = ConcernMessage.objects.get()
    assert message.sender == "reporter" and message.author is None
    from probity.concerns.services import note_add

    note_add(actor=council.mo, concern=message.concern, text="Handlers only", now=clock.now())
    assert "Handlers only" not in reporter.get(reverse("concerns:case")).content.decode()
    assert "3rd floor" not in message.sealed
    events = AuditEvent.objects.filter(action__startswith="concern.reporter")
    assert {(e.actor_id, e.actor_label, e.source) for e in events} == {
        (None, "anonymous reporter", "")
    }
    # The reporter sees only their case: no handler pages.
    assert reporter.get(reverse("concerns:list")).status_code == 302
    reporter.post(reverse("concerns:case_sign_out"))
    assert reporter.get(reverse("concerns:case")).status_code == 302


def test_spaces_copied_with_the_key_do_not_matter(council: Council) -> None:
    key = key_from(post_report(Client()))
    assert concern_by_case_key(key=f"  {key[:10]} {key[10:]}\n", password=PASSWORD) is not None
    assert concern_by_case_key(key=key, password="wrong password") is None
    assert (
        concern_by_case_key(key=key[:-1] + ("A" if key[-1] != "A" else "B"), password=PASSWORD)
        is None
    )


def test_a_wrong_case_key_tried_many_times_is_throttled(council: Council) -> None:
    key = key_from(post_report(Client()))
    client = Client()
    page = reverse("concerns:follow_up")
    for attempt in range(5):
        response = client.post(
            page,
            {"key": f"guess-{attempt}-{'x' * 30}", "password": "nope nope nope"},
            REMOTE_ADDR=ADDRESS,
        )
        assert response.status_code == 200
        assert "not right" in response.content.decode()
    response = client.post(page, {"key": key, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 429  # even the right key waits
    assert "Too many wrong" in response.content.decode()
    # Another address may still come in; the count kept no address.
    response = Client().post(page, {"key": key, "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert ADDRESS not in everything_stored()


def test_wrong_passwords_for_one_key_are_throttled_from_any_address(council: Council) -> None:
    key = key_from(post_report(Client()))
    page = reverse("concerns:follow_up")
    for attempt in range(10):
        Client().post(
            page, {"key": key, "password": f"wrong {attempt}"}, REMOTE_ADDR=f"198.51.100.{attempt}"
        )
    response = Client().post(page, {"key": key, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429


def test_reports_from_one_client_are_limited(council: Council) -> None:
    client = Client()
    for _ in range(10):
        assert post_report(client).status_code == 200
    assert post_report(client).status_code == 429
    assert Concern.objects.count() == 10


class WithRequest(logging.Formatter):
    """Prints what a careless formatter could: the request's address and browser."""

    def format(self, record: logging.LogRecord) -> str:
        request = getattr(record, "request", None)
        meta = getattr(request, "META", {}) if request is not None else {}
        return (
            f"{record.getMessage()} from={meta.get('REMOTE_ADDR')} ua={meta.get('HTTP_USER_AGENT')}"
        )


@pytest.fixture
def console_log() -> Any:
    """The configured console handler, writing into a buffer, printing each record's request."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, NoAddressesOnPrivatePaths) for f in h.filters)
    )
    buffer = io.StringIO()
    old_stream, old_formatter = handler.stream, handler.formatter  # type: ignore[attr-defined]
    handler.setStream(buffer)  # type: ignore[attr-defined]
    handler.setFormatter(WithRequest())
    yield buffer
    handler.setStream(old_stream)  # type: ignore[attr-defined]
    handler.setFormatter(old_formatter)


def test_no_log_line_carries_a_reporters_address(
    council: Council, console_log: io.StringIO
) -> None:
    client = Client()
    post_report(client)
    client.get(
        "/report-a-concern/follow-up/nothing-here/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER
    )
    client.post(
        reverse("concerns:follow_up"), {"key": "x" * 43, "password": "y"}, REMOTE_ADDR=ADDRESS
    )
    logging.getLogger("django.request").warning(
        "Refused %s from %s", "/report-a-concern/follow-up/", ADDRESS
    )
    logging.getLogger("probity").warning("Odd request to /report-a-concern/ from 2001:db8::7")
    output = console_log.getvalue()
    assert "Not Found: /report-a-concern/follow-up/nothing-here/" in output
    assert "[address removed]" in output
    assert ADDRESS not in output and "2001:db8::7" not in output and BROWSER not in output


def test_other_log_lines_are_left_alone(council: Council, console_log: io.StringIO) -> None:
    logging.getLogger("probity").warning("Sign-in refused from %s", ADDRESS)
    Client().get("/registers/nothing/here/", REMOTE_ADDR=ADDRESS)
    assert console_log.getvalue().count(ADDRESS) == 2


def test_the_same_report_form_sent_twice_records_one_concern(
    council: Council, fraud: Person
) -> None:
    client = Client()
    shown = client.get(reverse("concerns:report")).content.decode()
    token = shown.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
    first = post_report(client, submission_token=token)
    assert "Your concern has been sent" in first.content.decode()
    emails = OutgoingEmail.objects.count()
    again = post_report(client, submission_token=token)  # the confirmation page refreshed
    page = again.content.decode()
    assert again.status_code == 200
    assert "Your concern has already been sent" in page
    assert Concern.objects.get().reference in page
    assert key_from(first) not in page  # the case key is never shown twice
    assert Concern.objects.count() == 1
    assert AuditEvent.objects.filter(action="concern.received").count() == 1
    assert OutgoingEmail.objects.count() == emails
    # A new form is a new report, even with the same words.
    post_report(client, submission_token=str(uuid.uuid4()))
    post_report(client)  # a form from before the token existed
    assert Concern.objects.count() == 3
