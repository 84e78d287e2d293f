"""Reads for the section 117 book: its entries, office hours, closed dates and inspection log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
from django.db.models import QuerySet

from probity.core.clock import LONDON
from probity.declarations.choices import DecisionAction, DeclarationKind, DeclarationStatus
from probity.declarations.presenters import version_summary
from probity.declarations.selectors import current_versions
from probity.registers.inspection import (
    OfficeHours,
    book_is_open,
    closed_dates_for,
    next_opening,
)
from probity.registers.models import BookInspection, ClosureDay, InspectionHours

S117_KIND = "s117_interest"
INSPECTION_LOG_LENGTH = 50
BANK_HOLIDAY_REGIONS = ("ENG", "WLS")
"""England and Wales: the two share their bank holidays, but ask for both in case they differ."""


@dataclass(frozen=True)
class BookEntry:
    """What a councillor sees of one entry: nothing that leads to another register."""

    reference: str
    declarant_name: str
    declarant_job_title: str
    declared_at: dt.datetime
    summary: str
    withdrawn: bool


@dataclass(frozen=True)
class BookStatus:
    """Whether the book is open at ``now_local`` and, if not, when it next opens."""

    now_local: dt.datetime
    hours: OfficeHours
    is_open: bool
    next_open: dt.datetime | None


def book_entries() -> list[BookEntry]:
    """The current version of every notice the Head of Governance has entered in the book,
    newest first. One query."""
    if S117_KIND not in DeclarationKind.values:
        return []
    versions = (
        current_versions(S117_KIND)
        .filter(declaration__decisions__action=DecisionAction.RECORDED)
        .distinct()
        .order_by("-declaration__submitted_at", "-pk")
    )
    return [
        BookEntry(
            reference=v.declaration.reference,
            declarant_name=v.declaration.declarant.full_name,
            declarant_job_title=v.declaration.declarant.job_title,
            declared_at=v.declaration.submitted_at,
            summary=version_summary(v),
            withdrawn=v.declaration.status == DeclarationStatus.WITHDRAWN,
        )
        for v in versions
    ]


def inspection_hours_current() -> InspectionHours:
    """The council's inspection hours, or the defaults (9am to 5pm) when never set."""
    row = InspectionHours.objects.select_related("updated_by").order_by("pk").first()
    return row if row is not None else InspectionHours()


def office_hours() -> OfficeHours:
    row = inspection_hours_current()
    return OfficeHours(opens=row.opens, closes=row.closes)


def bank_holidays_named(years: Iterable[int]) -> dict[dt.date, str]:
    """Bank holidays in England and Wales in ``years``, with their names, in date order."""
    wanted = sorted(set(years))
    found: dict[dt.date, str] = {}
    for region in BANK_HOLIDAY_REGIONS:
        for day, name in holidays.country_holidays("GB", subdiv=region, years=wanted).items():
            found.setdefault(day, name)
    return dict(sorted(found.items()))


def bank_holidays(years: Iterable[int]) -> set[dt.date]:
    """Bank holidays in England and Wales in ``years`` (substitute days included)."""
    return set(bank_holidays_named(years))


def closure_days_in(years: Iterable[int]) -> QuerySet[ClosureDay]:
    return ClosureDay.objects.filter(day__year__in=list(years)).order_by("day")


def closure_days_from(*, day: dt.date) -> QuerySet[ClosureDay]:
    """The council's closure days on or after ``day``."""
    return ClosureDay.objects.filter(day__gte=day).select_related("created_by").order_by("day")


def closure_day_exists(*, day: dt.date) -> bool:
    return ClosureDay.objects.filter(day=day).exists()


def closed_dates(years: Iterable[int]) -> frozenset[dt.date]:
    """Dates in ``years`` when the book stays shut all day: bank holidays and council closure days."""
    wanted = sorted(set(years))
    return closed_dates_for(
        wanted,
        bank_holidays=bank_holidays(wanted),
        extra=closure_days_in(wanted).values_list("day", flat=True),
    )


def book_status(*, now: dt.datetime) -> BookStatus:
    """Whether councillors may inspect the book at ``now``, and when it next opens."""
    now_local = now.astimezone(LONDON)
    hours = office_hours()
    # Next opening looks up to 60 days ahead, so next year's closed dates are needed too.
    closed = closed_dates([now_local.year, now_local.year + 1])
    is_open = book_is_open(now_local=now_local, hours=hours, closed_dates=closed)
    return BookStatus(
        now_local=now_local,
        hours=hours,
        is_open=is_open,
        next_open=next_opening(now_local=now_local, hours=hours, closed_dates=closed),
    )


def book_inspections_latest(*, limit: int = INSPECTION_LOG_LENGTH) -> QuerySet[BookInspection]:
    """The most recent inspections of the book, newest first."""
    return BookInspection.objects.select_related("councillor").order_by("-at", "-pk")[:limit]
