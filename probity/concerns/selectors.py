"""Reads for concerns and breach cases. Fetches for a viewer answer 404 for what they may not see."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from probity.concerns.choices import (
    BreachBasis,
    BreachOutcome,
    ConcernKind,
    ConcernOutcome,
    ConcernStatus,
    DisciplinaryResult,
    Recipient,
)
from probity.concerns.models import (
    BreachCase,
    Concern,
    ConcernFile,
    ConcernHandler,
    ConcernSubject,
)
from probity.concerns.rules import Access, BreachFacts, ConcernFacts, breach_access, concern_access
from probity.people.choices import OfficeKind
from probity.people.models import OfficeHolding
from probity.people.rules import Viewer


def _current(today: dt.date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def office_staffed(*, today: dt.date) -> frozenset[str]:
    """Office kinds with a holder or deputy today."""
    return frozenset(
        OfficeHolding.objects.filter(_current(today), withdrawn=False)
        .values_list("office__kind", flat=True)
        .distinct()
    )


def concern_facts(concern: Concern) -> ConcernFacts:
    """The facts the access rule needs: two small queries."""
    return ConcernFacts(
        recipient=concern.recipient,
        recipient_person_id=concern.recipient_person_id,
        handler_ids=frozenset(
            ConcernHandler.objects.filter(concern=concern).values_list("person_id", flat=True)
        ),
        subject_ids=frozenset(
            ConcernSubject.objects.filter(concern=concern).values_list("person_id", flat=True)
        ),
    )


def concern_for_viewer(*, reference: str, viewer: Viewer) -> tuple[Concern, Access]:
    """The concern and what the viewer may do with it; 404 when they may not know it exists."""
    concern = (
        Concern.objects.select_related("recipient_person", "reporter")
        .filter(reference=reference)
        .first()
    )
    if concern is None:
        raise Http404("No such concern.")
    access = concern_access(viewer, concern_facts(concern))
    if access == Access.NONE:
        raise Http404("No such concern.")
    return concern, access


def concerns_for_viewer(*, viewer: Viewer) -> QuerySet[Concern]:
    """Every concern the viewer may see (the same rule as ``concern_access``, as a query)."""
    concerns = Concern.objects.all()
    if not viewer.is_monitoring_officer:
        seen = Q(recipient=Recipient.LINE_MANAGER, recipient_person_id=viewer.person_id) | Q(
            pk__in=ConcernHandler.objects.filter(person_id=viewer.person_id).values("concern")
        )
        if viewer.holds_or_deputises(OfficeKind.FRAUD_MANAGER):
            seen |= Q(recipient=Recipient.FRAUD_MANAGER)
        concerns = concerns.filter(seen)
    return concerns.exclude(
        pk__in=ConcernSubject.objects.filter(person_id=viewer.person_id).values("concern")
    ).order_by("-received_on", "-id")


def sees_any_concern(*, viewer: Viewer) -> bool:
    return viewer.is_monitoring_officer or concerns_for_viewer(viewer=viewer).exists()


def concern_file(*, concern: Concern, file_id: int) -> ConcernFile:
    found = ConcernFile.objects.filter(concern=concern, pk=file_id).first()
    if found is None:
        raise Http404("No such file.")
    return found


# --- breach cases -----------------------------------------------------------------------------


def breach_facts(case: BreachCase) -> BreachFacts:
    if case.concern_id is None:
        return BreachFacts(person_id=case.person_id)
    return BreachFacts(
        person_id=case.person_id,
        concern_handler_ids=frozenset(
            ConcernHandler.objects.filter(concern_id=case.concern_id).values_list(
                "person_id", flat=True
            )
        ),
        concern_subject_ids=frozenset(
            ConcernSubject.objects.filter(concern_id=case.concern_id).values_list(
                "person_id", flat=True
            )
        ),
    )


def breach_case_for_viewer(*, reference: str, viewer: Viewer) -> tuple[BreachCase, Access]:
    case = (
        BreachCase.objects.select_related("person", "declaration", "concern", "opened_by")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise Http404("No such breach case.")
    access = breach_access(viewer, breach_facts(case))
    if access == Access.NONE:
        raise Http404("No such breach case.")
    return case, access


def breach_cases_for_viewer(*, viewer: Viewer) -> QuerySet[BreachCase]:
    """Breach cases the viewer may see (``breach_access`` as a query)."""
    cases = BreachCase.objects.select_related("person").exclude(person_id=viewer.person_id)
    cases = cases.exclude(
        concern__in=ConcernSubject.objects.filter(person_id=viewer.person_id).values("concern")
    )
    if not (viewer.is_monitoring_officer or viewer.holds_or_deputises(OfficeKind.HR_OD_MANAGER)):
        cases = cases.filter(
            concern__in=ConcernHandler.objects.filter(person_id=viewer.person_id).values("concern")
        )
    return cases.order_by("-opened_on", "-id")


def may_see_breach_cases(viewer: Viewer) -> bool:
    return viewer.is_monitoring_officer or viewer.holds_or_deputises(OfficeKind.HR_OD_MANAGER)


def breach_cases_linked(
    *,
    viewer: Viewer,
    declaration_id: int | None = None,
    person_id: int | None = None,
    concern_id: int | None = None,
) -> list[BreachCase]:
    """The breach cases linked to a declaration, a person or a concern that the viewer may see:
    one query (none at all for a viewer who could see none), for the small link lists on the
    entry, person and concern pages."""
    if not may_see_breach_cases(viewer) and concern_id is None:
        return []
    cases = breach_cases_for_viewer(viewer=viewer)
    if declaration_id is not None:
        cases = cases.filter(declaration_id=declaration_id)
    if person_id is not None:
        cases = cases.filter(person_id=person_id)
    if concern_id is not None:
        cases = cases.filter(concern_id=concern_id)
    return list(cases[:20])


# --- counts for the committee -----------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int


@dataclass(frozen=True)
class CommitteeCounts:
    """Counts only: no names, no references."""

    since: dt.date | None
    until: dt.date | None
    concerns_total: int
    concerns_anonymous: int
    concerns_by_kind: tuple[CountRow, ...]
    concerns_by_status: tuple[CountRow, ...]
    concerns_by_outcome: tuple[CountRow, ...]
    breach_total: int
    breach_by_basis: tuple[CountRow, ...]
    breach_by_outcome: tuple[CountRow, ...]
    breach_by_result: tuple[CountRow, ...]


def _rows(counts: Counter[str], labels: list[tuple[str, str]]) -> tuple[CountRow, ...]:
    return tuple(CountRow(label=label, count=counts.get(value, 0)) for value, label in labels)


def committee_counts(
    *, since: dt.date | None = None, until: dt.date | None = None
) -> CommitteeCounts:
    """Concerns received and breach cases opened between two dates (inclusive; either open),
    counted by kind, status and outcome: two queries, whatever the numbers."""
    concerns = Concern.objects.all()
    cases = BreachCase.objects.all()
    if since is not None:
        concerns = concerns.filter(received_on__gte=since)
        cases = cases.filter(opened_on__gte=since)
    if until is not None:
        concerns = concerns.filter(received_on__lte=until)
        cases = cases.filter(opened_on__lte=until)
    kind: Counter[str] = Counter()
    status: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    anonymous = 0
    for row in concerns.values("kind", "status", "outcome", "anonymous").annotate(n=Count("id")):
        kind[row["kind"]] += row["n"]
        status[row["status"]] += row["n"]
        outcome[row["outcome"] or "none"] += row["n"]
        anonymous += row["n"] if row["anonymous"] else 0
    basis: Counter[str] = Counter()
    b_outcome: Counter[str] = Counter()
    result: Counter[str] = Counter()
    for row in cases.values("basis", "outcome", "disciplinary_result").annotate(n=Count("id")):
        basis[row["basis"]] += row["n"]
        b_outcome[row["outcome"] or "none"] += row["n"]
        if row["disciplinary_result"]:
            result[row["disciplinary_result"]] += row["n"]
    return CommitteeCounts(
        since=since,
        until=until,
        concerns_total=sum(kind.values()),
        concerns_anonymous=anonymous,
        concerns_by_kind=_rows(kind, ConcernKind.choices),
        concerns_by_status=_rows(status, ConcernStatus.choices),
        concerns_by_outcome=_rows(outcome, [*ConcernOutcome.choices, ("none", "No outcome yet")]),
        breach_total=sum(basis.values()),
        breach_by_basis=_rows(basis, BreachBasis.choices),
        breach_by_outcome=_rows(b_outcome, [*BreachOutcome.choices, ("none", "No outcome yet")]),
        breach_by_result=_rows(result, DisciplinaryResult.choices),
    )
