"""Reads of declarations, their versions and decisions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from probity.conduct.selectors import policy_current
from probity.declarations.choices import (
    AssignmentPurpose,
    DecisionAction,
    DeclarationStatus,
    StepState,
)
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Decision,
    Declaration,
    RouteStep,
    StepAssignment,
    VersionBase,
)
from probity.declarations.routing import (
    DEFAULT_FALLBACKS,
    LINE_MANAGER,
    OfficePeople,
    Organisation,
)
from probity.declarations.rules import (
    KIND_RULE,
    EntryFacts,
    Grant,
    Responsible,
    RoutePolicy,
    Step,
    StepKind,
    route,
)
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import OfficeHolding, Person
from probity.people.rules import Viewer

DECLARANT_RELATED = (
    "declaration__declarant__service__directorate",
    "declaration__declarant__line_manager",
    "declaration__declarant__grade",
)
OPEN_STATUSES = (
    DeclarationStatus.SUBMITTED,
    DeclarationStatus.NOTED,
    DeclarationStatus.IN_PROGRESS,
    DeclarationStatus.REFERRED,
    DeclarationStatus.INFO_REQUESTED,
)
QUEUE_PAGE_SIZE = 50


def version_model(kind: str) -> type[VersionBase]:
    return BY_KIND[kind].shape.model


def route_policy() -> RoutePolicy:
    """The council settings the routes read."""
    policy = policy_current()
    grade = policy.consent_grade
    fallbacks = dict(DEFAULT_FALLBACKS)
    fallbacks.update(policy.office_fallbacks or {})
    return RoutePolicy(
        consent_grade_rank=grade.rank if grade else 0,
        referral_office=policy.referral_office,
        consent_grade_name=grade.name if grade else "",
        fallbacks=fallbacks,
    )


def versions_of(*, declaration: Declaration) -> QuerySet[VersionBase]:
    model = version_model(declaration.kind)
    return (
        model._default_manager.filter(declaration=declaration)
        .select_related("created_by")
        .order_by("number")
    )


def version_current(*, declaration: Declaration) -> VersionBase:
    model = version_model(declaration.kind)
    return model._default_manager.get(
        declaration=declaration, number=declaration.current_version_number
    )


def decisions_of(*, declaration: Declaration) -> QuerySet[Decision]:
    return Decision.objects.filter(declaration=declaration).select_related("actor")


def route_for(declaration: Declaration, policy: RoutePolicy) -> tuple[Step, ...]:
    """The route a declaration gets under these settings (used once, when it is submitted, and
    when the Monitoring Officer re-routes it on purpose)."""
    grade = declaration.declarant.grade
    return route(kind=declaration.kind, grade_rank=grade.rank if grade else None, policy=policy)


def stored_steps(declaration: Declaration) -> list[RouteStep]:
    return list(
        RouteStep.objects.filter(declaration=declaration)
        .prefetch_related("assignments__person")
        .order_by("position")
    )


def step_of(row: RouteStep) -> Step:
    return Step(
        key=row.key,
        responsible=Responsible(row.responsible),
        does=StepKind(row.does),
        label=row.label,
        stage=row.stage,
        record_label=row.record_label,
    )


def steps_for(declaration: Declaration, policy: RoutePolicy | None = None) -> tuple[Step, ...]:
    """The route fixed when the declaration was submitted."""
    return tuple(step_of(row) for row in RouteStep.objects.filter(declaration=declaration))


@dataclass(frozen=True)
class Outcomes:
    """What the decisions on the current version add up to."""

    done: frozenset[str]
    refused: frozenset[str]
    consenter_ids: frozenset[int]
    conditional: bool


def outcomes_of(declaration: Declaration, decisions: Iterable[Decision]) -> Outcomes:
    done: set[str] = set()
    refused: set[str] = set()
    consenters: set[int] = set()
    conditional = False
    for decision in decisions:
        if decision.version_number != declaration.current_version_number or not decision.step:
            continue
        if decision.action == DecisionAction.REFUSED:
            refused.add(decision.step)
            continue
        done.add(decision.step)
        if decision.action in {
            DecisionAction.APPROVED,
            DecisionAction.APPROVED_WITH_CONDITIONS,
        }:
            consenters.add(decision.actor_id)
            conditional = conditional or decision.action == (
                DecisionAction.APPROVED_WITH_CONDITIONS
            )
    return Outcomes(frozenset(done), frozenset(refused), frozenset(consenters), conditional)


def step_outcomes(
    declaration: Declaration, decisions: Iterable[Decision]
) -> tuple[frozenset[str], bool]:
    """(steps done, whether any was refused) for the current version."""
    found = outcomes_of(declaration, decisions)
    return found.done, bool(found.refused)


def entry_facts(
    *,
    declaration: Declaration,
    version: VersionBase | None = None,
    policy: RoutePolicy | None = None,
    decisions: Iterable[Decision] | None = None,
    rows: list[RouteStep] | None = None,
) -> EntryFacts:
    """Everything the rules need about one declaration, from its stored route and assignments."""
    policy = policy or route_policy()
    declarant = declaration.declarant
    decisions = list(decisions if decisions is not None else decisions_of(declaration=declaration))
    rows = rows if rows is not None else stored_steps(declaration)
    found = outcomes_of(declaration, decisions)
    acting: dict[str, set[int]] = {}
    for row in rows:  # their assignments come prefetched with the steps
        for assignment in row.assignments.all():
            acting.setdefault(row.key, set()).add(assignment.person_id)
    advisers = set(
        StepAssignment.objects.filter(
            declaration=declaration, purpose=AssignmentPurpose.ADVISE
        ).values_list("person_id", flat=True)
    )
    ends_on = getattr(version, "ends_on", None)
    return EntryFacts(
        kind=declaration.kind,
        status=declaration.status,
        declarant_id=declarant.pk,
        declarant_line_manager_id=declarant.line_manager_id,
        declarant_service_id=declarant.service_id,
        referred_to=declaration.referred_to,
        ended=ends_on is not None,
        steps=tuple(step_of(row) for row in rows),
        done=found.done,
        referral_office=policy.referral_office,
        assignees={key: frozenset(ids) for key, ids in acting.items()},
        adviser_ids=frozenset(advisers),
        involved_ids=frozenset(
            {pid for ids in acting.values() for pid in ids}
            | advisers
            | {d.actor_id for d in decisions}
        ),
        consenter_ids=found.consenter_ids,
    )


def organisation_for(
    declaration: Declaration, *, today: dt.date, policy: RoutePolicy
) -> Organisation:
    """Who holds each office today, for assigning a declaration's steps. One query."""
    declarant = declaration.declarant
    holdings = (
        OfficeHolding.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(
            ~Q(office__kind=OfficeKind.HEAD_OF_SERVICE) | Q(office__service_id=declarant.service_id)
        )
        .exclude(person__leaving_date__lt=today)
        .values_list("office__kind", "role", "person_id")
    )
    holders: dict[str, set[int]] = {}
    deputies: dict[str, set[int]] = {}
    for kind, role, person_id in holdings:
        (holders if role == HoldingRole.HOLDER else deputies).setdefault(kind, set()).add(person_id)
    offices = {
        kind: OfficePeople(
            holder_ids=frozenset(holders.get(kind, ())),
            deputy_ids=frozenset(deputies.get(kind, ())),
        )
        for kind in set(holders) | set(deputies)
    }
    # A line manager who has left acts no more: the step goes where it goes with no manager.
    manager = declarant.line_manager if declarant.line_manager_id is not None else None
    left = manager is not None and manager.leaving_date is not None and manager.leaving_date < today
    return Organisation(
        declarant_id=declarant.pk,
        line_manager_id=None if left else declarant.line_manager_id,
        offices=offices,
        fallbacks=policy.fallbacks,
    )


def current_versions(kind: str) -> QuerySet[VersionBase]:
    """The current version of every declaration of a kind, with what a register row shows."""
    model = version_model(kind)
    # Current versions are flagged and the sort indexes hold only them, so a table of one kind
    # is read without joining its declarations; a table of many kinds is narrowed by kind.
    rows = model._default_manager.filter(is_current=True)
    if holds_many_kinds(model):
        rows = rows.filter(declaration__kind=kind)
    return rows.select_related(*DECLARANT_RELATED)


def holds_many_kinds(model: type[VersionBase]) -> bool:
    """Whether a version table holds more than one kind of declaration."""
    return sum(1 for spec in BY_KIND.values() if spec.shape.model is model) > 1


def grant_filter(
    grants: Iterable[Grant], *, prefix: str = "declaration__", kind: str | None = None
) -> Q:
    """The query for the rows these grants let a viewer see: the list side of ``visibility``.

    ``prefix`` leads from the rows queried to their declaration ("" for declarations themselves).
    ``kind`` says every row queried is of that kind (a register's rows): grants that do not
    reach it are left out and the kind is not asked again, so a grant of a whole register needs
    no condition at all, and no join to the declarations.
    """
    declaration_id = f"{prefix}id" if prefix else "pk"
    allowed = Q(pk__in=[])
    for grant in grants:
        if kind is not None:
            if kind not in grant.kinds:
                continue
            condition = Q()
        else:
            condition = Q(**{f"{prefix}kind__in": sorted(grant.kinds)})
        if grant.declarant_ids is not None:
            condition &= Q(**{f"{prefix}declarant_id__in": sorted(grant.declarant_ids)})
        if grant.line_manager_id is not None:
            condition &= Q(**{f"{prefix}declarant__line_manager_id": grant.line_manager_id})
        if grant.service_ids is not None:
            condition &= Q(**{f"{prefix}declarant__service_id__in": sorted(grant.service_ids)})
        if grant.involved_id is not None:
            condition &= Exists(
                StepAssignment.objects.filter(
                    declaration_id=OuterRef(declaration_id), person_id=grant.involved_id
                )
            ) | Exists(
                Decision.objects.filter(
                    declaration_id=OuterRef(declaration_id), actor_id=grant.involved_id
                )
            )
        if not condition:
            return Q()  # this grant reaches every row: nothing to ask ("Q() | x" would be x)
        allowed |= condition
    return allowed


def current_versions_for(declarations: Iterable[Declaration]) -> dict[int, VersionBase]:
    """Current versions of many declarations of any kinds: one query per version table."""
    wanted: dict[type[VersionBase], list[Declaration]] = {}
    for declaration in declarations:
        wanted.setdefault(version_model(declaration.kind), []).append(declaration)
    found: dict[int, VersionBase] = {}
    for model, group in wanted.items():
        for version in model._default_manager.filter(declaration__in=group, is_current=True):
            found[version.declaration_id] = version
    for declaration in declarations:
        if declaration.pk in found:
            found[declaration.pk].declaration = declaration
    return found


def my_declarations(*, person: Person) -> list[VersionBase]:
    """A person's own declarations (current versions), newest first."""
    declarations = list(
        Declaration.objects.filter(declarant=person)
        .select_related(
            "declarant__service__directorate", "declarant__grade", "declarant__line_manager"
        )
        .order_by("-submitted_at", "-id")
    )
    versions = current_versions_for(declarations)
    return [versions[d.pk] for d in declarations if d.pk in versions]


@dataclass(frozen=True)
class Waiting:
    declaration: Declaration
    version: VersionBase
    assignment: StepAssignment

    @property
    def advice(self) -> bool:
        return self.assignment.purpose == AssignmentPurpose.ADVISE

    @property
    def step_label(self) -> str:
        step = self.assignment.step
        return "Advice" if self.advice or step is None else step.label


def assignments_waiting_for(*, person_id: int) -> QuerySet[StepAssignment]:
    """What is waiting for this person to act on now, oldest first: the stored assignments that
    are actionable (``rules.assignment_actionable``, kept by the services), read through their
    partial (person, since, id) index alone, so the count costs the same however large the
    registers grow."""
    return StepAssignment.objects.filter(person_id=person_id, actionable=True).order_by(
        "since", "id"
    )


def waiting_count(*, viewer: Viewer) -> int:
    return assignments_waiting_for(person_id=viewer.person_id).count()


def declarations_to_review(*, viewer: Viewer, page: int | str | None = 1) -> Page[Waiting]:
    """One page of what is waiting for this viewer to note, approve, record or advise on.

    A constant number of queries whatever the size of the council: the page of assignments with
    their declarations and steps, then one query per version table for the summaries.
    """
    rows = assignments_waiting_for(person_id=viewer.person_id).select_related(
        "step",
        "declaration__declarant__service__directorate",
        "declaration__declarant__grade",
        "declaration__declarant__line_manager",
    )
    paginator: Paginator[StepAssignment] = Paginator(rows, QUEUE_PAGE_SIZE)
    found = paginator.get_page(page)
    assignments = list(found.object_list)
    versions = current_versions_for([a.declaration for a in assignments])
    waiting = [
        Waiting(a.declaration, versions[a.declaration_id], a)
        for a in assignments
        if a.declaration_id in versions
    ]
    return Page(waiting, found.number, paginator)  # type: ignore[arg-type]


def steps_stranded() -> QuerySet[RouteStep]:
    """Steps waiting with nobody able to act, oldest first (the Monitoring Officer's list)."""
    return (
        RouteStep.objects.filter(state=StepState.WAITING, stranded=True)
        .select_related("declaration__declarant__service")
        .order_by("waiting_since", "id")
    )


def steps_waiting_on_offices(*, offices: Iterable[str]) -> QuerySet[RouteStep]:
    """Waiting steps whose office, or whose fallback office, is one of these (or nobody's)."""
    names = sorted(set(offices))
    return RouteStep.objects.filter(state=StepState.WAITING).filter(
        Q(office__in=names) | Q(acting_office__in=names) | Q(stranded=True)
    )


def steps_waiting_for_declarants(*, person_ids: Iterable[int]) -> QuerySet[RouteStep]:
    return RouteStep.objects.filter(
        state=StepState.WAITING, declaration__declarant_id__in=sorted(set(person_ids))
    )


def declaration_by_token(*, token: uuid.UUID) -> Declaration | None:
    return Declaration.objects.filter(submission_token=token).first()


@dataclass(frozen=True)
class StepView:
    """One step of a declaration's route as the pages show it."""

    label: str
    state: str
    state_label: str
    people: tuple[str, ...]
    note: str
    stranded: bool


def _office_name(office: str) -> str:
    if office == LINE_MANAGER:
        return "the line manager"
    return f"the {OfficeKind(office).label}"


def _capacity(office: str, *, deputy: bool) -> str:
    if office == LINE_MANAGER:
        return "line manager"
    label = str(OfficeKind(office).label)
    return f"Deputy {label}" if deputy else label


def route_view(*, declaration: Declaration, rows: list[RouteStep] | None = None) -> list[StepView]:
    """The declaration's route: each step, where it stands and exactly who may act on it now."""
    rows = rows if rows is not None else stored_steps(declaration)
    views = []
    for row in rows:
        people = tuple(
            f"{a.person.full_name} ({_capacity(a.office, deputy=a.deputy)})"
            for a in row.assignments.all()
            if a.purpose == AssignmentPurpose.ACT
        )
        note = ""
        if row.state == StepState.WAITING and row.passed_over:
            skipped = "; ".join(f"{_office_name(o)}: {why}" for o, why in row.passed_over)
            if row.acting_office:
                note = f"Passed to {_office_name(row.acting_office)} ({skipped})."
            else:
                note = (
                    f"Nobody can act on it yet ({skipped}). The Monitoring Officer has been told."
                )
        views.append(
            StepView(
                label=row.label,
                state=row.state,
                state_label=str(StepState(row.state).label),
                people=people,
                note=note,
                stranded=row.stranded and row.state == StepState.WAITING,
            )
        )
    return views


LIVE_STATUSES_EXCLUDED = (DeclarationStatus.WITHDRAWN, DeclarationStatus.REFUSED)


def declarations_live(*, person: Person, today: dt.date) -> list[VersionBase]:
    """A person's declarations still in force (not withdrawn, refused or ended; nil returns left
    out), newest first: what a nil return would contradict."""
    live = []
    for version in my_declarations(person=person):
        declaration = version.declaration
        if KIND_RULE[declaration.kind].nothing_to_declare:
            continue
        if declaration.status in LIVE_STATUSES_EXCLUDED:
            continue
        ends_on = getattr(version, "ends_on", None)
        if ends_on is not None and ends_on < today:
            continue
        live.append(version)
    return live


def reviewers_after_change(*, declaration: Declaration, today: dt.date) -> list[str]:
    """Who a correction or an end would go back to: the first stage of its stored route, as
    ``routing.assign`` would give it today ("Line manager notes it: Sam Lee")."""
    from probity.declarations.routing import assign

    rows = list(RouteStep.objects.filter(declaration=declaration).order_by("position"))
    if not rows:
        return []
    first = min(row.stage for row in rows)
    org = organisation_for(declaration, today=today, policy=route_policy())
    names = dict(
        Person.objects.filter(
            pk__in={
                pid
                for row in rows
                if row.stage == first
                for pid in assign(row.office, org).person_ids
            }
        ).values_list("pk", "full_name")
    )
    lines = []
    for row in rows:
        if row.stage != first:
            continue
        people = sorted(names[pid] for pid in assign(row.office, org).person_ids if pid in names)
        lines.append(f"{row.label}: {', '.join(people)}" if people else row.label)
    return lines
