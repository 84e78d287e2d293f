"""Email: recorded in the caller's transaction, sent by a background task once it commits."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import User
from django.db import transaction

from probity.core import clock
from probity.core.audit import audit_record
from probity.core.bulkcopy import insert_rows
from probity.core.models import OutgoingEmail
from probity.core.tasks import describe_error, send_email, send_emails

logger = logging.getLogger(__name__)

_held: ContextVar[bool] = ContextVar("probity_email_held", default=False)


@contextmanager
def no_email() -> Iterator[None]:
    """Send no email for what happens inside (loading made-up demo history, imports)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def _enqueue(email_id: int) -> None:
    """Hand the email to the task queue. If that fails, mark it failed so it is retried."""
    try:
        send_email.enqueue(email_id)
    except Exception as exc:
        logger.exception("Email %s could not be queued", email_id)
        email = OutgoingEmail.objects.filter(pk=email_id).first()
        if email is not None and email.status == OutgoingEmail.Status.QUEUED:
            email.mark_failed(
                now=clock.now(),
                error=f"Could not be queued: {describe_error(exc)}",
                attempted=False,
            )


def email_after_commit(*, to: list[str], subject: str, body: str) -> None:
    """Record an email now; it is queued for sending only if the current transaction commits."""
    recipients = sorted({address for address in to if address})
    if not recipients or _held.get():
        return
    email = OutgoingEmail.objects.create(
        to=recipients,
        subject=subject,
        body=body,
        created_at=clock.now(),
        status=OutgoingEmail.Status.QUEUED,
    )
    email_id = email.pk
    # A lambda, not functools.partial: Django logs a failing robust callback by its __qualname__.
    transaction.on_commit(lambda: _enqueue(email_id), robust=True)


def emails_after_commit(messages: list[tuple[str, str, str]]) -> int:
    """Record many emails (address, subject, body) at once; they are queued for sending in
    batches only if the current transaction commits. Returns how many were recorded."""
    if _held.get():
        return 0
    now = clock.now()
    last = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    count = insert_rows(
        OutgoingEmail,
        ("to", "subject", "body", "created_at", "status", "attempts", "last_error"),
        (
            ([address], subject, body, now, OutgoingEmail.Status.QUEUED, 0, "")
            for address, subject, body in messages
            if address
        ),
    )
    ids = list(
        OutgoingEmail.objects.filter(pk__gt=last, created_at=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    emails_queue_after_commit(email_ids=ids)
    return count


#: Emails handed to one background task when many are written at once.
BATCH_SIZE = 200


def _enqueue_batches(email_ids: list[int]) -> None:
    for start in range(0, len(email_ids), BATCH_SIZE):
        batch = email_ids[start : start + BATCH_SIZE]
        try:
            send_emails.enqueue(batch)
        except Exception:
            logger.exception("A batch of %s emails could not be queued", len(batch))
            for email_id in batch:  # one by one; any still stranded, send_due_email finds
                _enqueue(email_id)


def emails_queue_after_commit(*, email_ids: list[int]) -> None:
    """Queue emails already recorded (written in bulk by the caller, status waiting) in batches,
    once the current transaction commits."""
    if not email_ids or _held.get():
        return
    ids = list(email_ids)
    transaction.on_commit(lambda: _enqueue_batches(ids), robust=True)


def emails_held() -> bool:
    """Whether email is held (``no_email``): bulk writers then record none."""
    return _held.get()


def email_retry(
    *, email_id: int, now: dt.datetime, actor: User | None = None, source: str = ""
) -> bool:
    """Queue a failed email to be sent again. False when it is not failed (waiting or sent).

    A retry asked for by a person is audited; the automatic retries are not.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).defer("body").first()
        if email is None or email.status != OutgoingEmail.Status.FAILED:
            return False
        email.mark_queued()
        if actor is not None:
            audit_record(
                actor=actor,
                action="email.retried",
                target=email,
                at=now,
                summary=f"Asked for email {email.pk} to be sent again",
                after={"attempts": email.attempts, "last_error": email.last_error},
                source=source,
            )
        transaction.on_commit(lambda: _enqueue(email_id), robust=True)
    return True


STUCK_AFTER = dt.timedelta(minutes=10)
"""A queued email with no task waiting to send it after this long was never handed to the queue."""


def _emails_with_a_task_waiting() -> set[int]:
    """Emails that a task not yet finished will send (the database queue's own records)."""
    from django_tasks_db.models import DBTaskResult

    waiting: set[int] = set()
    paths = [f"{t.func.__module__}.{t.func.__qualname__}" for t in (send_email, send_emails)]
    for args_kwargs in DBTaskResult.objects.filter(
        task_path__in=paths, finished_at__isnull=True
    ).values_list("args_kwargs", flat=True):
        args = (args_kwargs or {}).get("args") or []
        if args and isinstance(args[0], int):
            waiting.add(args[0])
        elif args and isinstance(args[0], list):
            waiting.update(e for e in args[0] if isinstance(e, int))
    return waiting


def emails_enqueue_stranded(*, now: dt.datetime) -> int:
    """Hand to the queue every email left waiting with no task to send it.

    An email is recorded in the write's transaction and queued once that commits; if the process
    stops in between, nothing would ever send it. Returns how many were queued.
    """
    stranded = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.QUEUED, created_at__lt=now - STUCK_AFTER
    ).values_list("pk", flat=True)
    waiting = _emails_with_a_task_waiting()
    queued = 0
    for email_id in list(stranded):
        if email_id not in waiting:
            _enqueue(email_id)
            queued += 1
    return queued
