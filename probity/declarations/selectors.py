"""Reads of declarations, their versions and decisions."""

from __future__ import annotations

import uuid

from django.db.models import F, Q, QuerySet

from probity.declarations.choices import DeclarationKind, DeclarationStatus
from probity.declarations.models import (
    Decision,
    Declaration,
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)
from probity.declarations.rules import EntryFacts, RegisterScope
from probity.people.models import Person
from probity.people.rules import Viewer

VERSION_MODELS: dict[str, type[VersionBase]] = {
    DeclarationKind.GIFT_HOSPITALITY: GiftHospitalityVersion,
    DeclarationKind.PERSONAL_INTEREST: InterestVersion,
}

DECLARANT_RELATED = (
    "declaration__declarant__service__directorate",
    "declaration__declarant__line_manager",
)


def version_model(kind: str) -> type[VersionBase]:
    return VERSION_MODELS[kind]


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


def entry_facts(*, declaration: Declaration, version: VersionBase | None = None) -> EntryFacts:
    declarant = declaration.declarant
    ended = isinstance(version, InterestVersion) and version.ends_on is not None
    return EntryFacts(
        kind=declaration.kind,
        status=declaration.status,
        declarant_id=declarant.pk,
        declarant_line_manager_id=declarant.line_manager_id,
        declarant_service_id=declarant.service_id,
        referred_to=declaration.referred_to,
        special_category=declaration.special_category,
        ended=ended,
    )


def current_versions(kind: str) -> QuerySet[VersionBase]:
    """The current version of every declaration of a kind, with what a register row shows."""
    model = version_model(kind)
    return model._default_manager.filter(
        number=F("declaration__current_version_number")
    ).select_related(*DECLARANT_RELATED)


def scope_filter(scope: RegisterScope, *, prefix: str = "declaration__") -> Q:
    """A query filter for the rows a ``RegisterScope`` allows."""
    if scope.everything:
        allowed = Q()
    elif scope.nothing:
        return Q(pk__in=[])
    else:
        allowed = Q(**{f"{prefix}declarant_id__in": scope.declarant_ids})
        if scope.advice_for_service_ids:
            allowed |= Q(
                **{
                    f"{prefix}status": DeclarationStatus.REFERRED,
                    f"{prefix}referred_to": "head_of_service",
                    f"{prefix}declarant__service_id__in": scope.advice_for_service_ids,
                }
            )
    if scope.exclude_special_category:
        allowed &= Q(**{f"{prefix}special_category": False})
    return allowed


def my_declarations(*, person: Person) -> list[VersionBase]:
    """A person's own declarations (current versions), newest first. One query per kind."""
    rows: list[VersionBase] = []
    for kind in DeclarationKind.values:
        rows.extend(current_versions(kind).filter(declaration__declarant=person))
    rows.sort(key=lambda v: (v.declaration.submitted_at, v.declaration_id), reverse=True)
    return rows


def declarations_to_review(*, viewer: Viewer) -> list[VersionBase]:
    """What waits for this person: reports' new entries, referrals, interests to record."""
    waiting = Q(
        declaration__status=DeclarationStatus.SUBMITTED,
        declaration__declarant__line_manager_id=viewer.person_id,
    )
    if viewer.headed_service_ids:
        waiting |= Q(
            declaration__status=DeclarationStatus.REFERRED,
            declaration__referred_to="head_of_service",
            declaration__declarant__service_id__in=viewer.headed_service_ids,
        )
    if viewer.is_monitoring_officer:
        waiting |= Q(
            declaration__status=DeclarationStatus.SUBMITTED,
            declaration__declarant__line_manager__isnull=True,
        )
        waiting |= Q(
            declaration__status=DeclarationStatus.REFERRED,
            declaration__referred_to="monitoring_officer",
        )
        waiting |= Q(
            declaration__status=DeclarationStatus.NOTED,
            declaration__kind=DeclarationKind.PERSONAL_INTEREST,
        )
    rows: list[VersionBase] = []
    for kind in DeclarationKind.values:
        rows.extend(
            current_versions(kind)
            .filter(waiting)
            .exclude(declaration__declarant_id=viewer.person_id)
        )
    rows.sort(key=lambda v: (v.declaration.status_changed_at, v.declaration_id))
    return rows


def declaration_by_token(*, token: uuid.UUID) -> Declaration | None:
    return Declaration.objects.filter(submission_token=token).first()
