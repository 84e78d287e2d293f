"""Two reference pages for ``make bench``, served only when ``PROBITY_BENCH=1``.

- ``bare``: the least a Django view can do (no session, no template, no query), the floor.
- ``ceiling``: the Monitoring Officer's gifts register, page 1, as fast as it could be: the same
  25 rows read by one query through the index that serves the order, rendered through the same
  template with the same filter form, without the access rules, the count or the filters. The
  real register page is measured against it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from probity.core.http import AuthenticatedHttpRequest
from probity.declarations.selectors import current_versions
from probity.people.access import viewer_for_request
from probity.registers.access import require_monitoring_officer
from probity.registers.views import PAGE_SIZE, REGISTERS

GIFTS = "gifts-and-hospitality"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def ceiling(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    require_monitoring_officer(viewer)
    register = REGISTERS[GIFTS]
    sort = register.default_sort
    rows = list(current_versions(register.kind).order_by(sort, "-declaration_id")[:PAGE_SIZE])
    paginator: Paginator[object] = Paginator(rows, PAGE_SIZE)
    page = Page(rows, 1, paginator)
    return render(
        request,
        "registers/register_list.html",
        {
            "register": register,
            "filter": register.filter_class(None, queryset=current_versions(register.kind)),
            "page": page,
            "page_numbers": [1],
            "exact_count": True,
            "table": [
                (v, [(c, c.value(v)) for c in register.columns]) for v in register.prepared(rows)
            ],
            "sort": sort,
            "sort_label": "Date declared, descending",
            "person_links": True,
            "filtered": False,
        },
    )
