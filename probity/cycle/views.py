"""Pages of the annual round: the Monitoring Officer's, each person's return, a manager's team."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.cycle.access import membership_for_person, round_for_keeper, round_for_manager
from probity.cycle.choices import MembershipState, ReviewOutcome
from probity.cycle.forms import (
    CycleSettingsForm,
    InterestReviewForm,
    RoundCloseForm,
    RoundOpenForm,
)
from probity.cycle.rules import completion_span, may_close, percent_done, readiness
from probity.cycle.selectors import (
    cycle_settings,
    escalation_days,
    live_entries,
    reminder_days,
    round_completion,
    round_completion_days,
    rounds_all,
    rounds_open,
    team_outstanding,
)
from probity.cycle.services import (
    RoundRefused,
    cycle_settings_update,
    interest_review,
    return_confirm,
    return_nil,
    round_close,
    round_open,
)
from probity.people.access import viewer_for_request

PAGE_SIZE = 50


def _keeper(request: AuthenticatedHttpRequest) -> None:
    _, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        # The pages are no secret; as with the other keepers' pages, say so rather than 404.
        raise PermissionDenied("Only the Monitoring Officer and deputies run the annual round.")


@login_required
@require_safe
def rounds(request: AuthenticatedHttpRequest) -> HttpResponse:
    _keeper(request)
    return render(request, "cycle/round_list.html", {"rounds": list(rounds_all())})


@login_required
@require_http_methods(["GET", "POST"])
def open_round(request: AuthenticatedHttpRequest) -> HttpResponse:
    _keeper(request)
    person, _ = viewer_for_request(request)
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round = round_open(
                actor=person,
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
                population=form.population(),
                now=clock.now(),
                source=request_source(request),
            )
        except RoundRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"“{round.title}” is open: {round.member_count} "
                f"{'person has' if round.member_count == 1 else 'people have'} been asked to make a return.",
            )
            return redirect("cycle:detail", round_id=round.pk)
    return render(request, "cycle/round_open.html", {"form": form, "open_rounds": rounds_open()})


@login_required
@require_safe
def detail(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    round = round_for_keeper(round_id=round_id, viewer=viewer)
    today = clock.today()
    services = round_completion(round=round, by_service=True)
    directorates = round_completion(round=round, by_service=False)
    last, _ = completion_span(
        opened_on=round.opened_on,
        deadline=round.deadline,
        today=today,
        closed_on=round.closed_at.astimezone(clock.LONDON).date() if round.closed_at else None,
    )
    totals: dict[str, int | None] = {
        "asked": sum(r.asked for r in directorates),
        "confirmed": sum(r.confirmed for r in directorates),
        "nil_returns": sum(r.nil_returns for r in directorates),
        "outstanding": sum(r.outstanding for r in directorates),
    }
    totals["percent"] = percent_done(
        sum(r.done for r in directorates), sum(r.asked for r in directorates)
    )
    verdict = may_close(
        is_monitoring_officer=viewer.is_monitoring_officer,
        closed=round.is_closed,
        deadline=round.deadline,
        today=today,
        reason="-",
    )
    return render(
        request,
        "cycle/round_detail.html",
        {
            "round": round,
            "rows": services,
            "directorates": directorates,
            "days": round_completion_days(round=round, until=last),
            "totals": totals,
            "services": list(round.services.order_by("name")),
            "today": today,
            "may_close": verdict.allowed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    """Confirm closing a round (a reason first, before its deadline)."""
    person, viewer = viewer_for_request(request)
    round = round_for_keeper(round_id=round_id, viewer=viewer)
    if round.is_closed:
        messages.info(request, "This round has already been closed.")
        return redirect("cycle:detail", round_id=round.pk)
    today = clock.today()
    needs_reason = today < round.deadline
    form = RoundCloseForm(
        request.POST if request.method == "POST" else None, needs_reason=needs_reason
    )
    if request.method == "POST" and form.is_valid():
        try:
            closed = round_close(
                actor=person,
                round=round,
                reason=form.cleaned_data.get("reason", ""),
                now=clock.now(),
                source=request_source(request),
            )
        except RoundRefused as exc:
            form.add_error("reason" if needs_reason else None, str(exc))
        else:
            messages.success(
                request,
                f"“{closed.title}” is closed. {closed.not_made_count} "
                f"{'return was' if closed.not_made_count == 1 else 'returns were'} not made.",
            )
            return redirect("cycle:detail", round_id=closed.pk)
    outstanding = team_outstanding(round=round, report_ids=frozenset(), everyone=True).count()
    return render(
        request,
        "cycle/round_close.html",
        {
            "round": round,
            "form": form,
            "needs_reason": needs_reason,
            "outstanding": outstanding,
            "today": today,
        },
    )


@login_required
@require_safe
def mine(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    person, _ = viewer_for_request(request)
    membership = membership_for_person(round_id=round_id, person=person)
    entries = live_entries(membership=membership, today=clock.today())
    ready = readiness(
        [e.item for e in entries],
        state=MembershipState(membership.state),
        round_closed=membership.round.is_closed,
    )
    return render(
        request,
        "cycle/return.html",
        {
            "membership": membership,
            "round": membership.round,
            "entries": entries,
            "ready": ready,
            "interests": [e for e in entries if e.endable],
            "others": [e for e in entries if not e.endable],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_interest(
    request: AuthenticatedHttpRequest, round_id: int, reference: str
) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    membership = membership_for_person(round_id=round_id, person=person)
    entries = {
        e.version.declaration.reference: e
        for e in live_entries(membership=membership, today=clock.today())
        if e.endable
    }
    entry = entries.get(reference)
    if entry is None:
        raise Http404("No such interest.")
    if membership.state != MembershipState.OUTSTANDING:
        return redirect("cycle:mine", round_id=round_id)
    form = InterestReviewForm(
        request.POST or None,
        initial={"outcome": entry.outcome} if entry.outcome else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            interest_review(
                actor=person,
                viewer=viewer,
                membership=membership,
                declaration=entry.version.declaration,
                outcome=ReviewOutcome(form.cleaned_data["outcome"]),
                ends_on=form.cleaned_data.get("ends_on"),
                now=clock.now(),
                source=request_source(request),
            )
        except (RoundRefused, ValueError, PermissionDenied) as exc:
            form.add_error(None, str(exc) or "This interest cannot be ended now.")
        else:
            messages.success(request, f"Your answer about {reference} has been saved.")
            return redirect("cycle:mine", round_id=round_id)
    return render(
        request,
        "cycle/review_interest.html",
        {"form": form, "entry": entry, "round": membership.round, "reference": reference},
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    person, _ = viewer_for_request(request)
    membership = membership_for_person(round_id=round_id, person=person)
    try:
        return_confirm(
            actor=person, membership=membership, now=clock.now(), source=request_source(request)
        )
    except RoundRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Thank you: you have confirmed your declarations are complete.")
    return redirect("cycle:mine", round_id=round_id)


@login_required
@require_http_methods(["GET", "POST"])
def nil_return(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    person, _ = viewer_for_request(request)
    membership = membership_for_person(round_id=round_id, person=person)
    if membership.state != MembershipState.OUTSTANDING:
        return redirect("cycle:mine", round_id=round_id)
    entries = live_entries(membership=membership, today=clock.today())
    ready = readiness([e.item for e in entries], state=MembershipState(membership.state))
    contradicting = [e for e in entries if e.version.declaration_id in set(ready.contradicting)]
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = "Confirm that you have nothing to declare"
        else:
            try:
                token = uuid.UUID(request.POST.get("token", ""))
            except ValueError:
                token = uuid.uuid4()
            try:
                return_nil(
                    actor=person,
                    membership=membership,
                    submission_token=token,
                    now=clock.now(),
                    source=request_source(request),
                )
            except RoundRefused as exc:
                error = str(exc)
            else:
                messages.success(request, "Thank you: your nil return has been recorded.")
                return redirect("cycle:mine", round_id=round_id)
    return render(
        request,
        "cycle/nil_return.html",
        {
            "round": membership.round,
            "contradicting": contradicting,
            "token": request.POST.get("token") or uuid.uuid4(),
            "error": error,
        },
    )


@login_required
@require_safe
def team(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    round = round_for_manager(round_id=round_id, viewer=viewer)
    everyone = viewer.is_monitoring_officer
    rows = team_outstanding(
        round=round,
        report_ids=viewer.report_ids,
        service_ids=viewer.headed_service_ids,
        everyone=everyone,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cycle/team.html",
        {"round": round, "page": page, "today": clock.today(), "everyone": everyone},
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _keeper(request)
    person, _ = viewer_for_request(request)
    current = cycle_settings()
    form = CycleSettingsForm(
        request.POST or None,
        initial={
            "reminder_days": ", ".join(str(d) for d in reminder_days(current)),
            "escalation_days": ", ".join(str(d) for d in escalation_days(current)),
            "refresher_years": current.refresher_years,
            "induction_days": current.induction_days,
            "induction_officer_days": current.induction_officer_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle_settings_update(
                actor=person,
                reminder_days=form.cleaned_data["reminder_days"],
                escalation_days=form.cleaned_data["escalation_days"],
                refresher_years=form.cleaned_data["refresher_years"],
                induction_days=form.cleaned_data["induction_days"],
                induction_officer_days=form.cleaned_data["induction_officer_days"],
                now=clock.now(),
                source=request_source(request),
            )
        except RoundRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The yearly cycle settings have been saved.")
            return redirect("cycle:settings")
    return render(request, "cycle/settings.html", {"form": form, "current": current})
