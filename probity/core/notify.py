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
from probity.core.models import OutgoingEmail
from probity.core.tasks import describe_error, send_email

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
