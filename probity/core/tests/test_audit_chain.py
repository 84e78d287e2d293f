"""The audit chain shows any edit, removal, insertion or reordering of audit events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from probity.core import clock
from probity.core.audit import audit_chain_check, audit_last_check, audit_record
from probity.core.auditchain import event_hash
from probity.core.models import AuditEvent

AT = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


@contextmanager
def tampering() -> Iterator[None]:
    """On PostgreSQL the append-only trigger refuses changes; an attacker with the owner's
    rights could switch it off, so the chain must still show the change."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
    else:
        yield


def record_events(count: int) -> list[AuditEvent]:
    user = User.objects.create(username="someone")
    with transaction.atomic():
        return [
            audit_record(
                actor=user,
                action="thing.done",
                target=user,
                at=AT + dt.timedelta(minutes=n),
                summary=f"Thing {n} done",
                after={"n": n, "price": "1.50"},
            )
            for n in range(count)
        ]


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", "--batch-size", "2", stdout=out)
    return out.getvalue()


def test_hash_covers_content_and_the_previous_hash() -> None:
    fields = {"seq": 1, "at": AT, "action": "a", "after": {"b": 1, "a": 2}}
    same = {"seq": 1, "at": AT.astimezone(dt.timezone(dt.timedelta(hours=1))), "action": "a"}
    same["after"] = {"a": 2, "b": 1}
    assert event_hash(key="k", fields=fields, prev_hash="") == event_hash(
        key="k", fields=same, prev_hash=""
    )
    assert event_hash(key="k", fields=fields, prev_hash="") != event_hash(
        key="k", fields=fields, prev_hash="x"
    )
    assert event_hash(key="k", fields=fields, prev_hash="") != event_hash(
        key="other", fields=fields, prev_hash=""
    )
    assert event_hash(key="k", fields=fields, prev_hash="") != event_hash(
        key="k", fields={**fields, "seq": 2}, prev_hash=""
    )


@pytest.mark.django_db
def test_an_untouched_chain_is_intact_and_the_result_is_kept() -> None:
    before = AuditEvent.objects.count()
    record_events(5)
    assert verify().strip() == f"audit chain intact: {before + 5} events"
    check = audit_last_check()
    assert check is not None
    assert check.intact
    assert check.events == before + 5


@pytest.mark.django_db
def test_events_follow_one_another() -> None:
    events = record_events(3)
    assert [e.seq for e in events] == [events[0].seq, events[0].seq + 1, events[0].seq + 2]
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash


@pytest.mark.django_db
def test_an_edited_event_is_named() -> None:
    events = record_events(5)
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).update(summary="Nothing happened")
    with pytest.raises(CommandError, match=f"event {events[2].seq} .*changed"):
        verify()
    check = audit_last_check()
    assert check is not None
    assert not check.intact


@pytest.mark.django_db
def test_an_edited_before_or_after_is_named() -> None:
    events = record_events(4)
    with tampering():
        AuditEvent.objects.filter(pk=events[1].pk).update(after={"n": 99, "price": "1.50"})
    with pytest.raises(CommandError, match=f"event {events[1].seq} "):
        verify()


@pytest.mark.django_db
def test_a_deleted_event_is_named() -> None:
    events = record_events(5)
    with tampering():
        AuditEvent.objects.filter(pk=events[2].pk).delete()
    with pytest.raises(CommandError, match=f"event {events[2].seq} is missing"):
        verify()


@pytest.mark.django_db
def test_a_deleted_last_event_is_noticed() -> None:
    events = record_events(3)
    with tampering():
        AuditEvent.objects.filter(pk=events[-1].pk).delete()
    with pytest.raises(CommandError, match="removed"):
        verify()


@pytest.mark.django_db
def test_an_inserted_event_is_named() -> None:
    events = record_events(3)
    forged = AuditEvent(
        at=events[1].at,
        action="thing.done",
        target_type="auth.user",
        target_id="1",
        summary="Forged",
        seq=events[1].seq,
        prev_hash=events[0].hash,
        hash="0" * 64,
    )
    # Move the later events one place on, and put the forged event in the gap.
    with tampering():
        for event in reversed(events[1:]):
            AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
        forged.save(force_insert=True)
    with pytest.raises(CommandError, match=f"event {events[1].seq} "):
        verify()


@pytest.mark.django_db
def test_reordered_events_are_named() -> None:
    events = record_events(4)
    first, second = events[1], events[2]
    with tampering():
        AuditEvent.objects.filter(pk=first.pk).update(seq=999_999)
        AuditEvent.objects.filter(pk=second.pk).update(seq=first.seq)
        AuditEvent.objects.filter(pk=first.pk).update(seq=second.seq)
    with pytest.raises(CommandError, match=f"event {first.seq} "):
        verify()


@pytest.mark.django_db
def test_the_chain_check_counts_every_event_in_batches() -> None:
    before = AuditEvent.objects.count()
    record_events(7)
    result = audit_chain_check(batch_size=3)
    assert result.intact
    assert result.events == before + 7


@pytest.mark.django_db
def test_postgresql_refuses_to_change_or_delete_audit_events() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger exists on PostgreSQL only.")
    event = record_events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_now_is_aware() -> None:
    assert clock.now().tzinfo is not None


def test_bulk_events_continue_the_chain_and_check_intact(db: None) -> None:
    from probity.core.audit import AuditEntry, audit_records_bulk

    record_events(2)
    user = User.objects.get(username="someone")
    with transaction.atomic():
        written = audit_records_bulk(
            actor=user,
            at=AT,
            entries=[
                AuditEntry(
                    action="person.added",
                    target_type="people.person",
                    target_id=str(n),
                    summary=f"Person {n}",
                    after={"n": n, "name": "Ann"},
                )
                for n in range(5)
            ],
            batch_size=2,
        )
        assert audit_records_bulk(actor=None, at=AT, entries=[]) == 0
    assert written == 5
    with transaction.atomic():
        audit_record(actor=user, action="after.bulk", target=user, at=AT)
    result = audit_chain_check()
    assert result.intact, result.message
    assert result.events == 8
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 9)
    )
