"""Writes for the section 117 book: inspections, office hours and closure days. Each is audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from probity.core.audit import audit_record, snapshot
from probity.people.access import require_monitoring_officer
from probity.people.choices import PersonKind
from probity.people.models import Person
from probity.registers.models import BookInspection, ClosureDay, InspectionHours

BOOK_SUBJECT = "section-117-book"


def book_inspection_record(
    *, councillor: Person, now: dt.datetime, source: str = ""
) -> BookInspection:
    """Log that ``councillor`` inspected the book at ``now``: a councillor (in office hours, which
    the page checks) or the Monitoring Officer or a deputy, who keep it."""
    if councillor.kind != PersonKind.COUNCILLOR:
        require_monitoring_officer(person=councillor, now=now)
    with transaction.atomic():
        inspection = BookInspection.objects.create(
            councillor=councillor, at=now, source=source[:64]
        )
        audit_record(
            actor=councillor.user,
            action="book.inspected",
            target=inspection,
            at=now,
            subject=BOOK_SUBJECT,
            summary=f"{councillor.full_name} inspected the section 117 book",
            after=snapshot(inspection),
            source=source,
        )
    return inspection


def inspection_hours_update(
    *, actor: Person, opens: dt.time, closes: dt.time, now: dt.datetime, source: str = ""
) -> InspectionHours:
    """Set the times the book opens and closes on working days."""
    require_monitoring_officer(person=actor, now=now)
    if closes <= opens:
        raise ValueError("The book must close after it opens.")
    with transaction.atomic():
        hours = InspectionHours.objects.select_for_update().order_by("pk").first()
        before = snapshot(hours) if hours is not None else None
        if hours is None:
            hours = InspectionHours()
        hours.opens = opens
        hours.closes = closes
        hours.updated_at = now
        hours.updated_by = actor
        hours.save()
        audit_record(
            actor=actor.user,
            action="book.hours_updated",
            target=hours,
            at=now,
            subject=BOOK_SUBJECT,
            summary=f"Section 117 book hours set to {opens:%H:%M} to {closes:%H:%M}",
            before=before,
            after=snapshot(hours),
            source=source,
        )
    return hours


def closure_day_add(
    *, actor: Person, day: dt.date, reason: str, now: dt.datetime, source: str = ""
) -> ClosureDay:
    """Close the book for a whole day the council's offices are shut."""
    require_monitoring_officer(person=actor, now=now)
    with transaction.atomic():
        closure = ClosureDay.objects.create(
            day=day, reason=reason, created_at=now, created_by=actor
        )
        audit_record(
            actor=actor.user,
            action="book.closure_day_added",
            target=closure,
            at=now,
            subject=BOOK_SUBJECT,
            summary=f"Offices closed on {day:%Y-%m-%d}: {reason}",
            after=snapshot(closure),
            source=source,
        )
    return closure
