"""The Monitoring Officer's list of email not yet sent, and sending one again."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.models import AuditEvent, OutgoingEmail
from probity.core.notify import email_after_commit

T0 = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
SECRET = "Details of the officer's second job"

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPException("Connection refused by the mail server")


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with clock.frozen(T0):
        yield


@pytest.fixture
def failed(council: Council, django_capture_on_commit_callbacks: OnCommit) -> OutgoingEmail:
    backend = "tests.test_outbox.FailingBackend"
    with override_settings(EMAIL_BACKEND=backend), django_capture_on_commit_callbacks(execute=True):
        email_after_commit(
            to=["manager@example.org"], subject="Please review GH-2027-0001", body=SECRET
        )
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED
    return email


def test_the_monitoring_officer_and_deputy_see_failed_and_waiting_email(
    council: Council, failed: OutgoingEmail
) -> None:
    email_after_commit(to=["officer@example.org"], subject="Waiting in the queue", body=SECRET)
    for person in (council.mo, council.deputy):
        response = signed_in(person).get(reverse("outbox"))
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert "Please review GH-2027-0001" in html
        assert "manager@example.org" in html
        assert "SMTPException: Connection refused by the mail server" in html
        assert "Will be tried again automatically." in html
        assert "govuk-tag--red" in html
        assert "Waiting in the queue" in html
        assert html.index("Waiting in the queue") < html.index("Please review GH-2027-0001")
        assert SECRET not in html
        assert reverse("outbox_retry", kwargs={"email_id": failed.pk}) in html


def test_sent_email_is_not_listed(council: Council, failed: OutgoingEmail) -> None:
    failed.mark_sent(now=T0)
    html = signed_in(council.mo).get(reverse("outbox")).content.decode()
    assert "Please review GH-2027-0001" not in html
    assert "Every email has been sent." in html


@pytest.mark.parametrize("persona", ["officer", "manager", "head", "auditor", "councillor"])
def test_no_one_else_can_see_the_outbox_or_retry(
    council: Council, failed: OutgoingEmail, persona: str
) -> None:
    client = signed_in(getattr(council, persona))
    assert client.get(reverse("outbox")).status_code == 403
    url = reverse("outbox_retry", kwargs={"email_id": failed.pk})
    assert client.post(url).status_code == 403
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED


def test_the_monitoring_officer_can_send_a_failed_email_again(
    council: Council, failed: OutgoingEmail, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client = signed_in(council.mo)
    url = reverse("outbox_retry", kwargs={"email_id": failed.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"page": "1"}, follow=True)
    assert response.redirect_chain == [(reverse("outbox"), 302)]
    html = response.content.decode()
    assert "will be sent again" in html
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert failed.attempts == 2
    assert mail.outbox[-1].to == ["manager@example.org"]
    event = AuditEvent.objects.get(action="email.retried")
    assert event.actor == council.mo.user

    # Asking again does nothing: it has been sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "has not failed" in response.content.decode()
    assert len(mail.outbox) == 1


def test_retry_keeps_the_page_and_answers_404_for_an_unknown_email(
    council: Council, failed: OutgoingEmail
) -> None:
    client = signed_in(council.deputy)
    url = reverse("outbox_retry", kwargs={"email_id": failed.pk})
    assert client.post(url, {"page": "3"})["Location"] == reverse("outbox") + "?page=3"
    assert client.post(url, {"page": "x"})["Location"] == reverse("outbox")
    missing = reverse("outbox_retry", kwargs={"email_id": 999999})
    assert client.post(missing).status_code == 404


def test_retry_answers_only_post(council: Council, failed: OutgoingEmail) -> None:
    url = reverse("outbox_retry", kwargs={"email_id": failed.pk})
    assert signed_in(council.mo).get(url).status_code == 405
    assert signed_in(council.officer).get(url).status_code == 405


def test_the_list_is_paginated_fifty_to_a_page(council: Council) -> None:
    for number in range(51):
        email_after_commit(to=["a@example.org"], subject=f"Email number {number}", body=SECRET)
    client = signed_in(council.mo)
    first = client.get(reverse("outbox")).content.decode()
    assert "51 emails not yet sent" in first
    assert "Email number 50<" in first
    assert "Email number 0<" not in first
    second = client.get(reverse("outbox"), {"page": "2"}).content.decode()
    assert "Email number 0<" in second
