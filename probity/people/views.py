"""Council settings pages for offices: who holds each one and who deputises.

Only the Monitoring Officer and deputies see these pages.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.templatetags.probity import uk_date
from probity.people import services
from probity.people.access import viewer_for_request
from probity.people.choices import HoldingRole
from probity.people.models import Office, OfficeHolding
from probity.people.office_access import (
    deputy_holding_for_viewer,
    office_for_viewer,
    require_office_keeper,
)
from probity.people.office_forms import HoldingEndForm, OfficeDeputyForm, OfficeHolderForm
from probity.people.selectors import (
    office_holdings_ended,
    office_holdings_from,
    officers_available,
    offices_with_holdings,
)


@login_required
@require_safe
def offices(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    require_office_keeper(viewer)
    today = clock.today()
    return render(
        request,
        "people/offices.html",
        {
            "rows": offices_with_holdings(today=today),
            "ended": office_holdings_ended(today=today),
        },
    )


def _holdings(office: Office, role: HoldingRole, *, today: dt.date) -> list[OfficeHolding]:
    """An office's holdings in ``role`` from today on: current ones and ones due to start."""
    return list(office_holdings_from(office=office, role=role, on=today))


@login_required
@require_http_methods(["GET", "POST"])
def office_holder(request: AuthenticatedHttpRequest, office_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    office = office_for_viewer(office_id=office_id, viewer=viewer)
    today = clock.today()
    form = OfficeHolderForm(
        request.POST if request.method == "POST" else None,
        people=officers_available(today=today),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            holding = services.office_holder_change(
                actor=person,
                office=office,
                new_holder=form.cleaned_data["new_holder"],
                starts_on=form.cleaned_data["starts_on"],
                now=clock.now(),
                source=request_source(request),
            )
        except services.OfficeChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                f"{holding.person} holds the office of {office.title} from "
                f"{uk_date(holding.starts_on)}. Work waiting for the office goes to them "
                "from that date.",
            )
            return redirect("people:offices")
    return render(
        request,
        "people/office_holder.html",
        {
            "office": office,
            "holders": _holdings(office, HoldingRole.HOLDER, today=today),
            "today": today,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_deputy(request: AuthenticatedHttpRequest, office_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    office = office_for_viewer(office_id=office_id, viewer=viewer)
    today = clock.today()
    form = OfficeDeputyForm(
        request.POST if request.method == "POST" else None,
        people=officers_available(today=today),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            holding = services.office_deputy_add(
                actor=person,
                office=office,
                deputy=form.cleaned_data["deputy"],
                starts_on=form.cleaned_data["starts_on"],
                now=clock.now(),
                source=request_source(request),
            )
        except services.OfficeChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                f"{holding.person} is a deputy for {office.title} from "
                f"{uk_date(holding.starts_on)}.",
            )
            return redirect("people:office_deputy", office_id=office.pk)
    deputies = [
        (holding, HoldingEndForm(today=today, auto_id=f"end-{holding.pk}-%s"))
        for holding in _holdings(office, HoldingRole.DEPUTY, today=today)
    ]
    return render(
        request,
        "people/office_deputy.html",
        {
            "office": office,
            "holders": _holdings(office, HoldingRole.HOLDER, today=today),
            "deputies": deputies,
            "today": today,
            "form": form,
        },
    )


@login_required
@require_POST
def holding_end(request: AuthenticatedHttpRequest, holding_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    holding: OfficeHolding = deputy_holding_for_viewer(holding_id=holding_id, viewer=viewer)
    form = HoldingEndForm(request.POST, today=clock.today())
    if form.is_valid():
        try:
            holding = services.office_deputy_end(
                actor=person,
                holding=holding,
                ends_on=form.cleaned_data["ends_on"],
                now=clock.now(),
                source=request_source(request),
            )
        except services.OfficeChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(
                request,
                f"{holding.person} is a deputy for {holding.office.title} until "
                f"{uk_date(holding.ends_on)}. The record of their time as deputy is kept.",
            )
            return redirect("people:office_deputy", office_id=holding.office_id)
    return render(request, "people/holding_end.html", {"holding": holding, "form": form})
