"""Reads of declarations, their versions and decisions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from probity.conduct.selectors import policy_current
from probity.declarations.choices import DecisionAction, DeclarationKind, DeclarationStatus
from probity.declarations.models import (
    Decision,
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)
from probity.declarations.rules import (
    Action,
    EntryFacts,
    RegisterScope,
    RoutePolicy,
    Step,
    available_actions,
    open_steps,
    route,
)
from probity.people.models import Person
from probity.people.rules import Viewer

TYPED_VERSION_MODELS: dict[str, type[VersionBase]] = {
    DeclarationKind.GIFT_HOSPITALITY: GiftHospitalityVersion,
    DeclarationKind.PERSONAL_INTEREST: InterestVersion,
}

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
)


def version_model(kind: str) -> type[VersionBase]:
    return TYPED_VERSION_MODELS.get(kind, DeclarationVersion)


def route_policy() -> RoutePolicy:
    """The council settings the routes read."""
    policy = policy_current()
    grade = policy.consent_grade
    return RoutePolicy(
        consent_grade_rank=grade.rank if grade else 0, referral_office=policy.referral_office
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


def steps_for(declaration: Declaration, policy: RoutePolicy) -> tuple[Step, ...]:
    grade = declaration.declarant.grade
    return route(kind=declaration.kind, grade_rank=grade.rank if grade else None, policy=policy)


def step_outcomes(
    declaration: Declaration, decisions: Iterable[Decision]
) -> tuple[frozenset[str], bool]:
    """(steps done, whether any was refused) for the current version."""
    done: set[str] = set()
    refused = False
    for decision in decisions:
        if decision.version_number != declaration.current_version_number or not decision.step:
            continue
        if decision.action == DecisionAction.REFUSED:
            refused = True
        else:
            done.add(decision.step)
    return frozenset(done), refused


def entry_facts(
    *,
    declaration: Declaration,
    version: VersionBase | None = None,
    policy: RoutePolicy | None = None,
    decisions: Iterable[Decision] | None = None,
) -> EntryFacts:
    policy = policy or route_policy()
    declarant = declaration.declarant
    if decisions is None:
        decisions = Decision.objects.filter(declaration=declaration)
    done, _ = step_outcomes(declaration, decisions)
    ends_on = getattr(version, "ends_on", None)
    return EntryFacts(
        kind=declaration.kind,
        status=declaration.status,
        declarant_id=declarant.pk,
        declarant_line_manager_id=declarant.line_manager_id,
        declarant_service_id=declarant.service_id,
        referred_to=declaration.referred_to,
        ended=ends_on is not None,
        steps=steps_for(declaration, policy),
        done=done,
        referral_office=policy.referral_office,
    )


def current_versions(kind: str) -> QuerySet[VersionBase]:
    """The current version of every declaration of a kind, with what a register row shows."""
    model = version_model(kind)
    rows = model._default_manager.filter(number=F("declaration__current_version_number"))
    if model is DeclarationVersion:
        rows = rows.filter(declaration__kind=kind)
    return rows.select_related(*DECLARANT_RELATED)


def scope_filter(scope: RegisterScope, *, prefix: str = "declaration__") -> Q:
    """A query filter for the rows a ``RegisterScope`` allows."""
    if scope.everything:
        return Q()
    if scope.nothing:
        return Q(pk__in=[])
    allowed = Q(**{f"{prefix}declarant_id__in": scope.declarant_ids})
    if scope.service_ids:
        allowed |= Q(**{f"{prefix}declarant__service_id__in": scope.service_ids})
    if scope.advice_for_service_ids:
        allowed |= Q(
            **{
                f"{prefix}status": DeclarationStatus.REFERRED,
                f"{prefix}referred_to": "head_of_service",
                f"{prefix}declarant__service_id__in": scope.advice_for_service_ids,
            }
        )
    return allowed


def _current_versions_for(declarations: Iterable[Declaration]) -> dict[int, VersionBase]:
    """Current versions of many declarations of any kinds: one query per version table."""
    wanted: dict[type[VersionBase], list[Declaration]] = {}
    for declaration in declarations:
        wanted.setdefault(version_model(declaration.kind), []).append(declaration)
    found: dict[int, VersionBase] = {}
    for model, group in wanted.items():
        for version in model._default_manager.filter(
            declaration__in=group, number=F("declaration__current_version_number")
        ):
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
    versions = _current_versions_for(declarations)
    return [versions[d.pk] for d in declarations if d.pk in versions]


@dataclass(frozen=True)
class Waiting:
    declaration: Declaration
    version: VersionBase
    steps: tuple[Step, ...]
    actions: frozenset[Action]


DECIDING = frozenset({Action.NOTE, Action.APPROVE, Action.RECORD, Action.ADVISE})


def declarations_to_review(*, viewer: Viewer) -> list[Waiting]:
    """Everything waiting for this person to note, approve, record or advise on, oldest first.

    A constant number of queries: the open declarations with their decisions, then one query per
    version table for the summaries.
    """
    policy = route_policy()
    candidates = (
        Declaration.objects.filter(status__in=OPEN_STATUSES)
        .exclude(declarant_id=viewer.person_id)
        .select_related(
            "declarant__service__directorate", "declarant__grade", "declarant__line_manager"
        )
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "id"))
        )
        .order_by("status_changed_at", "id")
    )
    waiting: list[tuple[Declaration, tuple[Step, ...], frozenset[Action]]] = []
    for declaration in candidates:
        facts = entry_facts(
            declaration=declaration, policy=policy, decisions=declaration.decisions.all()
        )
        actions = available_actions(viewer, facts) & DECIDING
        if actions:
            waiting.append((declaration, open_steps(facts.steps, facts.done), actions))
    versions = _current_versions_for([d for d, _, _ in waiting])
    return [
        Waiting(d, versions[d.pk], steps, actions)
        for d, steps, actions in waiting
        if d.pk in versions
    ]


def declaration_by_token(*, token: uuid.UUID) -> Declaration | None:
    return Declaration.objects.filter(submission_token=token).first()
