"""Email: recorded with the write that caused it, sent in the background, retried when it fails."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.models import DBTaskResult

from probity.core import clock, notify
from probity.core.models import AuditEvent, OutgoingEmail
from probity.core.notify import email_after_commit, email_retry, no_email
from probity.core.tasks import send_email

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
FAILING = "probity.core.tests.test_email.FailingBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


class FailingBackend(BaseEmailBackend):
    """A mail server that never answers."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPException("The mail server is not answering")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: OnCommit) -> OnCommit:
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with clock.frozen(T0):
        yield


def queue_one(on_commit: OnCommit, *, backend: str | None = None) -> OutgoingEmail:
    """Record and send one email (the immediate task backend sends it once the write commits)."""
    settings = {"EMAIL_BACKEND": backend} if backend else {}
    with override_settings(**settings), on_commit(execute=True), transaction.atomic():
        email_after_commit(
            to=["b@example.org", "a@example.org", "", "a@example.org"],
            subject="A declaration to review",
            body="Declaration GH-2027-0001 is waiting for you.",
        )
    return OutgoingEmail.objects.get()


def send_due(*, at: dt.datetime, on_commit: OnCommit, backend: str | None = None) -> str:
    out = StringIO()
    settings = {"EMAIL_BACKEND": backend} if backend else {}
    with clock.frozen(at), override_settings(**settings), on_commit(execute=True):
        call_command("send_due_email", stdout=out)
    return out.getvalue()


def run_worker_once() -> None:
    """Run the database worker until the queue is empty, leaving its loggers as they were."""
    loggers = [logging.getLogger(name) for name in (TASKS_LOGGER, "django_tasks_db")]
    levels = [each.level for each in loggers]
    try:
        call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def test_an_email_for_a_write_that_rolls_back_is_never_recorded_or_sent(
    on_commit: OnCommit,
) -> None:
    with (
        on_commit(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_after_commit(to=["a@example.org"], subject="Never", body="Never sent.")
        assert OutgoingEmail.objects.count() == 1
        raise RuntimeError("the write failed")
    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_email_is_recorded_then_sent_and_marked_sent(on_commit: OnCommit) -> None:
    email = queue_one(on_commit)
    assert email.status == OutgoingEmail.Status.SENT
    assert email.to == ["a@example.org", "b@example.org"]
    assert email.attempts == 1
    assert email.sent_at == T0
    assert email.last_attempt_at == T0
    assert email.last_error == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org", "b@example.org"]
    assert mail.outbox[0].subject == "A declaration to review"
    assert "GH-2027-0001" in str(mail.outbox[0].body)


def test_an_email_waits_in_the_queue_until_the_write_commits(on_commit: OnCommit) -> None:
    with on_commit(execute=False) as callbacks:
        email_after_commit(to=["a@example.org"], subject="Later", body="After commit.")
    assert len(callbacks) == 1
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []


def test_no_email_records_and_sends_nothing(on_commit: OnCommit) -> None:
    with on_commit(execute=True) as callbacks, no_email():
        email_after_commit(to=["a@example.org"], subject="Demo", body="Made up.")
    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_email_with_no_recipients_is_not_recorded(on_commit: OnCommit) -> None:
    with on_commit(execute=True):
        email_after_commit(to=["", ""], subject="Nobody", body="No one to tell.")
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it finishes
def test_the_task_queue_holds_only_the_email_id_until_a_worker_sends_it(
    on_commit: OnCommit,
) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        with on_commit(execute=True):
            email_after_commit(to=["a@example.org"], subject="Queued", body="Personal details.")
        email = OutgoingEmail.objects.get()
        assert email.status == OutgoingEmail.Status.QUEUED
        assert mail.outbox == []
        result = DBTaskResult.objects.get()
        assert result.args_kwargs == {"args": [email.pk], "kwargs": {}}
        run_worker_once()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_a_failure_is_recorded_and_retried_later_by_send_due_email(on_commit: OnCommit) -> None:
    email = queue_one(on_commit, backend=FAILING)
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 1
    assert email.last_attempt_at == T0
    assert email.last_error == "SMTPException: The mail server is not answering"
    assert email.sent_at is None
    assert email.retries_automatically
    assert mail.outbox == []

    # One attempt so far: it waits more than 10 minutes before the next.
    assert "Queued 0 failed emails" in send_due(
        at=T0 + dt.timedelta(minutes=9), on_commit=on_commit
    )
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED

    later = T0 + dt.timedelta(minutes=11)
    assert "Queued 1 failed email to" in send_due(at=later, on_commit=on_commit)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert email.sent_at == later
    assert email.last_error == ""
    assert len(mail.outbox) == 1
    assert "Queued 0" in send_due(at=later + dt.timedelta(days=1), on_commit=on_commit)


def test_each_failure_waits_longer_and_after_five_it_is_not_retried(on_commit: OnCommit) -> None:
    email = queue_one(on_commit, backend=FAILING)
    at = T0
    for attempts in range(1, OutgoingEmail.MAX_ATTEMPTS):
        at = at + attempts * OutgoingEmail.RETRY_WAIT + dt.timedelta(minutes=1)
        early = at - dt.timedelta(minutes=2)
        assert "Queued 0" in send_due(at=early, on_commit=on_commit, backend=FAILING)
        assert "Queued 1" in send_due(at=at, on_commit=on_commit, backend=FAILING)
        email.refresh_from_db()
        assert email.attempts == attempts + 1
        assert email.last_attempt_at == at
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == OutgoingEmail.MAX_ATTEMPTS
    assert not email.retries_automatically
    assert "Queued 0" in send_due(at=at + dt.timedelta(days=30), on_commit=on_commit)
    email.refresh_from_db()
    assert email.attempts == OutgoingEmail.MAX_ATTEMPTS
    assert mail.outbox == []


def test_a_person_can_retry_after_the_automatic_tries_and_it_is_audited(
    on_commit: OnCommit, django_user_model: Any
) -> None:
    email = queue_one(on_commit, backend=FAILING)
    email.attempts = OutgoingEmail.MAX_ATTEMPTS
    email.save(update_fields=["attempts"])
    actor = django_user_model.objects.create_user(username="mo")
    with on_commit(execute=True):
        assert email_retry(email_id=email.pk, now=T0, actor=actor, source="127.0.0.1")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == OutgoingEmail.MAX_ATTEMPTS + 1
    event = AuditEvent.objects.get(action="email.retried")
    assert event.actor == actor
    assert event.target_id == str(email.pk)
    assert "Declaration" not in str(event.after)


def test_only_a_failed_email_is_queued_again(on_commit: OnCommit) -> None:
    email = queue_one(on_commit)
    assert email.status == OutgoingEmail.Status.SENT
    with on_commit(execute=True) as callbacks:
        assert not email_retry(email_id=email.pk, now=T0)
        assert not email_retry(email_id=999999, now=T0)
    assert callbacks == []
    assert len(mail.outbox) == 1


def test_running_the_task_again_does_not_send_twice(on_commit: OnCommit) -> None:
    email = queue_one(on_commit)
    assert send_email.call(email.pk) is False
    assert send_email.call(999999) is False
    assert len(mail.outbox) == 1


def test_an_email_that_cannot_be_queued_is_marked_failed_and_retried(
    on_commit: OnCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenQueue:
        def enqueue(self, email_id: int) -> None:
            raise ConnectionError("the task database is down")

    monkeypatch.setattr(notify, "send_email", BrokenQueue())
    email = queue_one(on_commit)
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 0
    assert email.last_error == "Could not be queued: ConnectionError: the task database is down"
    monkeypatch.undo()
    assert "Queued 1" in send_due(at=T0 + dt.timedelta(seconds=1), on_commit=on_commit)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1


def test_an_email_never_handed_to_the_queue_is_sent_by_send_due_email(on_commit: OnCommit) -> None:
    # The write committed but the process stopped before the email was queued.
    with on_commit(execute=False), transaction.atomic():
        email_after_commit(to=["a@example.org"], subject="Stranded", body="Waiting.")
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert "never been queued" not in send_due(at=T0 + dt.timedelta(minutes=5), on_commit=on_commit)
    assert mail.outbox == []
    out = send_due(at=T0 + dt.timedelta(minutes=11), on_commit=on_commit)
    assert "Queued 1 email that had never been queued." in out
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_task_is_waiting_is_not_queued_twice(on_commit: OnCommit) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        with on_commit(execute=True):
            email_after_commit(to=["a@example.org"], subject="Queued", body="Waiting.")
        send_due(at=T0 + dt.timedelta(hours=1), on_commit=on_commit)
        assert DBTaskResult.objects.count() == 1
        run_worker_once()
    assert len(mail.outbox) == 1
