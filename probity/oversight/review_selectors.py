"""Reads about annual reviews: the list, one review's report, and the home page panel."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Subquery

from probity.core import clock
from probity.declarations.choices import DeclarationKind, DeclarationStatus
from probity.oversight.access import review_offices_of
from probity.oversight.models import AnnualReview, ReviewCheck, ReviewFinding, ReviewSignOff
from probity.oversight.rules import REVIEW_OFFICES, next_review_due
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

OFFICE_TITLES = dict(OfficeKind.choices)
WAITING = (
    DeclarationStatus.SUBMITTED,
    DeclarationStatus.INFO_REQUESTED,
    DeclarationStatus.REFERRED,
    DeclarationStatus.IN_PROGRESS,
)


def reviews_all() -> QuerySet[AnnualReview]:
    return AnnualReview.objects.order_by("-opened_at", "-id")


@dataclass(frozen=True)
class RegisterRow:
    label: str
    total: int
    waiting: int
    withdrawn: int
    refused: int
    special_category: int
    versions: int


@dataclass(frozen=True)
class Report:
    review: AnnualReview
    registers: list[RegisterRow]
    data: dict[str, Any]
    findings: list[ReviewFinding]
    sign_offs: list[ReviewSignOff]
    offices: list[tuple[str, str, ReviewSignOff | None]]
    last_check: ReviewCheck | None


def review_report(*, review: AnnualReview) -> Report:
    """Everything the report page and PDF show. Three queries."""
    data = json.loads(review.snapshot)
    labels = dict(DeclarationKind.choices)
    registers = []
    for kind, entry in data["registers"].items():
        by = entry["by_status"]
        registers.append(
            RegisterRow(
                label=labels.get(kind, kind),
                total=entry["total"],
                waiting=sum(by.get(s, 0) for s in WAITING),
                withdrawn=by.get(DeclarationStatus.WITHDRAWN, 0),
                refused=by.get(DeclarationStatus.REFUSED, 0),
                special_category=entry["special_category"],
                versions=entry["versions"],
            )
        )
    sign_offs = list(review.sign_offs.select_related("person"))
    by_office = {s.office: s for s in sign_offs}
    return Report(
        review=review,
        registers=registers,
        data=data,
        findings=list(review.findings.all()),
        sign_offs=sign_offs,
        offices=[(o, OFFICE_TITLES[o], by_office.get(o)) for o in REVIEW_OFFICES],
        last_check=review.checks.select_related("checked_by").first(),
    )


@dataclass(frozen=True)
class ReviewPanel:
    due_on: dt.date
    overdue: bool
    open_review: AnnualReview | None


def review_panel(*, viewer: Viewer, today: dt.date) -> ReviewPanel | None:
    """For the three reviewing offices' home pages: when the next review is due, and any open
    review. One query for them, none for anyone else."""
    if not review_offices_of(viewer):
        return None
    latest_completed = (
        AnnualReview.objects.filter(completed_at__isnull=False)
        .order_by("-completed_at")
        .values("pk")[:1]
    )
    rows = list(AnnualReview.objects.filter(Q(is_open=True) | Q(pk=Subquery(latest_completed))))
    open_review = next((r for r in rows if r.is_open), None)
    completed = [r.completed_at for r in rows if r.completed_at is not None]
    last = max(completed).astimezone(clock.LONDON).date() if completed else None
    due = next_review_due(last, today=today)
    return ReviewPanel(
        due_on=due, overdue=due <= today and open_review is None, open_review=open_review
    )
