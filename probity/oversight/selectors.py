"""The dashboards: a list of sections, each a selector that returns figures, a table and a chart.

Every section reads with a fixed number of aggregate queries over indexed columns, whatever the
size of the council, and never loads the organisation chart: a manager's team is the set of
people who report to them, found by ``people.selectors.report_ids_of`` (one recursive query).
A section that names people is marked ``personal`` and is left out of the committee summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from probity.concerns.selectors import committee_counts
from probity.core import clock
from probity.cycle.models import Round
from probity.cycle.rules import completion_span, percent_done
from probity.cycle.selectors import (
    CompletionRow,
    round_completion,
    round_completion_asked,
    round_completion_days,
    round_latest,
)
from probity.declarations.choices import (
    AssignmentPurpose,
    DeclarationKind,
    DeclarationStatus,
    StepState,
)
from probity.declarations.models import (
    Declaration,
    DeclarationVersion,
    InterestVersion,
    RouteStep,
    StepAssignment,
)
from probity.oversight.charts import Bar, Point, bar_chart, timeline_chart
from probity.oversight.models import DashboardFigures
from probity.oversight.rules import (
    AGEING_BUCKETS,
    OVERDUE_AFTER_DAYS,
    council_year_start,
    months_back,
    next_month,
)
from probity.people.choices import OfficeKind
from probity.people.models import Person, Service
from probity.people.selectors import report_ids_subquery

GIFT = DeclarationKind.GIFT_HOSPITALITY
NIL = DeclarationKind.NIL_RETURN
#: Interests: every kind that describes a continuing situation (all but gifts and nil returns).
INTEREST_KINDS = tuple(k for k in DeclarationKind.values if k not in (GIFT, NIL))
#: Declarations that no longer stand.
NOT_STANDING = (DeclarationStatus.WITHDRAWN, DeclarationStatus.REFUSED)
#: Trend groups: (column title, kinds).
TREND_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Gifts and hospitality", (GIFT,)),
    ("Interests", INTEREST_KINDS),
    ("Nil returns", (NIL,)),
)
OFFICE_LABELS = {
    **dict(OfficeKind.choices),
    "line_manager": "Line manager",
    "": "No one (stranded)",
}


@dataclass(frozen=True)
class Scope:
    """Whose declarations a dashboard counts: the whole council, or a manager's team (everyone
    who reports to them, directly or not, read as a subquery, never as a list of ids)."""

    title: str
    manager_id: int | None = None
    #: Count only declarations submitted by then (a review's frozen snapshot); None for all.
    as_of: dt.datetime | None = None

    @property
    def is_council(self) -> bool:
        return self.manager_id is None

    def people(self) -> Q:
        """The scope's people, as a condition on ``Person``."""
        if self.manager_id is None:
            return Q()
        return Q(pk__in=report_ids_subquery(manager_id=self.manager_id))

    def members(self) -> Q:
        """The scope's people, as a condition on anything with a ``person`` (a round's members)."""
        if self.manager_id is None:
            return Q()
        return Q(person_id__in=report_ids_subquery(manager_id=self.manager_id))

    def declarations(self, prefix: str = "") -> Q:
        q = Q()
        if self.manager_id is not None:
            q &= Q(**{f"{prefix}declarant_id__in": report_ids_subquery(manager_id=self.manager_id)})
        if self.as_of is not None:
            q &= Q(**{f"{prefix}submitted_at__lte": self.as_of})
        return q


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    definition: str
    figures: list[Figure]
    columns: list[str]
    rows: list[list[object]]
    chart: SafeString | None = None
    personal: bool = False
    empty: str = "Nothing to show."
    numeric_from: int = 1
    notes: list[str] = field(default_factory=list)


def _office(name: str) -> str:
    return OFFICE_LABELS.get(name, name.replace("_", " ").capitalize())


def _waiting_steps(scope: Scope) -> QuerySet[RouteStep]:
    return RouteStep.objects.filter(state=StepState.WAITING).filter(
        scope.declarations("declaration__")
    )


def overdue_approvals(scope: Scope, now: dt.datetime) -> Section:
    """Steps waiting longer than the overdue threshold, by the office that must act. One query."""
    cutoff = now - dt.timedelta(days=OVERDUE_AFTER_DAYS)
    rows = list(
        _waiting_steps(scope)
        .filter(waiting_since__lt=cutoff)
        .values("acting_office")
        .annotate(
            n=Count("id"),
            stranded=Count("id", filter=Q(stranded=True)),
            oldest=Min("waiting_since"),
        )
        .order_by("-n", "acting_office")
    )
    table = [
        [_office(r["acting_office"]), r["n"], r["stranded"], (now - r["oldest"]).days] for r in rows
    ]
    total = sum(r["n"] for r in rows)
    return Section(
        slug="overdue",
        title="Overdue approvals",
        definition=(
            f"Steps of a declaration's route (noting, approval, recording or advice) that have waited "
            f"more than {OVERDUE_AFTER_DAYS} days for someone to act, by the office that must act."
        ),
        figures=[
            Figure("Overdue steps", total),
            Figure("Of which no one can act on (stranded)", sum(r["stranded"] for r in rows)),
        ],
        columns=["Office that must act", "Overdue steps", "Stranded", "Oldest (days waiting)"],
        rows=table,
        chart=bar_chart(
            chart_id="chart-overdue",
            title="Overdue approvals by office",
            description=f"{total} steps overdue. " + "; ".join(f"{t[0]}: {t[1]}" for t in table),
            bars=[Bar(str(t[0]), (int(str(t[1])),)) for t in table],
            series=["Overdue steps"],
        ),
        empty="No step has waited more than the threshold.",
    )


def _bucket_filters(now: dt.datetime) -> dict[str, Q]:
    filters: dict[str, Q] = {}
    lower: int | None = 0
    for index, (_, limit) in enumerate(AGEING_BUCKETS):
        q = Q()
        if lower:
            q &= Q(waiting_since__lte=now - dt.timedelta(days=lower))
        if limit is not None:
            q &= Q(waiting_since__gt=now - dt.timedelta(days=limit + 1)) | Q(
                waiting_since__isnull=True
            )
        filters[f"b{index}"] = q
        lower = (limit + 1) if limit is not None else None
    return filters


def waiting_by_office(scope: Scope, now: dt.datetime) -> Section:
    """Steps waiting now, by the office that must act, in ageing buckets. One query."""
    buckets = _bucket_filters(now)
    annotations = {key: Count("id", filter=q) for key, q in buckets.items()}
    rows = list(
        _waiting_steps(scope)
        .values("acting_office")
        .annotate(n=Count("id"), **annotations)
        .order_by("-n", "acting_office")
    )
    keys = list(buckets)
    table: list[list[object]] = [
        [_office(r["acting_office"]), *(r[k] for k in keys), r["n"]] for r in rows
    ]
    total = sum(r["n"] for r in rows)
    return Section(
        slug="waiting",
        title="Steps waiting for someone to act",
        definition=(
            "Every step of a route that is waiting now, by the office that must act, and how long "
            "it has waited (from when it became the step to act on)."
        ),
        figures=[Figure("Steps waiting", total)],
        columns=["Office that must act", *(label for label, _ in AGEING_BUCKETS), "All"],
        rows=table,
        chart=bar_chart(
            chart_id="chart-waiting",
            title="Steps waiting by office and how long they have waited",
            description=f"{total} steps waiting. " + "; ".join(f"{r[0]}: {r[-1]}" for r in table),
            bars=[Bar(_office(r["acting_office"]), tuple(r[k] for k in keys)) for r in rows],
            series=[label for label, _ in AGEING_BUCKETS],
        ),
        empty="Nothing is waiting.",
    )


def waiting_by_person(scope: Scope, now: dt.datetime, *, limit: int = 10) -> Section:
    """The people with the most waiting for them to act on. One query."""
    rows = list(
        # Assignments are kept only while their step waits: no join to the steps is needed.
        StepAssignment.objects.filter(purpose=AssignmentPurpose.ACT)
        .filter(scope.declarations("declaration__"))
        .values("person_id", "person__full_name", "office")
        .annotate(n=Count("id"), oldest=Min("since"))
        .order_by("-n", "oldest", "person_id")[:limit]
    )
    table: list[list[object]] = [
        [r["person__full_name"], _office(r["office"]), r["n"], (now - r["oldest"]).days]
        for r in rows
    ]
    return Section(
        slug="waiting-people",
        title="Who has the most waiting",
        definition=(
            f"The {limit} people with the most steps waiting for them to act, and how long the "
            "oldest has waited. A step open to several people (a deputy, a fallback) counts for each."
        ),
        figures=[],
        columns=["Person", "Acting as", "Steps waiting", "Oldest (days waiting)"],
        rows=table,
        personal=True,
        numeric_from=2,
        empty="Nothing is waiting.",
    )


def services_without_gifts(scope: Scope, now: dt.datetime) -> Section:
    """Services none of whose people declared a gift or hospitality in the last twelve months.
    One query: each service is checked with an index probe per person (declarant, kind, date)."""
    since = now - dt.timedelta(days=365)
    gifts = Declaration.objects.filter(
        kind=GIFT,
        submitted_at__gte=since,
        submitted_at__lte=now,
        declarant__service_id=OuterRef("pk"),
    ).filter(scope.declarations())
    services = Service.objects.all()
    if not scope.is_council:
        services = services.filter(
            Exists(Person.objects.filter(scope.people(), service_id=OuterRef("pk")))
        )
    rows = list(
        services.annotate(any_gift=Exists(gifts))
        .values("name", "directorate__name", "any_gift")
        .order_by("directorate__name", "name")
    )
    flagged = [[r["name"], r["directorate__name"]] for r in rows if not r["any_gift"]]
    return Section(
        slug="no-gifts",
        title="Services with no gift or hospitality declared in twelve months",
        definition=(
            "Services where no one declared a gift or hospitality offer (accepted or declined) in "
            "the last 365 days. Auditors treat a long silence as a sign that offers go undeclared."
        ),
        figures=[Figure("Services flagged", len(flagged)), Figure("Services counted", len(rows))],
        columns=["Service", "Directorate"],
        rows=flagged,
        numeric_from=2,
        empty="Every service declared at least one gift or hospitality offer.",
    )


def _live_interests(
    model: type[InterestVersion] | type[DeclarationVersion],
    scope: Scope,
    today: dt.date,
    kinds: Sequence[str],
    year_start: dt.datetime,
) -> list[dict[str, object]]:
    return list(
        model.objects.filter(
            declaration__kind__in=list(kinds),
            is_current=True,
        )
        .exclude(declaration__status__in=NOT_STANDING)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(scope.declarations("declaration__"))
        .values("declaration__kind")
        .annotate(live=Count("id"), stale=Count("id", filter=Q(created_at__lt=year_start)))
    )


def interests_not_reconfirmed(scope: Scope, now: dt.datetime) -> Section:
    """Live interests whose latest version is older than the council year. Two queries."""
    today = now.astimezone(clock.LONDON).date()
    start = council_year_start(today)
    year_start = dt.datetime.combine(start, dt.time(), tzinfo=clock.LONDON)
    others = tuple(k for k in INTEREST_KINDS if k != DeclarationKind.PERSONAL_INTEREST)
    found = _live_interests(
        InterestVersion, scope, today, (DeclarationKind.PERSONAL_INTEREST,), year_start
    )
    found += _live_interests(DeclarationVersion, scope, today, others, year_start)
    labels = dict(DeclarationKind.choices)
    by_kind = {str(r["declaration__kind"]): r for r in found}
    table: list[list[object]] = []
    for kind in INTEREST_KINDS:
        r = by_kind.get(kind)
        if r:
            table.append([labels[kind], r["live"], r["stale"]])
    stale = sum(int(str(r[2])) for r in table)
    live = sum(int(str(r[1])) for r in table)
    return Section(
        slug="not-reconfirmed",
        title="Interests not reconfirmed this year",
        definition=(
            f"Interests that still stand (not withdrawn, refused or ended) whose latest version was "
            f"made before the council year began on {start:%-d %B %Y}: no one has declared, "
            "corrected or confirmed them since."
        ),
        figures=[Figure("Not reconfirmed", stale), Figure("Interests standing", live)],
        columns=["Kind", "Standing", "Not reconfirmed this year"],
        rows=table,
        chart=bar_chart(
            chart_id="chart-reconfirm",
            title="Interests not reconfirmed this year, by kind",
            description=f"{stale} of {live} standing interests not reconfirmed. "
            + "; ".join(f"{r[0]}: {r[2]}" for r in table),
            bars=[Bar(str(r[0]), (int(str(r[2])),)) for r in table],
            series=["Not reconfirmed"],
        ),
        empty="No interest stands.",
    )


def declarations_by_month(scope: Scope, now: dt.datetime, *, months: int = 24) -> Section:
    """Declarations made in each of the last 24 months, by kind. One query."""
    today = now.astimezone(clock.LONDON).date()
    firsts = months_back(today, months)
    since = dt.datetime.combine(firsts[0], dt.time(), tzinfo=clock.LONDON)
    bounds = [dt.datetime.combine(first, dt.time(), tzinfo=clock.LONDON) for first in firsts]
    bounds.append(dt.datetime.combine(next_month(firsts[-1]), dt.time(), tzinfo=clock.LONDON))
    # One range count per month (comparisons on the indexed column, no date arithmetic per row).
    per_month = {
        f"m{i}": Count("id", filter=Q(submitted_at__gte=bounds[i], submitted_at__lt=bounds[i + 1]))
        for i in range(len(firsts))
    }
    counts = (
        # Naming every kind lets the (kind, submitted_at, id) index serve the date range.
        Declaration.objects.filter(
            kind__in=DeclarationKind.values, submitted_at__gte=since, submitted_at__lt=bounds[-1]
        )
        .filter(scope.declarations())
        .values("kind")
        .annotate(**per_month)
        .order_by()
    )
    group_of = {kind: i for i, (_, kinds) in enumerate(TREND_GROUPS) for kind in kinds}
    grid = {first: [0] * len(TREND_GROUPS) for first in firsts}
    for r in counts:
        for i, first in enumerate(firsts):
            grid[first][group_of[r["kind"]]] += r[f"m{i}"]
    table: list[list[object]] = [
        [f"{first:%B %Y}", *grid[first], sum(grid[first])] for first in firsts
    ]
    total = sum(sum(v) for v in grid.values())
    return Section(
        slug="trend",
        title="Declarations each month",
        definition=(
            f"Declarations made in each of the last {months} months (by the date they were "
            "submitted), by kind. Interests are every kind other than gifts and nil returns."
        ),
        figures=[Figure(f"Declarations in {months} months", total)],
        columns=["Month", *(title for title, _ in TREND_GROUPS), "All"],
        rows=table,
        chart=bar_chart(
            chart_id="chart-trend",
            title=f"Declarations each month for {months} months, by kind",
            description=f"{total} declarations in {months} months. "
            + "; ".join(f"{r[0]}: {r[-1]}" for r in table),
            bars=[Bar(f"{first:%b %Y}", tuple(grid[first])) for first in firsts],
            series=[title for title, _ in TREND_GROUPS],
        ),
    )


def concerns_and_breaches(scope: Scope, now: dt.datetime) -> Section:
    """Concerns received and breach cases opened in the last twelve months, by kind and outcome:
    counts only, for the whole council (a team's dashboard never shows concerns)."""
    today = now.date()
    counts = committee_counts(since=today - dt.timedelta(days=365), until=today)
    rows: list[list[object]] = [
        *(["Concern", "Kind", r.label, r.count] for r in counts.concerns_by_kind),
        *(["Concern", "Outcome", r.label, r.count] for r in counts.concerns_by_outcome),
        *(["Breach case", "Opened from", r.label, r.count] for r in counts.breach_by_basis),
        *(["Breach case", "Outcome", r.label, r.count] for r in counts.breach_by_outcome),
        *(
            ["Breach case", "Disciplinary result", r.label, r.count]
            for r in counts.breach_by_result
        ),
    ]
    return Section(
        slug="concerns",
        title="Concerns reported and breach cases in twelve months",
        definition=(
            "Concerns received and breach cases opened in the last 365 days, counted by kind and "
            "outcome. No one is named and nothing they say is shown."
        ),
        figures=[
            Figure("Concerns received", counts.concerns_total),
            Figure("Of which anonymous", counts.concerns_anonymous),
            Figure("Breach cases opened", counts.breach_total),
        ],
        columns=["Record", "Counted by", "Value", "Number"],
        rows=[r for r in rows if r[3]],
        numeric_from=3,
        empty="No concerns were reported and no breach cases opened.",
    )


# The annual round ---------------------------------------------------------------------------------

NO_ROUND = "No annual round has been opened yet."
COMPLETION_COLUMNS = ["Asked", "Done", "Nil returns", "Not done", "Done %"]


def _round_words(round: Round, scope: Scope) -> str:
    state = (
        f"closed on {round.closed_at.astimezone(clock.LONDON):%-d %B %Y}; returns not made by "
        "then count as not done"
        if round.closed_at is not None
        else "still open"
    )
    whose = "" if scope.is_council else " Only the people who report to you are counted."
    return (
        f"“{round.title}”, opened on {round.opened_on:%-d %B %Y} with a deadline of "
        f"{round.deadline:%-d %B %Y} ({state}): the latest open round, or the latest round when "
        f"none is open. Done means confirmed complete or a nil return.{whose}"
    )


def _completion_figures(rows: list[CompletionRow]) -> list[Figure]:
    asked = sum(r.asked for r in rows)
    done = sum(r.done for r in rows)
    return [
        Figure("Asked", asked),
        Figure("Done", done),
        Figure("Of which nil returns", sum(r.nil_returns for r in rows)),
        Figure("Not done", asked - done),
        Figure("Done %", percent_done(done, asked) or 0),
    ]


def _percent(value: int | None) -> object:
    return "" if value is None else value


def _completion_cells(row: CompletionRow) -> list[object]:
    return [row.asked, row.done, row.nil_returns, row.outstanding, _percent(row.percent_done)]


def round_by_directorate(scope: Scope, now: dt.datetime) -> Section:
    """How far the latest round has got in each directorate (as people's directorates were when
    it opened). Two queries: the round, and one GROUP BY over its memberships."""
    round = round_latest()
    base = Section(
        slug="round-directorates",
        title="Annual round: done by directorate",
        definition=NO_ROUND,
        figures=[],
        columns=["Directorate", *COMPLETION_COLUMNS],
        rows=[],
        empty=NO_ROUND,
    )
    if round is None:
        return base
    rows = round_completion(round=round, by_service=False, members=scope.members())
    figures = _completion_figures(rows)
    return Section(
        slug=base.slug,
        title=base.title,
        definition=_round_words(round, scope)
        + " People are counted in the directorate they were in when the round opened.",
        figures=figures,
        columns=base.columns,
        rows=[[r.name, *_completion_cells(r)] for r in rows],
        chart=bar_chart(
            chart_id="chart-round-directorates",
            title=f"{round.title}: returns by directorate",
            description=f"{figures[1].value} of {figures[0].value} done. "
            + "; ".join(f"{r.name}: {r.done} of {r.asked} done" for r in rows),
            bars=[Bar(r.name, (r.confirmed, r.nil_returns, r.outstanding)) for r in rows],
            series=["Confirmed", "Nil return", "Not done"],
        ),
        empty="Nobody was asked." if scope.is_council else "Nobody who reports to you was asked.",
    )


def round_by_service(scope: Scope, now: dt.datetime) -> Section:
    """How far the latest round has got in each service. Two queries, like the directorates.
    Left out of the committee summary: a small service's row can single someone out."""
    round = round_latest()
    base = Section(
        slug="round-services",
        title="Annual round: done by service",
        definition=NO_ROUND,
        figures=[],
        columns=["Service", "Directorate", *COMPLETION_COLUMNS],
        rows=[],
        personal=True,
        numeric_from=2,
        empty=NO_ROUND,
    )
    if round is None:
        return base
    rows = round_completion(round=round, by_service=True, members=scope.members())
    return Section(
        slug=base.slug,
        title=base.title,
        definition=_round_words(round, scope)
        + " People are counted in the service they were in when the round opened.",
        figures=[],
        columns=base.columns,
        rows=[[r.name, r.directorate, *_completion_cells(r)] for r in rows],
        personal=True,
        numeric_from=2,
        empty="Nobody was asked." if scope.is_council else "Nobody who reports to you was asked.",
    )


def round_over_time(scope: Scope, now: dt.datetime) -> Section:
    """Returns made in the latest round, each day and in total, from its opening to today (or
    the day it closed), with the deadline marked. Three queries: the round, one GROUP BY over its
    completed memberships, and one count of those asked."""
    round = round_latest()
    base = Section(
        slug="round-days",
        title="Annual round: returns made over time",
        definition=NO_ROUND,
        figures=[],
        columns=["Day", "Made that day", "Made so far", "Done so far %"],
        rows=[],
        empty=NO_ROUND,
    )
    if round is None:
        return base
    today = now.astimezone(clock.LONDON).date()
    closed_on = round.closed_at.astimezone(clock.LONDON).date() if round.closed_at else None
    last, end = completion_span(
        opened_on=round.opened_on, deadline=round.deadline, today=today, closed_on=closed_on
    )
    asked = (
        round.member_count
        if scope.is_council
        else round_completion_asked(round=round, members=scope.members())
    )
    days = round_completion_days(round=round, until=last, members=scope.members())
    made = days[-1].cumulative if days else 0
    axis: list[Point] = [Point(f"{d.day:%-d %b}", d.cumulative) for d in days]
    day = last + dt.timedelta(days=1)
    while day <= end:
        axis.append(Point(f"{day:%-d %b}", None))
        day += dt.timedelta(days=1)
    deadline_at = (round.deadline - round.opened_on).days
    by_deadline = next((d.cumulative for d in days if d.day == round.deadline), None)
    said = f"{made} of {asked} returns made by {last:%-d %B %Y}"
    if by_deadline is not None:
        said += f"; {by_deadline} by the deadline, {round.deadline:%-d %B %Y}"
    else:
        said += f"; the deadline is {round.deadline:%-d %B %Y}"
    return Section(
        slug=base.slug,
        title=base.title,
        definition=_round_words(round, scope)
        + " Each day counts the returns made that day (London time) and all made so far.",
        figures=[
            Figure("Made so far", made),
            Figure("Asked", asked),
            *([Figure("Made by the deadline", by_deadline)] if by_deadline is not None else []),
        ],
        columns=base.columns,
        rows=[
            [
                f"{d.day:%-d %B %Y}" + (" (deadline)" if d.day == round.deadline else ""),
                d.made,
                d.cumulative,
                _percent(percent_done(d.cumulative, asked)),
            ]
            for d in days
        ],
        chart=timeline_chart(
            chart_id="chart-round-days",
            title=f"{round.title}: returns made so far, each day",
            description=said + ".",
            points=axis,
            most=asked,
            marker=deadline_at if 0 <= deadline_at < len(axis) else None,
            marker_label=f"Deadline {round.deadline:%-d %b}",
        ),
    )


SectionSelector = Callable[[Scope, dt.datetime], Section]

#: The dashboard, in order. Add a section by adding its selector here.
SECTIONS: dict[str, SectionSelector] = {
    "round-directorates": round_by_directorate,
    "round-services": round_by_service,
    "round-days": round_over_time,
    "overdue": overdue_approvals,
    "waiting": waiting_by_office,
    "waiting-people": waiting_by_person,
    "no-gifts": services_without_gifts,
    "not-reconfirmed": interests_not_reconfirmed,
    "trend": declarations_by_month,
}
#: Sections for the whole council only: never on a team's dashboard.
COUNCIL_SECTIONS: dict[str, SectionSelector] = {"concerns": concerns_and_breaches}


def _selectors(scope: Scope) -> dict[str, SectionSelector]:
    return {**SECTIONS, **COUNCIL_SECTIONS} if scope.is_council else SECTIONS


def dashboard(scope: Scope, *, now: dt.datetime, personal: bool = True) -> list[Section]:
    """Every section for ``scope``; without the sections that name people unless ``personal``."""
    sections = [select(scope, now) for select in _selectors(scope).values()]
    return [s for s in sections if personal or not s.personal]


def section(scope: Scope, slug: str, *, now: dt.datetime) -> Section | None:
    """One section (for its CSV), or None for a slug the dashboard does not have."""
    select = _selectors(scope).get(slug)
    return select(scope, now) if select is not None else None


def team_scope(*, manager_id: int) -> Scope:
    return Scope(title="Your team", manager_id=manager_id)


COUNCIL = Scope(title="The whole council")


def _stored(section: Section) -> dict[str, object]:
    return {
        "slug": section.slug,
        "title": section.title,
        "definition": section.definition,
        "figures": [[f.label, f.value] for f in section.figures],
        "columns": section.columns,
        "rows": section.rows,
        "chart": str(section.chart) if section.chart is not None else None,
        "personal": section.personal,
        "empty": section.empty,
        "numeric_from": section.numeric_from,
    }


def _loaded(data: dict[str, Any]) -> Section:
    return Section(
        slug=data["slug"],
        title=data["title"],
        definition=data["definition"],
        figures=[Figure(label, value) for label, value in data["figures"]],
        columns=data["columns"],
        rows=data["rows"],
        # Drawn by ``charts.bar_chart`` (every text escaped) and stored by us alone.
        chart=mark_safe(data["chart"]) if data["chart"] is not None else None,  # noqa: S308
        personal=data["personal"],
        empty=data["empty"],
        numeric_from=data["numeric_from"],
    )


@dataclass(frozen=True)
class StoredDashboard:
    computed_at: dt.datetime
    sections: list[Section]


def stored_dashboard(scope: Scope, *, now: dt.datetime, max_age: dt.timedelta) -> StoredDashboard:
    """A dashboard from the figures last worked out for its scope if they are younger than
    ``max_age`` (one query), otherwise worked out now and stored."""
    latest = (
        DashboardFigures.objects.filter(manager_id=scope.manager_id)
        .order_by("-computed_at", "-id")
        .first()
    )
    if latest is not None and now - max_age <= latest.computed_at <= now:
        return StoredDashboard(latest.computed_at, [_loaded(d) for d in latest.data["sections"]])
    return dashboard_refresh(scope, now=now)


def dashboard_refresh(scope: Scope, *, now: dt.datetime) -> StoredDashboard:
    """Work a dashboard out now and store it."""
    sections = dashboard(scope, now=now)
    DashboardFigures.objects.create(
        computed_at=now,
        manager_id=scope.manager_id,
        data={"sections": [_stored(s) for s in sections]},
    )
    return StoredDashboard(now, sections)
