"""The section 117 book: councillors inspect it in office hours; the Monitoring Officer sets them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.core.templatetags.probity import uk_date
from probity.people.access import viewer_for_request
from probity.registers.book_forms import ClosureDayForm, InspectionHoursForm
from probity.registers.book_selectors import (
    BookEntry,
    bank_holidays_named,
    book_entries,
    book_inspections_latest,
    book_status,
    closure_days_from,
    inspection_hours_current,
)
from probity.registers.book_services import (
    book_inspection_record,
    closure_day_add,
    inspection_hours_update,
)

HOURS_FORM = "hours"
CLOSURE_FORM = "closure"


def clock_time(value: dt.time) -> str:
    """9:00am, 5:30pm, 12:00pm."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def day_and_time(value: dt.datetime) -> str:
    """Monday 8 March 2027 at 9:00am (the value is already in local time)."""
    return f"{value:%A} {uk_date(value)} at {clock_time(value.time())}"


@login_required
@require_GET
@never_cache
def inspect(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Councillors see the entries during office hours, and each look is logged.

    The Monitoring Officer and deputies keep the book, so they see it at any time, unlogged.
    """
    person, viewer = viewer_for_request(request)
    if not (viewer.is_councillor or viewer.is_monitoring_officer):
        raise PermissionDenied("Only councillors can inspect the section 117 book.")
    now = clock.now()
    status = book_status(now=now)
    keeper = viewer.is_monitoring_officer
    entries: list[BookEntry] = []
    if keeper or status.is_open:
        entries = book_entries()
    if status.is_open and viewer.is_councillor and not keeper:
        book_inspection_record(councillor=person, now=now, source=request_source(request))
    return render(
        request,
        "registers/book_inspect.html",
        {
            "keeper": keeper,
            "status": status,
            "entries": entries,
            "show_entries": keeper or status.is_open,
            "opens": clock_time(status.hours.opens),
            "closes": clock_time(status.hours.closes),
            "next_open": day_and_time(status.next_open) if status.next_open else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hours(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Office hours, closure days and the inspection log, for the Monitoring Officer."""
    person, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can set when the book is open.")
    today = clock.today()
    current = inspection_hours_current()
    initial = {"opens": f"{current.opens:%H:%M}", "closes": f"{current.closes:%H:%M}"}
    which = request.POST.get("form") if request.method == "POST" else None
    hours_form = InspectionHoursForm(request.POST if which == HOURS_FORM else None, initial=initial)
    closure_form = ClosureDayForm(request.POST if which == CLOSURE_FORM else None, today=today)
    if which == HOURS_FORM and hours_form.is_valid():
        inspection_hours_update(
            actor=person,
            opens=hours_form.cleaned_data["opens"],
            closes=hours_form.cleaned_data["closes"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(request, "The section 117 book's opening hours have been changed.")
        return redirect("book:hours")
    if which == CLOSURE_FORM and closure_form.is_valid():
        day = closure_form.cleaned_data["day"]
        closure_day_add(
            actor=person,
            day=day,
            reason=closure_form.cleaned_data["reason"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(request, f"The book will be closed on {uk_date(day)}.")
        return redirect("book:hours")
    return render(
        request,
        "registers/book_hours.html",
        {
            "hours_form": hours_form,
            "closure_form": closure_form,
            "has_errors": bool(hours_form.errors or closure_form.errors),
            "current": current,
            "opens": clock_time(current.opens),
            "closes": clock_time(current.closes),
            "closure_days": closure_days_from(day=today),
            "bank_holidays": bank_holidays_named([today.year, today.year + 1]).items(),
            "inspections": book_inspections_latest(),
        },
    )
