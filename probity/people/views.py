"""Council settings pages for offices: who holds each one and who deputises.

The Monitoring Officer and deputies change every office but their own; the Chief Executive changes
the Monitoring Officer's office. A change dated in the past asks for a reason and is shown on a
confirmation page before it is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.templatetags.probity import uk_date
from probity.people import services
from probity.people.access import person_for_user
from probity.people.choices import HoldingRole
from probity.people.models import Office, OfficeHolding, Person
from probity.people.office_access import (
    deputy_holding_for_viewer,
    office_for_viewer,
    require_office_keeper,
)
from probity.people.office_forms import HoldingEndForm, OfficeDeputyForm, OfficeHolderForm
from probity.people.rules import OfficeActor, OfficeFact, Shortening, office_change_refusal
from probity.people.selectors import (
    office_actor_for_person,
    office_holdings_ended,
    office_holdings_from,
    officers_available,
    offices_with_holdings,
)

CONFIRMED = "confirmed"


def _actor(request: AuthenticatedHttpRequest, today: dt.date) -> tuple[Person, OfficeActor]:
    person = person_for_user(request.user)
    return person, office_actor_for_person(person=person, today=today)


@login_required
@require_safe
def offices(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = clock.today()
    _, actor = _actor(request, today)
    require_office_keeper(actor)
    rows = []
    for row in offices_with_holdings(today=today):
        refusal = office_change_refusal(
            actor, OfficeFact(office_id=row.office.pk, kind=row.office.kind)
        )
        rows.append({"row": row, "may_change": refusal is None, "why_not": refusal or ""})
    return render(
        request,
        "people/offices.html",
        {"rows": rows, "ended": office_holdings_ended(today=today)},
    )


def _holdings(office: Office, role: HoldingRole, *, today: dt.date) -> list[OfficeHolding]:
    """An office's holdings in ``role`` from today on: current ones and ones due to start."""
    return list(office_holdings_from(office=office, role=role, on=today))


def _confirm(
    request: AuthenticatedHttpRequest,
    *,
    office: Office,
    heading: str,
    facts: list[tuple[str, str]],
    shortened: list[Shortening],
    button: str,
    back_url: str,
) -> HttpResponse:
    """The page that shows what a back-dated change would do, with the form's answers kept."""
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        for value in values
        if name not in {"csrfmiddlewaretoken", CONFIRMED}
    ]
    return render(
        request,
        "people/office_change_confirm.html",
        {
            "office": office,
            "heading": heading,
            "facts": facts,
            "shortened": shortened,
            "hidden": hidden,
            "button": button,
            "back_url": back_url,
            "action": request.path,
        },
    )


def _run(
    form_add_error: Callable[[str | None, str], None], change: Callable[[], OfficeHolding]
) -> OfficeHolding | None:
    try:
        return change()
    except services.OfficeChangeRefused as refused:
        form_add_error(refused.field, str(refused))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def office_holder(request: AuthenticatedHttpRequest, office_id: int) -> HttpResponse:
    today = clock.today()
    person, actor = _actor(request, today)
    office = office_for_viewer(office_id=office_id, actor=actor)
    form = OfficeHolderForm(
        request.POST if request.method == "POST" else None,
        people=officers_available(today=today),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        new_holder: Person = form.cleaned_data["new_holder"]
        starts_on: dt.date = form.cleaned_data["starts_on"]
        reason: str = form.cleaned_data["reason"]
        try:
            plan = services.office_holder_change_plan(
                office=office, new_holder=new_holder, starts_on=starts_on, today=today
            )
            refusal = services.holder_change_refusal(plan, reason=reason)
            if refusal:
                raise services.OfficeChangeRefused.from_refusal(refusal)
        except services.OfficeChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            if plan.back_dated and request.POST.get(CONFIRMED) != "yes":
                return _confirm(
                    request,
                    office=office,
                    heading="Check this change before you make it",
                    facts=[
                        ("New holder", str(new_holder)),
                        ("Holds the office from", uk_date(starts_on)),
                        ("Reason for a date in the past", reason),
                    ],
                    shortened=plan.shortened,
                    button="Confirm change of holder",
                    back_url=request.path,
                )
            holding = _run(
                form.add_error,
                lambda: services.office_holder_change(
                    actor=person,
                    office=office,
                    new_holder=new_holder,
                    starts_on=starts_on,
                    reason=reason,
                    now=clock.now(),
                    source=request_source(request),
                ),
            )
            if holding is not None:
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
    today = clock.today()
    person, actor = _actor(request, today)
    office = office_for_viewer(office_id=office_id, actor=actor)
    form = OfficeDeputyForm(
        request.POST if request.method == "POST" else None,
        people=officers_available(today=today),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        deputy: Person = form.cleaned_data["deputy"]
        starts_on: dt.date = form.cleaned_data["starts_on"]
        reason: str = form.cleaned_data["reason"]
        refusal = services.deputy_add_refusal(starts_on=starts_on, today=today, reason=reason)
        if refusal:
            form.add_error(refusal.field, refusal.message)
        elif starts_on < today and request.POST.get(CONFIRMED) != "yes":
            return _confirm(
                request,
                office=office,
                heading="Check this change before you make it",
                facts=[
                    ("New deputy", str(deputy)),
                    ("Deputy from", uk_date(starts_on)),
                    ("Reason for a date in the past", reason),
                ],
                shortened=[],
                button="Confirm new deputy",
                back_url=request.path,
            )
        else:
            holding = _run(
                form.add_error,
                lambda: services.office_deputy_add(
                    actor=person,
                    office=office,
                    deputy=deputy,
                    starts_on=starts_on,
                    reason=reason,
                    now=clock.now(),
                    source=request_source(request),
                ),
            )
            if holding is not None:
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
    today = clock.today()
    person, actor = _actor(request, today)
    holding: OfficeHolding = deputy_holding_for_viewer(holding_id=holding_id, actor=actor)
    if request.POST.get("withdraw") == "yes":
        try:
            withdrawn = services.office_deputy_withdraw(
                actor=person, holding=holding, now=clock.now(), source=request_source(request)
            )
        except services.OfficeChangeRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"{withdrawn.person} will not be a deputy for {withdrawn.office.title}. "
                "The withdrawn change is kept in the record of changes.",
            )
        return redirect("people:office_deputy", office_id=holding.office_id)
    form = HoldingEndForm(request.POST, today=today)
    if form.is_valid():
        ends_on: dt.date = form.cleaned_data["ends_on"]
        reason: str = form.cleaned_data["reason"]
        try:
            cut = services.deputy_end_check(
                holding=holding, ends_on=ends_on, today=today, reason=reason
            )
        except services.OfficeChangeRefused as refused:
            form.add_error(refused.field, str(refused))
        else:
            if ends_on < today - dt.timedelta(days=1) and request.POST.get(CONFIRMED) != "yes":
                return _confirm(
                    request,
                    office=holding.office,
                    heading="Check this change before you make it",
                    facts=[
                        ("Deputy", str(holding.person)),
                        ("Last day as deputy", uk_date(ends_on)),
                        ("Reason for a date in the past", reason),
                    ],
                    shortened=[cut],
                    button="Confirm last day",
                    back_url=reverse(
                        "people:office_deputy", kwargs={"office_id": holding.office_id}
                    ),
                )
            ended = _run(
                form.add_error,
                lambda: services.office_deputy_end(
                    actor=person,
                    holding=holding,
                    ends_on=ends_on,
                    reason=reason,
                    now=clock.now(),
                    source=request_source(request),
                ),
            )
            if ended is not None:
                messages.success(
                    request,
                    f"{ended.person} is a deputy for {ended.office.title} until "
                    f"{uk_date(ended.ends_on)}. The record of their time as deputy is kept.",
                )
                return redirect("people:office_deputy", office_id=ended.office_id)
    return render(request, "people/holding_end.html", {"holding": holding, "form": form})
