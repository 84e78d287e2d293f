"""Council policy settings, kept by the Monitoring Officer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from probity.conduct.forms import FallbacksForm, GiftGuidanceForm, RoutingPolicyForm
from probity.conduct.selectors import policy_current
from probity.conduct.services import (
    policy_update_fallbacks,
    policy_update_gift_guidance,
    policy_update_routing,
)
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.people.access import viewer_for_request
from probity.people.rules import DEFAULT_FALLBACKS


@login_required
@require_http_methods(["GET", "POST"])
def gift_guidance(request: AuthenticatedHttpRequest) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council policy.")
    policy = policy_current()
    form = GiftGuidanceForm(request.POST or None, initial={"gift_guidance": policy.gift_guidance})
    if request.method == "POST" and form.is_valid():
        policy_update_gift_guidance(
            actor=person,
            viewer=viewer,
            gift_guidance=form.cleaned_data["gift_guidance"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(request, "The gifts and hospitality guidance has been updated.")
        return redirect("conduct:gift_guidance")
    return render(request, "conduct/gift_guidance.html", {"form": form, "policy": policy})


@login_required
def settings_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council settings.")
    return render(request, "conduct/settings_index.html", {"policy": policy_current()})


@login_required
@require_http_methods(["GET", "POST"])
def routing(request: AuthenticatedHttpRequest) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council policy.")
    policy = policy_current()
    form = RoutingPolicyForm(
        request.POST or None,
        initial={
            "consent_grade": policy.consent_grade_id,
            "referral_office": policy.referral_office,
        },
    )
    if request.method == "POST" and form.is_valid():
        policy_update_routing(
            actor=person,
            viewer=viewer,
            consent_grade=form.cleaned_data["consent_grade"],
            referral_office=form.cleaned_data["referral_office"],
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(
            request,
            "The routing settings have been updated. New declarations follow them; declarations "
            "already sent keep their route unless you re-route them.",
        )
        return redirect("conduct:settings")
    return render(request, "conduct/routing.html", {"form": form, "policy": policy})


@login_required
@require_http_methods(["GET", "POST"])
def fallbacks(request: AuthenticatedHttpRequest) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can change council policy.")
    policy = policy_current()
    current = {**DEFAULT_FALLBACKS, **(policy.office_fallbacks or {})}
    form = FallbacksForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        policy_update_fallbacks(
            actor=person,
            viewer=viewer,
            fallbacks=form.fallbacks(),
            now=clock.now(),
            source=request_source(request),
        )
        messages.success(
            request,
            "Where offices pass their work has been updated. It applies from the next time a "
            "step is assigned.",
        )
        return redirect("conduct:settings")
    return render(request, "conduct/fallbacks.html", {"form": form})
