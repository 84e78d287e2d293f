"""Password reset (throttled, audited) and the Monitoring Officer's sign-in lockouts page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest, request_source
from probity.people import accounts
from probity.people.access import viewer_for_request
from probity.people.forms import GovukPasswordResetForm, GovukSetPasswordForm, LockoutLiftForm
from probity.people.rules import Viewer


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, throttled per address asked for and per client address.

    Known and unknown addresses, and throttled requests, all get the same answer; the email
    itself is sent in the background, so the answer takes the same time too.
    """

    form_class = GovukPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        allowed = accounts.password_reset_request(
            email=form.cleaned_data["email"],
            now=clock.now(),
            source=request_source(self.request),
        )
        if allowed:
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = GovukSetPasswordForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        accounts.password_reset_done(
            user=form.user, now=clock.now(), source=request_source(self.request)
        )
        return response


def _require_monitoring_officer(viewer: Viewer) -> None:
    """Lifting a sign-in lockout is for the Monitoring Officer and deputies."""
    if not viewer.is_monitoring_officer:
        raise PermissionDenied("Only the Monitoring Officer can lift a sign-in lockout.")


@login_required
@require_safe
def lockouts(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    _require_monitoring_officer(viewer)
    return render(
        request,
        "people/lockouts.html",
        {"lockouts": accounts.lockouts_current(now=clock.now())},
    )


@login_required
@require_POST
def lockout_lift(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, viewer = viewer_for_request(request)
    _require_monitoring_officer(viewer)
    form = LockoutLiftForm(request.POST)
    if form.is_valid():
        kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
        accounts.lockout_lift(
            actor=request.user,
            kind=kind,
            value=value,
            now=clock.now(),
            source=request_source(request),
        )
        what = "account" if kind == "account" else "address"
        messages.success(request, f"The {what} {value} can try to sign in again.")
    return redirect("people:lockouts")
