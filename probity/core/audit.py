"""Writing audit events into one tamper-evident chain, and checking the chain.

``audit_record`` is called only from inside a service's transaction. Every event is appended
under a lock on the chain head (one row), so appends are serialised on every database; see
``auditchain`` for the hash and docs/adr/0010-tamper-evident-audit.md for the design.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction

from probity.core.auditchain import event_hash, hashes_match
from probity.core.bulkcopy import insert_rows
from probity.core.models import AuditChainHead, AuditCheck, AuditEvent

JSONValue = Any


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, JSONValue]:
    """A JSON-safe copy of a model instance's concrete field values."""
    data: dict[str, JSONValue] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str | list | dict):
            value = str(value)
        data[field.name] = value
    return data


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    at: dt.datetime,
    subject: str = "",
    summary: str = "",
    before: Mapping[str, JSONValue] | None = None,
    after: Mapping[str, JSONValue] | None = None,
    source: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Record an audit event. Must run inside the transaction of the write it describes.

    ``actor_label`` names an actor who has no account (such as "anonymous reporter")."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the service's transaction.")
    return _append(
        at=at,
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else actor_label[:200],
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        subject=subject,
        summary=summary[:300],
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        source=source[:64],
    )


def audit_event(
    *,
    action: str,
    target_type: str,
    at: dt.datetime,
    target_id: str = "",
    actor: User | None = None,
    subject: str = "",
    summary: str = "",
    source: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Record an event about something that is not one model instance (a batch of rows, a
    command run). Must run inside the transaction of the write it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the service's transaction.")
    return _append(
        at=at,
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_label=str(actor) if actor is not None else actor_label[:200],
        action=action,
        target_type=target_type[:80],
        target_id=target_id[:64],
        subject=subject[:64],
        summary=summary[:300],
        before=None,
        after=None,
        source=source[:64],
    )


def audit_account_event(
    *,
    action: str,
    user: User | None,
    at: dt.datetime,
    summary: str = "",
    source: str = "",
    subject: str = "",
    actor: User | None = None,
) -> AuditEvent:
    """Record something done to an account (sign-in, failed sign-in, sign-out, password reset,
    unlock) in its own transaction. The actor is the account's owner unless another is named."""
    actor = actor if actor is not None else user
    with transaction.atomic():
        return _append(
            at=at,
            actor_id=actor.pk if actor is not None and actor.pk else None,
            actor_label=str(actor) if actor is not None else "",
            action=action,
            target_type="auth.user",
            target_id=str(user.pk) if user is not None and user.pk else "",
            subject=subject[:64],
            summary=summary[:300],
            before=None,
            after=None,
            source=source[:64],
        )


@dataclass(frozen=True)
class AuditEntry:
    """One event for ``audit_records_bulk``: what ``audit_record`` takes, with the target named."""

    action: str
    target_type: str
    target_id: str
    subject: str = ""
    summary: str = ""
    before: Mapping[str, JSONValue] | None = None
    after: Mapping[str, JSONValue] | None = None


_BULK_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "subject",
    "summary",
    "before",
    "after",
    "source",
    "seq",
)


def audit_records_bulk(
    *,
    actor: User | None,
    at: dt.datetime,
    entries: list[AuditEntry],
    source: str = "",
    batch_size: int = 2000,
) -> int:
    """Append many events to the chain at once (an HR file of thousands of people).

    The chain head is locked once; each event's hash is worked out in order as ``audit_record``
    would, and the events are inserted in batches. Must run inside the write's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events are written inside the service's transaction.")
    if not entries:
        return 0
    head = _locked_head()
    key = settings.PROBITY_AUDIT_KEY
    actor_id = actor.pk if actor is not None and actor.pk else None
    actor_label = str(actor) if actor is not None else ""
    seq, prev = head.last_seq, head.last_hash
    names = (*_BULK_FIELDS, "prev_hash", "hash")
    rows: list[tuple[Any, ...]] = []
    for entry in entries:
        seq += 1
        fields: dict[str, Any] = {
            "at": at,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": entry.action,
            "target_type": entry.target_type[:80],
            "target_id": entry.target_id[:64],
            "subject": entry.subject[:64],
            "summary": entry.summary[:300],
            "before": dict(entry.before) if entry.before is not None else None,
            "after": dict(entry.after) if entry.after is not None else None,
            "source": source[:64],
            "seq": seq,
        }
        digest = event_hash(key=key, fields=fields, prev_hash=prev)
        rows.append((*(fields[n] for n in _BULK_FIELDS), prev, digest))
        prev = digest
    insert_rows(AuditEvent, names, rows)
    head.last_seq = seq
    head.last_hash = prev
    head.save(update_fields=["last_seq", "last_hash"])
    return len(rows)


def audit_count_since(
    *, action: str, since: dt.datetime, subject: str = "", source: str = ""
) -> int:
    """How many events of ``action`` since a time, for one subject or from one source."""
    events = AuditEvent.objects.filter(action=action, at__gte=since)
    if subject:
        events = events.filter(subject=subject)
    if source:
        events = events.filter(source=source)
    return events.count()


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the transaction ends (made once if it is missing)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=1)
        except IntegrityError:
            pass  # made at the same moment by another transaction
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def _append(**fields: Any) -> AuditEvent:
    head = _locked_head()
    fields["seq"] = head.last_seq + 1
    digest = event_hash(key=settings.PROBITY_AUDIT_KEY, fields=fields, prev_hash=head.last_hash)
    event = AuditEvent.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
    head.last_seq = event.seq
    head.last_hash = digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainResult:
    intact: bool
    events: int
    message: str
    first_bad_seq: int | None = None


_CHAIN_VALUES = (
    "id",
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "subject",
    "summary",
    "before",
    "after",
    "source",
    "prev_hash",
    "hash",
)


def _events_in_batches(batch_size: int) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(seq__gt=last)
            .order_by("seq")
            .values(*_CHAIN_VALUES)[:batch_size]
        )
        if not batch:
            return
        yield from batch
        last = batch[-1]["seq"]


def _describe(row: dict[str, Any]) -> str:
    return f"event {row['seq']} (id {row['id']}, {row['action']}, {row['at']:%Y-%m-%d %H:%M:%S})"


def audit_chain_check(*, batch_size: int = 1000) -> ChainResult:
    """Walk the whole chain in order, batch by batch, and name the first event that is wrong."""
    key = settings.PROBITY_AUDIT_KEY
    expected_seq = 1
    prev_hash = ""
    for row in _events_in_batches(batch_size):
        if row["seq"] != expected_seq:
            return ChainResult(
                False,
                expected_seq - 1,
                f"audit chain broken: event {expected_seq} is missing; the next is {_describe(row)}",
                expected_seq,
            )
        if not hashes_match(row["prev_hash"], prev_hash):
            return ChainResult(
                False,
                expected_seq - 1,
                f"audit chain broken at {_describe(row)}: it does not follow the event before it",
                expected_seq,
            )
        if not hashes_match(row["hash"], event_hash(key=key, fields=row, prev_hash=prev_hash)):
            return ChainResult(
                False,
                expected_seq - 1,
                f"audit chain broken at {_describe(row)}: its content has been changed",
                expected_seq,
            )
        prev_hash = row["hash"]
        expected_seq += 1
    count = expected_seq - 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, "")
    if head_seq != count or not hashes_match(head_hash, prev_hash):
        return ChainResult(
            False,
            count,
            f"audit chain broken: it should end at event {head_seq} but ends at event {count} "
            "(events at the end have been removed)",
            count + 1,
        )
    return ChainResult(True, count, f"audit chain intact: {count} events")


def audit_verify(*, now: dt.datetime, batch_size: int = 1000) -> ChainResult:
    """Check the chain and keep the result for the Monitoring Officer's home page."""
    result = audit_chain_check(batch_size=batch_size)
    AuditCheck.objects.update_or_create(
        pk=1,
        defaults={
            "checked_at": now,
            "intact": result.intact,
            "events": result.events,
            "message": result.message,
        },
    )
    return result


def audit_last_check() -> AuditCheck | None:
    return AuditCheck.objects.filter(pk=1).first()
