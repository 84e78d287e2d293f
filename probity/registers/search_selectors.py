"""Reads for the Monitoring Officer's search and person pages: every register at once.

Queries stay constant however many rows match: one count and one page of declarations, then one
query per version table for the current versions on that page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from probity.core.search import search_terms
from probity.declarations.models import (
    Declaration,
    SearchEntry,
    VersionBase,
)
from probity.declarations.selectors import current_versions_for

DECLARATION_RELATED = ("declarant__service__directorate",)


#: Entries a search counts at most before it says "more than": few enough that a common word is
#: found by reading the newest entries in order rather than every entry that holds it.
SEARCH_COUNT_CAP = 500


def declarations_matching(*, query: str) -> QuerySet[SearchEntry]:
    """The search entries (keyed by declaration) whose text holds every word of the query,
    newest first. Accents and case are ignored: the query is normalised as the stored text was.

    Read the declarations of a page with ``declarations_by_key``.
    """
    terms = search_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(*(Q(text__contains=term) for term in terms)).order_by(
        "-submitted_at", "-declaration_id"
    )


def declarations_by_key() -> QuerySet[Declaration]:
    """Declarations with what a result row shows, to read a page of keys already found."""
    return Declaration.objects.select_related(*DECLARATION_RELATED)


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
    listed: Sequence[Declaration] = list(declarations)
    found = current_versions_for(listed)
    return [Found(d, found[d.pk]) for d in listed if d.pk in found]
