"""Queue email once the transaction that caused it has committed."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from probity.core.tasks import send_email


def email_after_commit(*, to: list[str], subject: str, body: str) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    transaction.on_commit(partial(send_email.enqueue, to=recipients, subject=subject, body=body))
