"""Reads of the yearly cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.models import (
    Attendance,
    CycleSettings,
    InterestReview,
    Renewal,
    Round,
    RoundMembership,
)
from probity.cycle.rules import CONTRACTOR_KINDS, SUBJECT_KINDS, LiveItem, Population
from probity.cycle.schedule import DEFAULT_ESCALATION_DAYS, DEFAULT_REMINDER_DAYS
from probity.cycle.training_selectors import ChecklistView, checklist_for_home, training_of
from probity.declarations.models import VersionBase
from probity.declarations.rules import ENDABLE_KINDS
from probity.declarations.selectors import declarations_live
from probity.people.models import Person


def cycle_settings() -> CycleSettings:
    """The council's cycle settings, or the defaults when they have never been set."""
    settings = CycleSettings.objects.order_by("pk").first()
    return settings if settings is not None else CycleSettings()


def reminder_days(settings: CycleSettings) -> tuple[int, ...]:
    days = settings.reminder_days
    if isinstance(days, list) and all(isinstance(d, int) for d in days):
        return tuple(days)
    return DEFAULT_REMINDER_DAYS


def escalation_days(settings: CycleSettings) -> tuple[int, ...]:
    days = settings.escalation_days
    if isinstance(days, list) and len(days) == 3 and all(isinstance(d, int) for d in days):
        return tuple(days)
    return DEFAULT_ESCALATION_DAYS


def population_filter(population: Population, *, today: dt.date) -> Q:
    """The query side of ``rules.in_population`` (a test checks the two agree)."""
    condition = (
        Q(kind__in=sorted(SUBJECT_KINDS))
        & (Q(start_date__isnull=True) | Q(start_date__lte=today))
        & (Q(leaving_date__isnull=True) | Q(leaving_date__gte=today))
    )
    scope = population.scope
    if scope == PopulationScope.GRADE_AND_ABOVE:
        if population.min_grade_rank is None:
            return Q(pk__in=[])
        condition &= Q(grade__rank__gte=population.min_grade_rank)
    elif scope == PopulationScope.SERVICES:
        condition &= Q(service_id__in=sorted(population.service_ids))
    elif scope == PopulationScope.CONTRACTORS:
        condition &= Q(kind__in=sorted(CONTRACTOR_KINDS))
    return condition


def people_in_population(*, population: Population, today: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(population_filter(population, today=today))


def rounds_all() -> QuerySet[Round]:
    """Every round, newest first, with how many have made their return (one query)."""
    return Round.objects.select_related("opened_by", "min_grade").annotate(
        done=Count("memberships", filter=~Q(memberships__state=MembershipState.OUTSTANDING))
    )


@dataclass(frozen=True)
class ProgressRow:
    directorate: str
    service: str
    confirmed: int
    nil_returns: int
    outstanding: int

    @property
    def total(self) -> int:
        return self.confirmed + self.nil_returns + self.outstanding


def round_progress(*, round: Round) -> list[ProgressRow]:
    """Returns made, nil returns and outstanding by directorate and service: one query."""
    rows = (
        RoundMembership.objects.filter(round=round)
        .values("directorate__name", "service__name")
        .annotate(
            confirmed=Count("id", filter=Q(state=MembershipState.CONFIRMED)),
            nil_returns=Count("id", filter=Q(state=MembershipState.NIL_RETURN)),
            outstanding=Count("id", filter=Q(state=MembershipState.OUTSTANDING)),
        )
        .order_by("directorate__name", "service__name")
    )
    return [
        ProgressRow(
            directorate=row["directorate__name"] or "No directorate",
            service=row["service__name"] or "No service",
            confirmed=row["confirmed"],
            nil_returns=row["nil_returns"],
            outstanding=row["outstanding"],
        )
        for row in rows
    ]


def memberships_for_home(*, person: Person) -> list[RoundMembership]:
    """The rounds this person still has to make a return for: one query."""
    return list(
        RoundMembership.objects.filter(person=person, state=MembershipState.OUTSTANDING)
        .select_related("round")
        .order_by("round__deadline", "round_id")
    )


def renewals_for_home(*, person: Person) -> list[Renewal]:
    """Approvals of this person's that have come back for renewal: one query."""
    return list(
        Renewal.objects.filter(person=person)
        .select_related("declaration")
        .order_by("-due_on", "-id")[:10]
    )


def memberships_of(*, person: Person) -> QuerySet[RoundMembership]:
    return RoundMembership.objects.filter(person=person).select_related("round", "nil_return")


@dataclass(frozen=True)
class LiveEntry:
    version: VersionBase
    endable: bool
    outcome: ReviewOutcome | None

    @property
    def item(self) -> LiveItem:
        return LiveItem(self.version.declaration_id, self.endable, self.outcome)


def live_entries(*, membership: RoundMembership, today: dt.date) -> list[LiveEntry]:
    """A member's live declarations with what they said of each in this round."""
    outcomes = dict(
        InterestReview.objects.filter(membership=membership).values_list(
            "declaration_id", "outcome"
        )
    )
    entries = []
    for version in declarations_live(person=membership.person, today=today):
        outcome = outcomes.get(version.declaration_id)
        entries.append(
            LiveEntry(
                version=version,
                endable=version.declaration.kind in ENDABLE_KINDS,
                outcome=ReviewOutcome(outcome) if outcome else None,
            )
        )
    return entries


def team_outstanding(
    *,
    round: Round,
    report_ids: frozenset[int],
    service_ids: frozenset[int] = frozenset(),
    everyone: bool = False,
) -> QuerySet[RoundMembership]:
    """Outstanding returns in a round of the people who report to a manager, directly or not,
    and of everyone in the services they head (``everyone``: the whole round)."""
    whose = (
        Q()
        if everyone
        else (Q(person_id__in=sorted(report_ids)) | Q(person__service_id__in=sorted(service_ids)))
    )
    return (
        RoundMembership.objects.filter(
            whose,
            round=round,
            state=MembershipState.OUTSTANDING,
        )
        .select_related("person__line_manager", "service")
        .order_by("person__full_name", "id")
    )


@dataclass(frozen=True)
class HomePanel:
    memberships: list[RoundMembership]
    renewals: list[Renewal]
    rounds: list[Round]
    induction: ChecklistView | None = None
    training: list[Attendance] = field(default_factory=list)


def home_panel(
    *, person: Person, is_subject_to_code: bool, sees_rounds: bool, today: dt.date | None = None
) -> HomePanel:
    """What the home page shows of the yearly cycle: at most five queries, whoever the viewer
    (with ``today``, their own induction checklist and training too)."""
    mine = is_subject_to_code and today is not None
    return HomePanel(
        memberships=memberships_for_home(person=person) if is_subject_to_code else [],
        renewals=renewals_for_home(person=person) if is_subject_to_code else [],
        rounds=rounds_recent() if sees_rounds else [],
        induction=checklist_for_home(person=person, today=today)
        if mine and today is not None
        else None,
        training=training_of(person=person) if mine else [],
    )


def rounds_recent(*, limit: int = 3) -> list[Round]:
    """The latest rounds, for links on a manager's or the Monitoring Officer's home page."""
    return list(Round.objects.order_by("-opened_at", "-id")[:limit])
