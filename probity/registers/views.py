"""The registers: tables with filters, entry pages with history, withdrawal, audit and CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from probity.core import clock, paging
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.paging import capped_page, rows_of_page
from probity.core.selectors import audit_events_for_subject
from probity.core.templatetags.probity import uk_datetime
from probity.declarations import sealing, services
from probity.declarations.access import entry_for_viewer, route_policy_for_request
from probity.declarations.forms import CommentForm
from probity.declarations.kinds import (
    BY_KIND,
    KINDS,
    Column,
    KindSpec,
    datetime_cell,
    display_cell,
    raw,
)
from probity.declarations.models import Declaration, VersionBase
from probity.declarations.rules import SPECIAL_CATEGORY_KINDS, Action, Grant, grants_for
from probity.declarations.selectors import (
    current_versions,
    grant_filter,
    versions_of,
)
from probity.declarations.views import readable_decisions, readable_rows
from probity.people.access import viewer_for_request
from probity.people.rules import Viewer
from probity.registers.audit_trail import audit_trail
from probity.registers.exports import CsvPlan, csv_plan, csv_values, streamed_csv
from probity.registers.filters import (
    ExistenceOnlyRegisterFilter,
    FactsRegisterFilter,
    GiftRegisterFilter,
    InterestRegisterFilter,
    RegisterFilter,
)

PAGE_SIZE = 25


def _declarant(v: VersionBase) -> str:
    return v.declaration.declarant.full_name


def _service(v: VersionBase) -> str:
    service = v.declaration.declarant.service
    return service.name if service else ""


def _directorate(v: VersionBase) -> str:
    service = v.declaration.declarant.service
    return service.directorate.name if service else ""


COMMON_START = [
    Column(
        "Reference",
        lambda v: v.declaration.reference,
        "declaration__reference",
        csv=raw("declaration__reference", safe=True),  # made by Probity: "GH-2027-0001"
    ),
    Column(
        "Person",
        _declarant,
        "declaration__declarant__full_name",
        csv=raw("declaration__declarant__full_name"),
    ),
    Column(
        "Service",
        _service,
        "declaration__declarant__service__name",
        csv=raw("declaration__declarant__service__name"),
    ),
]
COMMON_END = [
    Column(
        "Status",
        lambda v: v.declaration.get_status_display(),
        "declaration__status",
        csv=display_cell(Declaration, "declaration__status"),
    )
]


@dataclass(frozen=True)
class Register:
    slug: str
    title: str
    kind: str
    filter_class: type[RegisterFilter]
    columns: list[Column]
    csv_columns: list[Column]
    default_sort: str
    # Reads what the columns need beyond the version itself, for a page of rows at once.
    prepare: Callable[[list[Any]], None] | None = None

    def prepared(self, versions: Iterable[Any]) -> list[Any]:
        rows = list(versions)
        if self.prepare is not None:
            self.prepare(rows)
        return rows


CSV_EXTRA_START = [
    Column(
        "Directorate",
        _directorate,
        csv=raw("declaration__declarant__service__directorate__name"),
    ),
    Column(
        "Declared",
        lambda v: uk_datetime(v.declaration.submitted_at),
        csv=datetime_cell("declaration__submitted_at"),
    ),
]
#: The filter each shape of register uses (see ``KindShape.filter``).
FILTERS: dict[str, type[RegisterFilter]] = {
    "gift": GiftRegisterFilter,
    "interest": InterestRegisterFilter,
    "facts": FactsRegisterFilter,
}


def _register_for(spec: KindSpec) -> Register:
    """A kind's register: the common columns around the columns its shape gives."""
    shape = spec.shape
    return Register(
        slug=spec.register_slug,
        title=spec.register_title,
        kind=spec.kind,
        filter_class=FILTERS[shape.filter],
        columns=[*COMMON_START, *shape.columns(), *COMMON_END],
        csv_columns=[
            *COMMON_START,
            *CSV_EXTRA_START,
            *shape.csv_columns(),
            *COMMON_END,
            Column("Version", lambda v: v.number, csv=raw("number", safe=True)),
        ],
        default_sort=shape.default_sort,
        prepare=shape.prepare,
    )


REGISTERS: dict[str, Register] = {spec.register_slug: _register_for(spec) for spec in KINDS}


def _register(slug: str) -> Register:
    if slug not in REGISTERS:
        raise Http404("No such register.")
    return REGISTERS[slug]


def _may_use(register: Register, grants: tuple[Grant, ...]) -> bool:
    """A register is open to a viewer whose grants reach its kind: by standing (their own,
    their reports', their office's) or because they are asked to act on one of its entries."""
    reaching = [g for g in grants if register.kind in g.kinds]
    if any(g.involved_id is None for g in reaching):
        return True
    return (
        bool(reaching)
        and current_versions(register.kind)
        .filter(grant_filter(reaching, kind=register.kind))
        .exists()
    )


def _as_seen_by(viewer: Viewer, register: Register) -> Register:
    """A special-category register as a viewer who may know only that entries exist sees it:
    who and when declared, and the status; no dates, details or reasons (see ADR 0008)."""
    if register.kind not in SPECIAL_CATEGORY_KINDS or viewer.is_monitoring_officer:
        return register
    return replace(
        register,
        filter_class=ExistenceOnlyRegisterFilter,
        columns=[*COMMON_START, *COMMON_END],
        csv_columns=[*COMMON_START, *CSV_EXTRA_START, *COMMON_END],
        default_sort="-declaration__submitted_at",
    )


def _viewer_for_register(
    request: AuthenticatedHttpRequest, register: Register
) -> tuple[Viewer, tuple[Grant, ...], Register]:
    _, viewer = viewer_for_request(request)
    grants = grants_for(viewer, route_policy_for_request(request))
    if not _may_use(register, grants):
        raise PermissionDenied("You do not have access to this register.")
    return viewer, grants, _as_seen_by(viewer, register)


def _rows(
    register: Register, grants: tuple[Grant, ...], request: AuthenticatedHttpRequest
) -> tuple[RegisterFilter, QuerySet[Any], str]:
    base = current_versions(register.kind).filter(grant_filter(grants, kind=register.kind))
    filterset = register.filter_class(request.GET or None, queryset=base)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sortable = {c.sort for c in register.columns if c.sort}
    sort = request.GET.get("sort", register.default_sort)
    if sort.lstrip("-") not in sortable | {"declaration__submitted_at"}:
        sort = register.default_sort
    if sort.lstrip("-").startswith("declaration__"):
        # Named so the declarations' (kind, submitted_at, id) index serves the order.
        rows = rows.filter(declaration__kind=register.kind)
    # The declaration id breaks ties, read from the version row so one index serves the order.
    tiebreak = "-declaration_id" if sort.startswith("-") else "declaration_id"
    return filterset, rows.order_by(sort, tiebreak), sort


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    grants = grants_for(viewer, route_policy_for_request(request))
    registers = []
    for register in REGISTERS.values():
        if _may_use(register, grants):
            visible = current_versions(register.kind).filter(
                grant_filter(grants, kind=register.kind)
            )
            count = visible[: paging.COUNT_CAP + 1].count()
            registers.append((register, count))
    if not registers:
        raise PermissionDenied("You do not have access to the registers.")
    return render(
        request,
        "registers/register_index.html",
        {
            "registers": registers,
            "count_cap": paging.COUNT_CAP,
            "sees_everything": viewer.is_monitoring_officer,
            "is_auditor": viewer.is_auditor and not viewer.is_monitoring_officer,
        },
    )


@login_required
def register_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    viewer, grants, register = _viewer_for_register(request, _register(slug))
    filterset, rows, sort = _rows(register, grants, request)
    page, paginator = capped_page(rows, PAGE_SIZE, request.GET.get("page"), narrow=True)
    table = [
        (v, [(c, c.value(v)) for c in register.columns])
        for v in register.prepared(
            rows_of_page(rows, paginator, page, whole=current_versions(register.kind))
        )
    ]
    sort_column = next(
        (c.label for c in register.columns if c.sort == sort.lstrip("-")), "Date declared"
    )
    sort_label = f"{sort_column}, {'descending' if sort.startswith('-') else 'ascending'}"
    return render(
        request,
        "registers/register_list.html",
        {
            "register": register,
            "filter": filterset,
            "page": page,
            "page_numbers": paginator.page_numbers(page.number),
            "exact_count": paginator.exact,
            "table": table,
            "sort": sort,
            "sort_label": sort_label,
            "person_links": viewer.is_monitoring_officer,
            "filtered": bool(
                request.GET.get("q") or any(request.GET.get(f) for f in filterset.filters)
            ),
        },
    )


def register_csv_values(
    request: AuthenticatedHttpRequest, slug: str
) -> tuple[Register, QuerySet[Any], CsvPlan]:
    """The register's CSV for this viewer: the plain value rows of exactly the entries, in the
    order, of its list with the same query string (``_rows`` decides both), and how to write them."""
    _, grants, register = _viewer_for_register(request, _register(slug))
    _, rows, _ = _rows(register, grants, request)
    plan = csv_plan(register.csv_columns)
    return register, csv_values(rows, plan), plan


@login_required
def register_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    register, values, plan = register_csv_values(request, slug)
    return streamed_csv(
        filename=f"{register.slug}-{clock.today().isoformat()}.csv", values=values, plan=plan
    )


@login_required
def entry(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    item = entry_for_viewer(reference=reference, viewer=viewer)
    declaration, version, actions = item.declaration, item.version, item.actions
    history = []
    rows = readable_rows(request, person, item) if item.details_hidden else []
    versions = [version] if item.details_hidden else list(versions_of(declaration=declaration))
    reasons = sealing.shown_reasons(
        versions,
        declaration=declaration,
        reader=person,
        may_read=not item.details_hidden,
        now=clock.now(),
        source=request_source(request),
    )
    if not item.details_hidden:
        history = [
            (v, readable_rows(request, person, item, v), reasons[v.number]) for v in versions
        ]
        rows = next(r for v, r, _ in history if v.number == version.number)
        history.reverse()
    return render(
        request,
        "registers/entry_detail.html",
        {
            "declaration": declaration,
            "version": version,
            "rows": rows,
            "hidden": item.details_hidden,
            "history": history,
            "reason": reasons[version.number],
            "decisions": readable_decisions(request, person, item),
            "route": item.route,
            "actions": {a.value for a in actions},
            "can_review": bool(
                actions & {Action.NOTE, Action.APPROVE, Action.RECORD, Action.ADVISE}
            ),
            "register": REGISTERS[BY_KIND[declaration.kind].register_slug],
            "person_link": viewer.is_monitoring_officer,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    item = entry_for_viewer(reference=reference, viewer=viewer)
    if Action.WITHDRAW not in item.actions:
        raise PermissionDenied("You cannot withdraw this entry.")
    form = CommentForm(
        request.POST or None,
        label="Why is this entry being withdrawn?",
        hint="The entry stays in the register, marked as withdrawn, with your name and this reason.",
    )
    if request.method == "POST" and form.is_valid():
        services.declaration_withdraw(
            actor=person,
            viewer=viewer,
            declaration=item.declaration,
            reason=form.cleaned_data["comment"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(request, f"{item.declaration.reference} has been withdrawn.")
        return redirect("registers:entry", reference=item.declaration.reference)
    return render(
        request,
        "registers/entry_withdraw.html",
        {
            "declaration": item.declaration,
            "rows": readable_rows(request, person, item),
            "form": form,
        },
    )


@login_required
def audit(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    item = entry_for_viewer(reference=reference, viewer=viewer)
    if Action.VIEW_AUDIT not in item.actions:
        raise PermissionDenied("Only the Monitoring Officer and the auditor can see audit trails.")
    declaration = item.declaration
    events = audit_events_for_subject(subject=declaration.reference)
    return render(
        request,
        "registers/entry_audit.html",
        {"declaration": declaration, "events": audit_trail(declaration=declaration, events=events)},
    )
