"""Queue failed emails to be sent again once their wait is over, and emails that were never
handed to the queue. Safe to run at any time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from probity.core import clock
from probity.core.models import OutgoingEmail
from probity.core.notify import email_retry, emails_enqueue_stranded


class Command(BaseCommand):
    help = (
        f"Queue failed emails to be sent again: each is tried up to {OutgoingEmail.MAX_ATTEMPTS} "
        f"times, waiting {OutgoingEmail.RETRY_WAIT.seconds // 60} minutes longer after each failure."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        due = OutgoingEmail.objects.due_for_retry(now=now).values_list("pk", flat=True)
        queued = sum(1 for email_id in list(due) if email_retry(email_id=email_id, now=now))
        self.stdout.write(
            f"Queued {queued} failed email{'' if queued == 1 else 's'} to send again."
        )
        stranded = emails_enqueue_stranded(now=now)
        if stranded:
            self.stdout.write(
                f"Queued {stranded} email{'' if stranded == 1 else 's'} that had never been queued."
            )
