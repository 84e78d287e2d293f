"""Reads of training and induction: each page's rows in one query, whatever the council's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Upper

from probity.conduct.models import CodeConfirmation, DocumentKind
from probity.cycle.choices import SessionKind
from probity.cycle.models import Attendance, InductionChecklist, TrainingSession
from probity.cycle.rules import SUBJECT_KINDS, InductionItems, years_before
from probity.declarations.choices import DeclarationStatus
from probity.declarations.models import Declaration
from probity.people.models import Person

#: People a pick list shows at most (narrow the search for more).
PICK_LIMIT = 50


def new_starter_filter(*, today: dt.date, induction_days: int) -> Q:
    """The query side of ``rules.is_new_starter`` (a test checks the two agree)."""
    return (
        Q(kind__in=sorted(SUBJECT_KINDS))
        & Q(start_date__isnull=False)
        & Q(start_date__gte=today - dt.timedelta(days=induction_days))
        & (Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
    )


def _items() -> dict[str, Exists]:
    """Whether each induction item is done, for the checklist's person (``OuterRef``)."""
    return {
        "code_read": Exists(
            CodeConfirmation.objects.filter(
                person_id=OuterRef("person_id"), version__document=DocumentKind.CODE
            )
        ),
        "declared": Exists(
            Declaration.objects.filter(declarant_id=OuterRef("person_id")).exclude(
                status=DeclarationStatus.WITHDRAWN
            )
        ),
        "trained": Exists(
            Attendance.objects.filter(
                person_id=OuterRef("person_id"), session__kind=SessionKind.INDUCTION
            )
        ),
    }


def checklists_with_items() -> QuerySet[InductionChecklist]:
    """Checklists with ``code_read``, ``declared`` and ``trained`` worked out in the same query."""
    return InductionChecklist.objects.annotate(**_items())


def incomplete() -> Q:
    return Q(code_read=False) | Q(declared=False) | Q(trained=False)


def items_of(checklist: InductionChecklist) -> InductionItems:
    return InductionItems(
        code_read=bool(getattr(checklist, "code_read", False)),
        declared=bool(getattr(checklist, "declared", False)),
        trained=bool(getattr(checklist, "trained", False)),
    )


@dataclass(frozen=True)
class ChecklistView:
    checklist: InductionChecklist
    items: InductionItems
    overdue: bool


def checklist_for_home(*, person: Person, today: dt.date) -> ChecklistView | None:
    """A person's own induction checklist while it is not complete: one query."""
    checklist = checklists_with_items().filter(person=person).first()
    if checklist is None:
        return None
    items = items_of(checklist)
    if items.complete:
        return None
    return ChecklistView(checklist, items, overdue=today > checklist.deadline)


def checklists_open(*, today: dt.date, overdue_only: bool = False) -> QuerySet[InductionChecklist]:
    """Inductions not complete of people who have not left, soonest deadline first."""
    rows = (
        checklists_with_items()
        .filter(incomplete())
        .filter(Q(person__leaving_date__isnull=True) | Q(person__leaving_date__gte=today))
        .select_related("person__service", "person__line_manager")
    )
    if overdue_only:
        rows = rows.filter(deadline__lt=today)
    return rows.order_by("deadline", "person__full_name", "id")


def training_of(*, person: Person, limit: int = 10) -> list[Attendance]:
    """The sessions a person attended, latest first: one query."""
    return list(
        Attendance.objects.filter(person=person)
        .select_related("session")
        .order_by("-session__held_on", "-id")[:limit]
    )


def sessions_all() -> QuerySet[TrainingSession]:
    return TrainingSession.objects.annotate(attended=Count("attendances")).order_by(
        "-held_on", "-id"
    )


def attendees(*, session: TrainingSession) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(session=session)
        .select_related("person__service", "recorded_by")
        .order_by("person__full_name", "id")
    )


def people_to_pick(*, query: str, session: TrainingSession) -> list[Person]:
    """People whose name, email or employee number matches, with whether they are recorded at
    this session already (``attended``): one query, at most ``PICK_LIMIT`` people."""
    query = query.strip()
    if not query:
        return []
    return list(
        Person.objects.filter(kind__in=sorted(SUBJECT_KINDS))
        .filter(Q(full_name__icontains=query) | Q(email__iexact=query) | Q(employee_number=query))
        .annotate(
            attended=Exists(Attendance.objects.filter(session=session, person_id=OuterRef("pk")))
        )
        .select_related("service")
        .order_by("full_name", "id")[:PICK_LIMIT]
    )


def lookup_for_file(
    *, numbers: Iterable[str], emails: Iterable[str], session: TrainingSession
) -> tuple[dict[str, int], dict[str, frozenset[int]], frozenset[int]]:
    """What planning a file of attendees needs, for the values in the file only: (person by
    employee number, people by lower-case email, people already recorded at the session)."""
    wanted_numbers = sorted({n for n in numbers if n})
    wanted_emails = sorted({e.lower() for e in emails if e})
    by_number: dict[str, int] = {}
    by_email: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(wanted_numbers), 5000):
        for number, person_id in Person.objects.filter(
            employee_number__in=wanted_numbers[start : start + 5000]
        ).values_list("employee_number", "id"):
            by_number[str(number)] = person_id
    for start in range(0, len(wanted_emails), 5000):
        chunk = [email.upper() for email in wanted_emails[start : start + 5000]]
        for person_id, email in (
            Person.objects.annotate(email_upper=Upper("email"))
            .filter(email_upper__in=chunk)
            .values_list("id", "email")
        ):
            by_email[email.lower()].add(person_id)
    attended = frozenset(
        Attendance.objects.filter(session=session).values_list("person_id", flat=True)
    )
    return by_number, {k: frozenset(v) for k, v in by_email.items()}, attended


def refresher_rows(
    *,
    today: dt.date,
    years: int,
    directorate_id: int | None = None,
    service_id: int | None = None,
) -> QuerySet[Person]:
    """People the code applies to, working here today, whose last session attended is more than
    ``years`` years ago, or who never attended one (``last_trained``: its date, or None).
    ``rules.refresher_due`` is the same rule for one person (a test checks they agree)."""
    cutoff = years_before(today, years)
    rows = (
        Person.objects.filter(kind__in=sorted(SUBJECT_KINDS))
        .filter(Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .annotate(last_trained=Max("attendances__session__held_on"))
        .filter(Q(last_trained__isnull=True) | Q(last_trained__lt=cutoff))
        .select_related("service__directorate")
    )
    if directorate_id:
        rows = rows.filter(service__directorate_id=directorate_id)
    if service_id:
        rows = rows.filter(service_id=service_id)
    return rows.order_by("full_name", "id")
