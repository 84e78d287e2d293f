"""Queue email once the transaction that caused it has committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction

from probity.core.tasks import send_email

_held: ContextVar[bool] = ContextVar("probity_email_held", default=False)


@contextmanager
def no_email() -> Iterator[None]:
    """Send no email for what happens inside (loading made-up demo history, imports)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def email_after_commit(*, to: list[str], subject: str, body: str) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients or _held.get():
        return
    transaction.on_commit(partial(send_email.enqueue, to=recipients, subject=subject, body=body))
