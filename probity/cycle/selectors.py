"""Reads of the yearly cycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import TruncDate

from probity.core.clock import LONDON
from probity.cycle.choices import MembershipState, PopulationScope, ReviewOutcome
from probity.cycle.models import (
    Attendance,
    CycleSettings,
    InterestReview,
    Renewal,
    Round,
    RoundMembership,
)
from probity.cycle.rules import (
    CONTRACTOR_KINDS,
    SUBJECT_KINDS,
    LiveItem,
    Population,
    percent_done,
)
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


DONE_STATES = (MembershipState.CONFIRMED, MembershipState.NIL_RETURN)
NOT_DONE_STATES = (MembershipState.OUTSTANDING, MembershipState.NOT_MADE)


def rounds_all() -> QuerySet[Round]:
    """Every round, newest first, with how many have made their return (one query)."""
    return Round.objects.select_related("opened_by", "min_grade").annotate(
        done=Count("memberships", filter=Q(memberships__state__in=DONE_STATES))
    )


def rounds_open() -> list[Round]:
    """Rounds not yet closed, newest first, with how many are still outstanding (one query)."""
    return list(
        Round.objects.filter(closed_at__isnull=True).annotate(
            outstanding=Count(
                "memberships", filter=Q(memberships__state=MembershipState.OUTSTANDING)
            )
        )
    )


def round_latest() -> Round | None:
    """The round the dashboards follow: the latest opened of those still open, or the latest
    opened when none is open. One query."""
    return (
        Round.objects.annotate(
            is_open=ExpressionWrapper(Q(closed_at__isnull=True), output_field=BooleanField())
        )
        .order_by("-is_open", "-opened_at", "-id")
        .only("pk", "title", "opened_on", "deadline", "closed_at", "member_count")
        .first()
    )


@dataclass(frozen=True)
class CompletionRow:
    """How far one group (a directorate, or a service) has got with a round."""

    name: str
    directorate: str
    asked: int
    confirmed: int
    nil_returns: int

    @property
    def done(self) -> int:
        return self.confirmed + self.nil_returns

    @property
    def outstanding(self) -> int:
        return self.asked - self.done

    @property
    def percent_done(self) -> int | None:
        return percent_done(self.done, self.asked)


def round_completion(
    *, round: Round, by_service: bool, members: Q | None = None
) -> list[CompletionRow]:
    """Asked, confirmed and nil returns in a round by directorate (or by service within its
    directorate), as memberships recorded them at opening; ``members`` narrows to some people
    (a team). One GROUP BY over the round's memberships."""
    fields = ["directorate__name", "service__name"] if by_service else ["directorate__name"]
    rows = (
        RoundMembership.objects.filter(round=round)
        .filter(members or Q())
        .values(*fields)
        .annotate(
            asked=Count("id"),
            confirmed=Count("id", filter=Q(state=MembershipState.CONFIRMED)),
            nil_returns=Count("id", filter=Q(state=MembershipState.NIL_RETURN)),
        )
        .order_by(*fields)
    )
    result = []
    for row in rows:
        directorate = row["directorate__name"] or "No directorate"
        name = (row["service__name"] or "No service") if by_service else directorate
        result.append(
            CompletionRow(
                name=name,
                directorate=directorate,
                asked=row["asked"],
                confirmed=row["confirmed"],
                nil_returns=row["nil_returns"],
            )
        )
    # Named groups first, in name order; the unnamed (no service or directorate) last.
    return sorted(result, key=lambda r: (r.directorate.startswith("No "), r.directorate, r.name))


def round_completion_asked(*, round: Round, members: Q) -> int:
    """How many of some people (a team) a round asked. One count."""
    return RoundMembership.objects.filter(members, round=round).count()


@dataclass(frozen=True)
class CompletionDay:
    day: dt.date
    made: int
    cumulative: int


def round_completion_days(
    *, round: Round, until: dt.date, members: Q | None = None
) -> list[CompletionDay]:
    """Returns made on each day (London time) from the round's opening to ``until``, and the
    running total. One GROUP BY over the round's completed memberships."""
    made = dict(
        RoundMembership.objects.filter(round=round, state__in=DONE_STATES)
        .filter(members or Q())
        .annotate(day=TruncDate("completed_at", tzinfo=LONDON))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("day", "n")
    )
    days = []
    total = sum(n for day, n in made.items() if day is not None and day < round.opened_on)
    day = round.opened_on
    while day <= until:
        total += made.get(day, 0)
        days.append(CompletionDay(day=day, made=made.get(day, 0), cumulative=total))
        day += dt.timedelta(days=1)
    return days


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
    """Returns not made (outstanding, or not made by the close) in a round of the people who
    report to a manager, directly or not, and of everyone in the services they head
    (``everyone``: the whole round)."""
    whose = (
        Q()
        if everyone
        else (Q(person_id__in=sorted(report_ids)) | Q(person__service_id__in=sorted(service_ids)))
    )
    return (
        RoundMembership.objects.filter(
            whose,
            round=round,
            state__in=NOT_DONE_STATES,
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
