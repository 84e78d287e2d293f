"""Writes of training and induction. Each is one transaction with its audit event.

Sessions and attendance are kept by HR and OD and the Monitoring Officer (and their deputies),
like the people records. A new starter's induction checklist is written when they are added
(``people.hooks.people_starting``), in the same transaction: for an HR file, one INSERT ... SELECT
for everyone added, so a whole workforce's first file stays quick.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef

from probity.core.audit import audit_event, audit_record, snapshot
from probity.core.clock import LONDON
from probity.cycle.choices import AttendanceSource, ImportStatus, SessionKind
from probity.cycle.models import Attendance, AttendanceImport, InductionChecklist, TrainingSession
from probity.cycle.rules import AttendancePlan, attendance_header_problems, plan_attendance
from probity.cycle.selectors import cycle_settings
from probity.cycle.training_selectors import lookup_for_file, new_starter_filter
from probity.people import hooks
from probity.people.feed import FeedRow
from probity.people.feed_files import read_file
from probity.people.models import Person
from probity.people.org_services import require_people_keeper

#: People given checklists in one statement (bounded so the statement's parameters stay few).
CHUNK = 10_000


class TrainingRefused(ValueError):
    """A change the rules do not allow; the message says why, for the person."""


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LONDON).date()


def training_session_create(
    *,
    actor: Person,
    title: str,
    held_on: dt.date,
    kind: SessionKind,
    notes: str = "",
    now: dt.datetime,
    source: str = "",
) -> TrainingSession:
    """HR or the Monitoring Officer records a training session (held, or planned)."""
    require_people_keeper(person=actor, now=now)
    if not title.strip():
        raise TrainingRefused("Enter the title of the session")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            title=title.strip(),
            held_on=held_on,
            kind=kind,
            notes=notes.strip(),
            created_at=now,
            created_by=actor,
        )
        audit_record(
            actor=actor.user,
            action="training.session_added",
            target=session,
            at=now,
            subject=f"session-{session.pk}",
            summary=f"Added the {SessionKind(kind).label.lower()} session “{session.title}” "
            f"on {held_on:%d %B %Y}",
            after=snapshot(session),
            source=source,
        )
    return session


def _write_attendance(
    *,
    session: TrainingSession,
    person_ids: list[int],
    actor: Person,
    now: dt.datetime,
    how: AttendanceSource,
) -> int:
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                person_id=person_id,
                recorded_at=now,
                recorded_by=actor,
                source=how,
            )
            for person_id in person_ids
        ],
        batch_size=2000,
    )
    return len(person_ids)


def attendance_record(
    *,
    actor: Person,
    session: TrainingSession,
    person_ids: list[int],
    now: dt.datetime,
    source: str = "",
) -> int:
    """Record that these people attended; anyone recorded already is left as they are.
    Returns how many were added."""
    require_people_keeper(person=actor, now=now)
    with transaction.atomic():
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        known = set(
            Person.objects.filter(pk__in=sorted(set(person_ids))).values_list("pk", flat=True)
        )
        already = set(
            Attendance.objects.filter(session=session, person_id__in=sorted(known)).values_list(
                "person_id", flat=True
            )
        )
        new = sorted(known - already)
        if not new:
            return 0
        added = _write_attendance(
            session=session, person_ids=new, actor=actor, now=now, how=AttendanceSource.BY_HAND
        )
        audit_event(
            action="training.attendance_recorded",
            target_type="cycle.trainingsession",
            target_id=str(session.pk),
            actor=actor.user,
            at=now,
            subject=f"session-{session.pk}",
            summary=f"Recorded {added} {'person' if added == 1 else 'people'} as attending "
            f"“{session.title}”",
            source=source,
        )
    return added


def attendance_remove(
    *,
    actor: Person,
    attendance: Attendance,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> None:
    """Take back an attendance recorded by mistake. The row goes, so the person is due training
    and their induction item is open again as if it had never been recorded; the audit trail
    keeps who had been recorded, by whom and when, who took it back and why."""
    require_people_keeper(person=actor, now=now)
    reason = " ".join(reason.split())
    if not reason:
        raise TrainingRefused("Enter why this attendance is being removed")
    with transaction.atomic():
        row = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("session", "person", "recorded_by")
            .filter(pk=attendance.pk)
            .first()
        )
        if row is None:
            raise TrainingRefused("That attendance has already been removed")
        audit_event(
            action="training.attendance_removed",
            target_type="cycle.trainingsession",
            target_id=str(row.session_id),
            actor=actor.user,
            at=now,
            subject=f"session-{row.session_id}",
            summary=(
                f"Removed {row.person.full_name} from “{row.session.title}” (recorded "
                f"{row.get_source_display().lower()} by {row.recorded_by.full_name} on "
                f"{row.recorded_at.astimezone(LONDON):%d %B %Y}). Reason: {reason}"
            )[:300],
            source=source,
        )
        row.delete()


def _stored(rows: list[FeedRow]) -> list[list[object]]:
    return [[r.number, dict(r.cells)] for r in rows]


def attendance_plan(*, record: AttendanceImport) -> AttendancePlan:
    """The plan of a received file, made against the people and attendance as they are now."""
    rows = [(int(number), dict(cells)) for number, cells in record.rows]
    by_number, by_email, attended = lookup_for_file(
        numbers=(str(c.get("employee_number") or "").strip() for _, c in rows),
        emails=(str(c.get("email") or "").strip() for _, c in rows),
        session=record.session,
    )
    return plan_attendance(rows, by_number=by_number, by_email=by_email, attended=attended)


def attendance_import_receive(
    *,
    actor: Person,
    session: TrainingSession,
    filename: str,
    data: bytes,
    now: dt.datetime,
) -> tuple[AttendanceImport, AttendancePlan]:
    """Read a file of attendees and keep it for the preview; records no attendance.
    ``people.feed_files.FileProblem`` when the file cannot be read at all."""
    require_people_keeper(person=actor, now=now)
    rows = read_file(filename, data, header_check=attendance_header_problems)
    record = AttendanceImport.objects.create(
        session=session,
        created_at=now,
        created_by=actor,
        filename=filename[:200],
        digest=hashlib.sha256(data).hexdigest(),
        rows=_stored(rows),
    )
    return record, attendance_plan(record=record)


def attendance_import_apply(
    *,
    actor: Person,
    record: AttendanceImport,
    expected_digest: str,
    now: dt.datetime,
    source: str = "",
) -> int:
    """Apply a previewed file: all or nothing. Refused when any row is wrong or the plan is no
    longer the one previewed. Rows naming people already recorded add nothing."""
    require_people_keeper(person=actor, now=now)
    with transaction.atomic():
        record = (
            AttendanceImport.objects.select_for_update().select_related("session").get(pk=record.pk)
        )
        if record.status != ImportStatus.PREVIEW:
            raise TrainingRefused("This file has already been applied or set aside")
        TrainingSession.objects.select_for_update().filter(pk=record.session_id).first()
        plan = attendance_plan(record=record)
        if plan.errors:
            raise TrainingRefused(
                f"The file has {len(plan.errors)} "
                f"{'row' if len(plan.errors) == 1 else 'rows'} with errors; put them right and "
                "upload it again"
            )
        if plan.digest() != expected_digest:
            raise TrainingRefused("Attendance changed since the preview: check the new preview")
        added = _write_attendance(
            session=record.session,
            person_ids=[a.person_id for a in plan.adds],
            actor=actor,
            now=now,
            how=AttendanceSource.FILE,
        )
        record.status = ImportStatus.APPLIED
        record.added = added
        record.finished_at = now
        record.save(update_fields=["status", "added", "finished_at"])
        audit_record(
            actor=actor.user,
            action="training.attendance_imported",
            target=record.session,
            at=now,
            subject=f"session-{record.session_id}",
            summary=f"Imported {record.filename}: {added} added, {len(plan.already)} already "
            f"recorded, for “{record.session.title}”",
            after={"file_sha256": record.digest, "added": added, "already": len(plan.already)},
            source=source,
        )
    return added


def attendance_import_discard(*, actor: Person, record: AttendanceImport, now: dt.datetime) -> None:
    require_people_keeper(person=actor, now=now)
    AttendanceImport.objects.filter(pk=record.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.DISCARDED, finished_at=now
    )


# Induction checklists ----------------------------------------------------------------------------


def checklists_for_starters(*, person_ids: frozenset[int], now: dt.datetime) -> int:
    """Give an induction checklist to each of these people who is a new starter
    (``rules.is_new_starter``) and has none yet: one INSERT ... SELECT (on SQLite, one per
    ``CHUNK`` people).
    Call it inside the transaction that added them. Returns how many were given one."""
    if not person_ids:
        return 0
    today = _today(now)
    days = cycle_settings().induction_days
    table = connection.ops.quote_name(InductionChecklist._meta.db_table)
    ops = connection.ops
    deadline_param: object
    if connection.vendor == "postgresql":
        deadline, deadline_param = "starters.s_start + CAST(%s AS integer)", days
    else:
        deadline, deadline_param = "date(starters.s_start, %s)", f"+{days} days"
    ids = sorted(person_ids)
    # On PostgreSQL the ids go as one array: one statement whatever the file's size. Elsewhere
    # (SQLite, for tests and the demo) in chunks, to stay under its limit of parameters.
    whole = connection.vendor == "postgresql"
    created = 0
    for start in range(0, len(ids), len(ids) if whole else CHUNK):
        starters = (
            Person.objects.filter(new_starter_filter(today=today, induction_days=days))
            .filter(~Exists(InductionChecklist.objects.filter(person_id=OuterRef("pk"))))
            .order_by()
            .annotate(s_id=F("id"), s_start=F("start_date"))
            .values("s_id", "s_start")
        )
        if not whole:
            starters = starters.filter(pk__in=ids[start : start + CHUNK])
        select_sql, params = starters.query.get_compiler(using=connection.alias).as_sql()
        sql = (
            f"INSERT INTO {table} (person_id, start_date, deadline, created_at) "  # noqa: S608 - the model's own table; values are parameters
            f"SELECT starters.s_id, starters.s_start, {deadline}, %s "
            f"FROM ({select_sql}) starters"
            + (" WHERE starters.s_id = ANY(%s::bigint[])" if whole else "")
        )
        values = [deadline_param, ops.adapt_datetimefield_value(now), *params]
        if whole:
            values.append(ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            created += int(cursor.rowcount)
    if created:
        audit_event(
            action="induction.started",
            target_type="cycle.inductionchecklist",
            at=now,
            summary=f"{created} new {'starter was' if created == 1 else 'starters were'} given "
            f"an induction checklist, due {days} days after their start date",
        )
    return created


def starters_announced(change: hooks.PeopleStarting) -> None:
    """``people.hooks.people_starting``: runs in the transaction that added the people."""
    checklists_for_starters(person_ids=change.person_ids, now=change.now)
