"""Dashboards (the council's and a manager's team's), the committee summary, and annual reviews."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from probity.conduct.pdf import html_to_pdf
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest
from probity.oversight import access, services
from probity.oversight.forms import FindingForm
from probity.oversight.models import AnnualReview
from probity.oversight.review_selectors import review_report, reviews_all
from probity.oversight.rules import REVIEW_OFFICES, SignOffFact, may_add_finding, may_sign_off
from probity.oversight.selectors import (
    COUNCIL,
    Scope,
    Section,
    dashboard_refresh,
    stored_dashboard,
    team_scope,
)
from probity.people.access import viewer_for_request
from probity.people.models import Person
from probity.registers.exports import csv_response


def _scope(request: HttpRequest, *, team: bool) -> Scope:
    _, viewer = viewer_for_request(request)
    if team:
        access.require_team_dashboard(viewer)
        return team_scope(manager_id=viewer.person_id)
    access.require_council_dashboard(viewer)
    return COUNCIL


def _max_age() -> dt.timedelta:
    return dt.timedelta(minutes=settings.PROBITY_DASHBOARD_MAX_AGE_MINUTES)


def _sections(scope: Scope, *, now: dt.datetime) -> tuple[dt.datetime, list[Section]]:
    """The scope's stored figures, worked out again when they are too old."""
    stored = stored_dashboard(scope, now=now, max_age=_max_age())
    return stored.computed_at, stored.sections


def _dashboard(request: HttpRequest, *, team: bool, printable: bool) -> HttpResponse:
    scope = _scope(request, team=team)
    now = clock.now()
    if request.method == "POST" and not printable:
        dashboard_refresh(scope, now=now)
        messages.success(request, "The figures have been worked out again.")
        return redirect("oversight:team" if team else "oversight:council")
    computed_at, sections = _sections(scope, now=now)
    template = "oversight/dashboard_print.html" if printable else "oversight/dashboard.html"
    return render(
        request,
        template,
        {
            "scope": scope,
            "team": team,
            "sections": sections,
            "now": computed_at,
            "max_age": settings.PROBITY_DASHBOARD_MAX_AGE_MINUTES,
        },
    )


@login_required
def council(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard(request, team=False, printable=False)


@login_required
def council_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard(request, team=False, printable=True)


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard(request, team=True, printable=False)


@login_required
def team_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _dashboard(request, team=True, printable=True)


def _csv(request: HttpRequest, slug: str, *, team: bool) -> HttpResponse:
    scope = _scope(request, team=team)
    _, sections = _sections(scope, now=clock.now())
    found = next((s for s in sections if s.slug == slug), None)
    if found is None:
        raise Http404("No such table.")
    prefix = "team" if team else "council"
    return csv_response(filename=f"{prefix}-{slug}.csv", header=found.columns, rows=found.rows)


@login_required
def council_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _csv(request, slug, team=False)


@login_required
def team_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _csv(request, slug, team=True)


def committee_html(request: HttpRequest, *, for_pdf: bool) -> str:
    now, sections = _sections(COUNCIL, now=clock.now())
    return render_to_string(
        "oversight/committee.html",
        {"sections": [s for s in sections if not s.personal], "now": now, "for_pdf": for_pdf},
        request=request,
    )


@login_required
def committee(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee summary as a page to print, with a link to the PDF."""
    _scope(request, team=False)
    return HttpResponse(committee_html(request, for_pdf=False))


@login_required
def committee_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee summary as a tagged PDF: figures only, no one named."""
    _scope(request, team=False)
    pdf = html_to_pdf(committee_html(request, for_pdf=True))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="committee-summary-{clock.today().isoformat()}.pdf"'
    )
    return response


# The annual review


@login_required
def reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every annual review; the Monitoring Officer opens a new one here (POST)."""
    person, viewer = viewer_for_request(request)
    access.require_reviewer(viewer)
    holds = access.review_offices_of(viewer)
    if request.method == "POST":
        try:
            review = services.review_open(actor=person, now=clock.now())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("oversight:reviews")
        messages.success(request, "The review is open. Its snapshot of the registers is frozen.")
        return redirect("oversight:review", review_id=review.pk)
    rows = list(reviews_all())
    return render(
        request,
        "oversight/reviews.html",
        {
            "reviews": rows,
            "may_open": "monitoring_officer" in holds and not any(r.is_open for r in rows),
        },
    )


def _report_context(
    review: AnnualReview, holds: dict[str, str], person_id: int
) -> dict[str, object]:
    report = review_report(review=review)
    signed = tuple(SignOffFact(office=s.office, person_id=s.person_id) for s in report.sign_offs)
    complete = not review.is_open
    can_sign = [
        (office, title, holds[office])
        for office, title, done in report.offices
        if done is None
        and may_sign_off(
            office=office, person_id=person_id, holds=holds, signed=signed, complete=complete
        ).allowed
    ]
    return {
        "report": report,
        "review": review,
        "can_sign": can_sign,
        "holds": holds,
        "finding_verdict": may_add_finding(signed=signed, complete=complete),
        "offices": REVIEW_OFFICES,
    }


@login_required
def review(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    found = access.review_for_viewer(review_id=review_id, viewer=viewer)
    context = _report_context(found, access.review_offices_of(viewer), person.pk)
    return render(request, "oversight/review.html", context)


@login_required
def review_finding(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    found = access.review_for_viewer(review_id=review_id, viewer=viewer)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(review=found, actor=person, now=clock.now(), **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The finding is recorded.")
        return redirect("oversight:review", review_id=found.pk)
    context = _report_context(found, access.review_offices_of(viewer), person.pk)
    return render(request, "oversight/review_finding.html", {**context, "form": form})


@login_required
def review_sign(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    found = access.review_for_viewer(review_id=review_id, viewer=viewer)
    return _sign(request, found, person)


@require_POST
def _sign(request: HttpRequest, found: AnnualReview, person: Person) -> HttpResponse:
    office = request.POST.get("office", "")
    try:
        services.sign_off(review=found, actor=person, office=office, now=clock.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "You have signed off the review.")
    return redirect("oversight:review", review_id=found.pk)


@login_required
def review_verify(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    found = access.review_for_viewer(review_id=review_id, viewer=viewer)
    return _verify(request, found, person)


@require_POST
def _verify(request: HttpRequest, found: AnnualReview, person: Person) -> HttpResponse:
    check = services.review_verify(review=found, actor=person, now=clock.now())
    if check.matches:
        messages.success(
            request, "The snapshot still matches the registers: the digest is the same."
        )
    else:
        messages.warning(
            request,
            "The registers have changed since the snapshot was taken: the digest worked out now "
            f"is {check.digest_now}.",
        )
    return redirect("oversight:review", review_id=found.pk)


def _review_html(request: HttpRequest, found: AnnualReview, *, for_pdf: bool) -> str:
    report = review_report(review=found)
    return render_to_string(
        "oversight/review_print.html",
        {"report": report, "review": found, "for_pdf": for_pdf},
        request=request,
    )


@login_required
def review_pdf(request: AuthenticatedHttpRequest, review_id: int) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    found = access.review_for_viewer(review_id=review_id, viewer=viewer)
    pdf = html_to_pdf(_review_html(request, found, for_pdf=True))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="annual-review-{found.opened_at:%Y-%m-%d}.pdf"'
    )
    return response
