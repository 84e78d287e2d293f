"""Background tasks that know no domain."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from probity.core import clock
from probity.core.models import OutgoingEmail

logger = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """A short, readable account of what went wrong (the task result keeps the traceback)."""
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@task()
def send_email(email_id: int) -> bool:
    return _send_one(email_id)


@task()
def send_emails(email_ids: list[int]) -> int:
    """Send a batch of queued emails (invitations after an HR file); one failure is recorded on
    its email and does not stop the others. Returns how many were sent. An email no longer
    waiting is skipped, so a batch queued twice sends each once."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += int(_send_one(email_id))
        except Exception:
            logger.warning("Email %s in a batch failed; it is recorded on the email", email_id)
    return sent


def _send_one(email_id: int) -> bool:
    """Send one queued email and record the attempt.

    Only an email that is waiting to send is sent, so a task that runs twice sends it once. A
    failure is recorded on the email, then raised so the task result is marked failed too.
    """
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or email.status != OutgoingEmail.Status.QUEUED:
        return False
    try:
        send_mail(
            subject=email.subject,
            message=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=list(email.to),
            fail_silently=False,
        )
    except Exception as exc:
        email.mark_failed(now=clock.now(), error=describe_error(exc))
        logger.warning("Email %s failed on attempt %s", email.pk, email.attempts)
        raise
    email.mark_sent(now=clock.now())
    return True
