"""The Monitoring Officer's search across every register, and a page per person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from probity.core.http import AuthenticatedHttpRequest
from probity.core.paging import capped_page, rows_of_page
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Declaration,
    VersionBase,
)
from probity.people.access import viewer_for_request
from probity.registers.access import person_for_monitoring_officer, require_monitoring_officer
from probity.registers.search_selectors import (
    SEARCH_COUNT_CAP,
    Found,
    declarations_by_key,
    declarations_matching,
    declarations_of_person,
    with_current_versions,
)

PAGE_SIZE = 25
QUERY_MAX = 100


@dataclass(frozen=True)
class ResultRow:
    found: Found
    register_title: str
    register_slug: str
    subject: str
    dates: str


def _subject(version: VersionBase) -> str:
    return BY_KIND[version.declaration.kind].shape.subject(version)


def _dates(version: VersionBase) -> str:
    return BY_KIND[version.declaration.kind].shape.dates_text(version)


def _rows(declarations: Iterable[Declaration]) -> list[ResultRow]:
    rows = []
    for found in with_current_versions(declarations):
        spec = BY_KIND[found.declaration.kind]
        rows.append(
            ResultRow(
                found=found,
                register_title=spec.register_title,
                register_slug=spec.register_slug,
                subject=_subject(found.version),
                dates=_dates(found.version),
            )
        )
    return rows


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    require_monitoring_officer(viewer)
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    page = None
    rows: list[ResultRow] = []
    page_numbers: list[object] = []
    if query:
        matching = declarations_matching(query=query)
        page, paginator = capped_page(
            matching, PAGE_SIZE, request.GET.get("page"), cap=SEARCH_COUNT_CAP, narrow=True
        )
        page_numbers = paginator.page_numbers(page.number)
        rows = _rows(rows_of_page(matching, paginator, page, whole=declarations_by_key()))
    return render(
        request,
        "registers/search.html",
        {"query": query, "page": page, "rows": rows, "page_numbers": page_numbers},
    )


@login_required
def person(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    declarant = person_for_monitoring_officer(person_id=person_id, viewer=viewer)
    theirs = declarations_of_person(person_id=declarant.pk)
    page, paginator = capped_page(theirs, PAGE_SIZE, request.GET.get("page"), narrow=True)
    return render(
        request,
        "registers/person_detail.html",
        {
            "declarant": declarant,
            "page": page,
            "rows": _rows(rows_of_page(theirs, paginator, page)),
            "page_numbers": paginator.page_numbers(page.number),
        },
    )
