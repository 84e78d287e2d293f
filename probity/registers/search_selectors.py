"""Reads for the Monitoring Officer's search and person pages: every register at once.

Queries stay constant however many rows match: one count and one page of declarations, then one
query per version table for the current versions on that page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from probity.core.search import search_terms
from probity.declarations.models import (
    Declaration,
    DeclarationVersion,
    GiftHospitalityVersion,
    InterestVersion,
    VersionBase,
)
from probity.declarations.selectors import version_model

VERSION_MODELS: tuple[type[VersionBase], ...] = (
    GiftHospitalityVersion,
    InterestVersion,
    DeclarationVersion,
)
DECLARATION_RELATED = ("declarant__service__directorate",)


def declarations_matching(*, query: str) -> QuerySet[Declaration]:
    """Declarations whose current version's search text holds every word of the query.

    Accents and case are ignored: the query is normalised as the stored text was.
    """
    terms = search_terms(query)
    if not terms:
        return Declaration.objects.none()
    # One subquery per version table, joined by UNION ALL (a declaration has one kind, so one
    # table): each is served by that table's trigram index on PostgreSQL, where an OR of three
    # IN-subqueries would scan every declaration.
    matching = [
        model._default_manager.filter(
            Q(number=F("declaration__current_version_number")),
            *(Q(search_text__contains=term) for term in terms),
        )
        .order_by()
        .values("declaration_id")
        for model in VERSION_MODELS
    ]
    first, *rest = matching
    return (
        Declaration.objects.filter(pk__in=first.union(*rest, all=True))
        .select_related(*DECLARATION_RELATED)
        .order_by("-submitted_at", "-id")
    )


def declarations_of_person(*, person_id: int) -> QuerySet[Declaration]:
    """Every declaration a person has made, newest first."""
    return (
        Declaration.objects.filter(declarant_id=person_id)
        .select_related(*DECLARATION_RELATED)
        .order_by("-submitted_at", "-id")
    )


@dataclass(frozen=True)
class Found:
    declaration: Declaration
    version: VersionBase


def with_current_versions(declarations: Iterable[Declaration]) -> list[Found]:
    """Pair each declaration with its current version: one query per version table used."""
    wanted: dict[type[VersionBase], list[Declaration]] = {}
    listed: Sequence[Declaration] = list(declarations)
    for declaration in listed:
        wanted.setdefault(version_model(declaration.kind), []).append(declaration)
    found: dict[int, VersionBase] = {}
    for model, group in wanted.items():
        for version in model._default_manager.filter(
            declaration__in=group, number=F("declaration__current_version_number")
        ):
            found[version.declaration_id] = version
    rows = []
    for declaration in listed:
        current = found.get(declaration.pk)
        if current is not None:
            current.declaration = declaration
            rows.append(Found(declaration, current))
    return rows
