"""Receiving and applying HR files: the same planner and the same apply for the upload page and
for ``manage.py import_people``.

A file is read and planned when it arrives (``feed_receive``), shown as a preview, and applied
only when confirmed (``feed_apply``): planned again, refused if anything changed since the
preview or if any row is wrong, then written all at once in one transaction with its audit
events. Applying the same file again plans nothing, writes nothing and audits nothing.
Nobody is deleted: people missing from a full file are listed as "not in the last HR file".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.db import connection, connections, transaction
from django.db.models import Q

from probity.core.audit import AuditEntry, audit_records_bulk
from probity.core.bulkcopy import insert_rows
from probity.core.clock import LONDON
from probity.core.notify import emails_after_commit
from probity.people import hooks
from probity.people.feed import Current, FeedRow, Organisation, Plan, plan
from probity.people.feed_files import read_file
from probity.people.models import Directorate, FeedImport, Grade, Person, Service
from probity.people.org_services import (
    HR_KINDS,
    INVITATION_SUBJECT,
    InvitationLinks,
    invitation_body,
    sso_enabled,
    username_for,
)

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
BATCH = 1000
SOURCE = "HR file"


PERSON_COLUMNS = (
    "user_id",
    "employee_number",
    "full_name",
    "email",
    "job_title",
    "grade_id",
    "service_id",
    "line_manager_id",
    "start_date",
    "leaving_date",
    "kind",
    "not_in_feed_since",
)


class FeedRefused(ValueError):
    """The file cannot be applied as it stands (row errors, or the people changed since)."""


#: Seconds spent in each part of the last apply in this process (for ``bench_import``).
TIMINGS: dict[str, float] = {}
_clock: list[float] = [0.0]


def _mark(label: str) -> None:
    now = time.perf_counter()
    TIMINGS[label] = round(now - _clock[0], 2)
    _clock[0] = now


def unusable_password() -> str:
    """What ``make_password(None)`` stores (no password can match it), made quicker."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LONDON).date()


def current_state() -> tuple[dict[str, Current], Organisation]:
    """Everyone with an employee number, in the file's terms, and the organisation's names:
    four queries whatever the size of the council."""
    people: dict[str, Current] = {}
    numbers = dict(
        Person.objects.filter(employee_number__isnull=False).values_list("id", "employee_number")
    )
    for row in (
        Person.objects.filter(employee_number__isnull=False)
        .values_list(
            "id",
            "employee_number",
            "full_name",
            "email",
            "job_title",
            "grade__name",
            "service__name",
            "line_manager_id",
            "start_date",
            "leaving_date",
            "kind",
            "not_in_feed_since",
        )
        .iterator(chunk_size=5000)
    ):
        (pid, number, name, email, title, grade, service, manager, start, leaving, kind, gone) = row
        number = str(number)
        people[number] = Current(
            person_id=pid,
            employee_number=number,
            record={
                "full_name": name,
                "email": email,
                "job_title": title,
                "grade": grade or "",
                "service": service or "",
                "line_manager": str(numbers.get(manager) or "") if manager else "",
                "start_date": start.isoformat() if start else "",
                "leaving_date": leaving.isoformat() if leaving else "",
                "kind": kind,
            },
            not_in_feed=gone is not None,
            kept_by_hr=kind in HR_KINDS,
        )
    services = dict(Service.objects.values_list("name", "directorate__name"))
    org = Organisation.of(
        grades=Grade.objects.values_list("name", flat=True),
        services=services,
        directorates=Directorate.objects.values_list("name", flat=True),
    )
    return people, org


def plan_rows(rows: list[FeedRow], *, full: bool, today: dt.date) -> Plan:
    people, org = current_state()
    return plan(rows, current=people, org=org, full=full, today=today)


def _stored(rows: list[FeedRow]) -> list[list[Any]]:
    return [[r.number, dict(r.cells)] for r in rows]


def _loaded(stored: Iterable[list[Any]]) -> list[FeedRow]:
    return [FeedRow(number=int(n), cells=cells) for n, cells in stored]


def feed_receive(
    *, user: User | None, filename: str, data: bytes, full: bool, now: dt.datetime
) -> tuple[FeedImport, Plan]:
    """Read and plan a file, keeping it for the preview; writes no person and no audit event.
    ``feed_files.FileProblem`` when the file cannot be read at all."""
    rows = read_file(filename, data)
    result = plan_rows(rows, full=full, today=_today(now))
    feed = FeedImport.objects.create(
        created_at=now,
        created_by=user,
        filename=filename[:200],
        digest=hashlib.sha256(data).hexdigest(),
        full=full,
        rows=_stored(rows),
        summary=result.summary(),
        plan_digest=result.digest(),
        total=len(rows),
    )
    return feed, result


def feed_plan(feed: FeedImport, *, now: dt.datetime) -> Plan:
    """The plan of a received file, made again against the people as they are now."""
    return plan_rows(_loaded(feed.rows), full=feed.full, today=_today(now))


def _set_progress(feed_id: int | None, done: int, total: int) -> None:
    """Record progress where the page can see it while the apply's transaction is open: on
    PostgreSQL through a connection of its own; elsewhere only between transactions."""
    if feed_id is None:
        return
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        if not connection.in_atomic_block:
            FeedImport.objects.filter(pk=feed_id).update(done=done, total=total)
        return
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {FeedImport._meta.db_table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608
                [done, total, feed_id],
            )
    except Exception:
        logger.warning("Could not record the progress of HR file %s", feed_id)
    finally:
        side.close()


def feed_apply(
    *,
    feed: FeedImport | None = None,
    rows: list[FeedRow] | None = None,
    full: bool = False,
    user: User | None,
    actor: Person | None = None,
    now: dt.datetime,
    source: str = SOURCE,
    expected_digest: str = "",
) -> Plan:
    """Apply a received file (or rows read by the command): all or nothing, audited.

    Refused (``FeedRefused``) when any row is wrong, or when ``expected_digest`` is given and
    the plan is no longer the one previewed."""
    if feed is not None:
        rows, full = _loaded(feed.rows), feed.full
    assert rows is not None, "Give a received file or rows"  # noqa: S101 - a caller's mistake
    feed_id = feed.pk if feed is not None else None
    today = _today(now)
    started = time.perf_counter()
    result = plan_rows(rows, full=full, today=today)
    TIMINGS.clear()
    TIMINGS["plan"] = round(time.perf_counter() - started, 2)
    if result.errors:
        raise FeedRefused(
            f"The file has {len(result.errors)} rows with errors; put them right and try again"
        )
    if expected_digest and result.digest() != expected_digest:
        raise FeedRefused(
            "The people recorded have changed since the preview: look at the new preview"
        )
    total = len(result.adds) + len(result.changes) + len(result.leavers) + 1
    _set_progress(feed_id, 0, total)
    with transaction.atomic():
        if result.changes_anything:
            _write(result, user=user, actor=actor, now=now, source=source, feed_id=feed_id)
        if feed is not None:
            FeedImport.objects.filter(pk=feed.pk).update(
                status=FeedImport.Status.APPLIED,
                finished_at=now,
                done=total,
                total=total,
                summary=result.summary(),
                message="",
            )
    return result


def _write(
    result: Plan,
    *,
    user: User | None,
    actor: Person | None,
    now: dt.datetime,
    source: str,
    feed_id: int | None,
) -> None:
    today = _today(now)
    _clock[0] = time.perf_counter()
    grades = dict(Grade.objects.values_list("name", "id"))
    services = dict(Service.objects.values_list("name", "id"))
    ids = dict(
        Person.objects.filter(employee_number__isnull=False).values_list("employee_number", "id")
    )
    total = len(result.adds) + len(result.changes) + len(result.leavers) + 1
    done = 0
    entries: list[AuditEntry] = []

    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    # Starters: an account each (no usable password), then the person, then their manager.
    invitations: list[tuple[str, str, str]] = []
    people_by_number: dict[str, Person] = {}
    if result.adds:
        wanted = {a.record["email"].lower() for a in result.adds}
        taken = set(
            User.objects.filter(username__in=sorted(wanted)).values_list("username", flat=True)
        )
        names: list[str] = []
        user_rows = []
        for add in result.adds:
            name = username_for(add.record["email"], add.employee_number, taken)
            taken.add(name)
            names.append(name)
            user_rows.append(
                (name, add.record["email"], unusable_password(), "", "", False, True, False, now)
            )
        insert_rows(
            User,
            (
                "username",
                "email",
                "password",
                "first_name",
                "last_name",
                "is_staff",
                "is_active",
                "is_superuser",
                "date_joined",
            ),
            user_rows,
        )
        user_ids: dict[str, int] = {}
        for start in range(0, len(names), 10_000):
            user_ids.update(
                User.objects.filter(username__in=names[start : start + 10_000]).values_list(
                    "username", "id"
                )
            )
        users = [
            User(pk=user_ids[name], username=name, email=row[1], password=row[2], date_joined=now)
            for name, row in zip(names, user_rows, strict=True)
        ]
        # Level by level down the management line, so each manager has an id before the
        # people who report to them are inserted (no second pass over the new rows).
        level: dict[str, int] = {}
        adding = {a.employee_number: a for a in result.adds}

        def depth(number: str) -> None:
            chain: list[str] = []
            while number in adding and number not in level and number not in chain:
                chain.append(number)
                number = adding[number].record["line_manager"]
            base = level.get(number, -1)
            for member in reversed(chain):
                base += 1
                level[member] = base

        for add in result.adds:
            depth(add.employee_number)
        account = {a.employee_number: u for a, u in zip(result.adds, users, strict=True)}
        _mark("users")
        for current_level in sorted(set(level.values())):
            wave = [a for a in result.adds if level[a.employee_number] == current_level]
            people = [
                Person(
                    user_id=account[add.employee_number].pk,
                    employee_number=add.employee_number,
                    full_name=add.record["full_name"],
                    email=add.record["email"],
                    job_title=add.record["job_title"],
                    grade_id=grades.get(add.record["grade"]),
                    service_id=services.get(add.record["service"]),
                    line_manager_id=ids.get(add.record["line_manager"])
                    if add.record["line_manager"]
                    else None,
                    start_date=day(add.record["start_date"]),
                    leaving_date=day(add.record["leaving_date"]),
                    kind=add.record["kind"],
                )
                for add in wave
            ]
            insert_rows(
                Person,
                PERSON_COLUMNS,
                ([getattr(p, name) for name in PERSON_COLUMNS] for p in people),
            )
            done += len(people)
            _set_progress(feed_id, done, total)
            wave_numbers = [a.employee_number for a in wave]
            for start in range(0, len(wave_numbers), 10_000):
                ids.update(
                    Person.objects.filter(
                        employee_number__in=wave_numbers[start : start + 10_000]
                    ).values_list("employee_number", "id")
                )
            for person in people:
                person.pk = ids[person.employee_number or ""]
                people_by_number[person.employee_number or ""] = person
        for add in result.adds:
            person = people_by_number[add.employee_number]
            entries.append(
                AuditEntry(
                    action="person.added",
                    target_type="people.person",
                    target_id=str(person.pk),
                    subject=add.employee_number,
                    summary=f"Added {add.record['full_name']} from the HR file (row {add.row})",
                    after={"employee_number": add.employee_number, **add.record},
                )
            )
        _mark("people")
        if not sso_enabled():
            links = InvitationLinks()
            for add in result.adds:
                person = people_by_number[add.employee_number]
                if person.leaving_date is None or person.leaving_date >= today:
                    user_account = account[add.employee_number]
                    invitations.append(
                        (
                            add.record["email"],
                            INVITATION_SUBJECT,
                            invitation_body(
                                person=person, user=user_account, link=links.link(user_account)
                            ),
                        )
                    )

    _mark("invitations")
    # Changes and leavers: the fields that differ, in batches.
    moved: set[int] = set()
    gone: set[int] = set()
    changes = [(c, False) for c in result.changes] + [(c, True) for c in result.leavers]
    columns = {
        "full_name": "full_name",
        "email": "email",
        "job_title": "job_title",
        "grade": "grade",
        "service": "service",
        "line_manager": "line_manager",
        "start_date": "start_date",
        "leaving_date": "leaving_date",
        "kind": "kind",
    }
    for start in range(0, len(changes), BATCH):
        batch = changes[start : start + BATCH]
        found = Person.objects.in_bulk([c.person_id for c, _ in batch])
        touched: set[str] = set()
        emails: list[User] = []
        for change, is_leaver in batch:
            person = found[change.person_id]
            for name, value in change.after.items():
                touched.add(columns[name])
                if name == "grade":
                    person.grade_id = grades.get(value)
                elif name == "service":
                    person.service_id = services.get(value)
                elif name == "line_manager":
                    person.line_manager_id = ids.get(value) if value else None
                    moved.add(person.pk)
                elif name in ("start_date", "leaving_date"):
                    setattr(person, name, day(value))
                else:
                    setattr(person, name, value)
            if "leaving_date" in change.after and person.leaving_date is not None:
                person.not_in_feed_since = None
                touched.add("not_in_feed_since")
                if person.leaving_date < today:
                    gone.add(person.pk)
            if "email" in change.after and person.user_id is not None:
                emails.append(User(pk=person.user_id, email=change.after["email"]))
            entries.append(
                AuditEntry(
                    action="person.left" if is_leaver else "person.changed",
                    target_type="people.person",
                    target_id=str(person.pk),
                    subject=change.employee_number,
                    summary=(
                        f"{person.full_name} leaves on {change.after['leaving_date']} "
                        f"(HR file row {change.row})"
                        if is_leaver
                        else f"Changed {', '.join(change.after).replace('_', ' ')} of "
                        f"{person.full_name} (HR file row {change.row})"
                    )[:300],
                    before=change.before,
                    after=change.after,
                )
            )
        Person.objects.bulk_update(list(found.values()), sorted(touched), batch_size=BATCH)
        if emails:
            User.objects.bulk_update(emails, ["email"], batch_size=BATCH)
        done += len(batch)
        _set_progress(feed_id, done, total)

    _mark("changes")
    starting = {p.pk for p in people_by_number.values() if p.pk is not None}
    starting.update(c.person_id for c, _ in changes if "start_date" in c.after)
    if result.newly_missing:
        Person.objects.filter(pk__in=result.newly_missing).update(not_in_feed_since=today)
    if result.back_in:
        Person.objects.filter(pk__in=result.back_in).update(not_in_feed_since=None)

    summary = result.summary()
    entries.append(
        AuditEntry(
            action="people.hr_file_applied",
            target_type="people.feedimport",
            target_id=str(feed_id or ""),
            summary=(
                f"HR file applied: {summary['adds']} added, {summary['changes']} changed, "
                f"{summary['leavers']} leaving, {summary['newly_missing']} newly not in the file, "
                f"{summary['back_in']} back in the file"
            ),
            after=summary,
        )
    )
    audit_records_bulk(actor=user, at=now, entries=entries, source=source)
    _mark("audit")
    if invitations:
        emails_after_commit(invitations)

    _mark("emails")
    # New starters get their induction checklist (one statement, in this transaction).
    hooks.announce_people_starting(hooks.PeopleStarting(frozenset(starting), now))
    # Waiting work follows new line managers and leaves people who have gone.
    if moved:
        hooks.announce_line_managers_changed(
            hooks.LineManagersChange(
                person_ids=frozenset(moved), now=now, actor=actor, reason="line managers changed"
            )
        )
    if gone:
        hooks.announce_holdings_changed(
            hooks.HoldingsChange(
                office_ids=frozenset(),
                person_ids=frozenset(gone),
                now=now,
                actor=actor,
                reason="people left",
            )
        )
    _mark("hooks")
    _set_progress(feed_id, total, total)


def feed_run(*, feed_id: int, user: User | None, actor: Person | None, now: dt.datetime) -> bool:
    """Apply a confirmed file (queued by the page); its status and message say how it went."""
    feed = FeedImport.objects.filter(pk=feed_id).first()
    if feed is None or not feed_start(feed=feed, queued=True):
        return False
    try:
        feed_apply(feed=feed, user=user, actor=actor, now=now, expected_digest=feed.plan_digest)
    except FeedRefused as refused:
        feed_failed(feed_id=feed_id, message=str(refused), now=now)
        return False
    except Exception:
        logger.exception("HR file %s could not be applied", feed_id)
        feed_failed(
            feed_id=feed_id,
            message="Something went wrong, so nothing was changed. Try again, or ask for help.",
            now=now,
        )
        raise
    return True


def feed_discard(*, feed: FeedImport) -> None:
    FeedImport.objects.filter(pk=feed.pk, status=FeedImport.Status.PREVIEW).update(
        status=FeedImport.Status.DISCARDED
    )


def feed_start(*, feed: FeedImport, queued: bool = False) -> bool:
    """Claim a previewed file for applying; False when it was applied, discarded or is being
    applied already (a second click, a second worker)."""
    allowed = [FeedImport.Status.PREVIEW] if not queued else [FeedImport.Status.QUEUED]
    target = FeedImport.Status.QUEUED if not queued else FeedImport.Status.RUNNING
    return bool(FeedImport.objects.filter(pk=feed.pk, status__in=allowed).update(status=target))


def feed_failed(*, feed_id: int, message: str, now: dt.datetime) -> None:
    FeedImport.objects.filter(pk=feed_id).update(
        status=FeedImport.Status.FAILED, message=message[:2000], finished_at=now
    )


def missing_people(*, today: dt.date) -> Any:
    return Person.objects.filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gte=today),
        kind__in=HR_KINDS,
        not_in_feed_since__isnull=False,
    )


def bench_import(path: str | Path, *, full: bool = True) -> dict[str, Any]:
    """Import an HR file as the nightly command does, timed (for ``make bench``)."""
    from probity.core import clock

    data = Path(path).read_bytes()
    started = time.perf_counter()
    rows = read_file(str(path), data)
    read_s = time.perf_counter() - started
    result = feed_apply(rows=rows, full=full, user=None, now=clock.now(), source="bench")
    return {
        "rows": len(rows),
        "read_seconds": round(read_s, 2),
        "seconds": round(time.perf_counter() - started, 2),
        "summary": result.summary(),
        "parts": dict(TIMINGS),
    }
