"""The home page: what each person can do, and what is waiting for them."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from probity.concerns.selectors import sees_any_concern
from probity.conduct.code_selectors import code_review_warning, confirmation_due
from probity.core import clock
from probity.core.audit import audit_last_check
from probity.core.http import AuthenticatedHttpRequest
from probity.cycle.selectors import home_panel
from probity.declarations.access import route_policy_for_request
from probity.declarations.choices import DeclarationStatus
from probity.declarations.rules import can_use_registers, reviews_anything
from probity.declarations.selectors import my_declarations, waiting_count
from probity.demo.personas import DEMO_PASSWORD, PERSONAS
from probity.oversight.review_selectors import review_panel
from probity.people.access import viewer_for_request
from probity.people.forms import GovukAuthenticationForm
from probity.registers.book_selectors import book_status
from probity.registers.book_views import clock_time, day_and_time


def home(request: HttpRequest) -> HttpResponse:
    """The start page for visitors who are not signed in; the home page for everyone else."""
    if not request.user.is_authenticated:
        return render(request, "start.html")
    return _signed_in_home(cast(AuthenticatedHttpRequest, request))


@login_required
def _signed_in_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    mine = my_declarations(person=person) if viewer.is_subject_to_code else []
    waiting_on_me = [v for v in mine if v.declaration.status == DeclarationStatus.INFO_REQUESTED]
    reviewer = reviews_anything(viewer, route_policy_for_request(request))
    to_review_count = waiting_count(viewer=viewer) if reviewer else 0
    book: dict[str, object] = {}
    if viewer.is_councillor:
        status = book_status(now=clock.now())
        book = {
            "is_open": status.is_open,
            "opens": clock_time(status.hours.opens),
            "closes": clock_time(status.hours.closes),
            "next_open": day_and_time(status.next_open) if status.next_open else "",
        }
    return render(
        request,
        "home.html",
        {
            "person": person,
            "viewer": viewer,
            "mine_count": len(mine),
            "waiting_on_me": waiting_on_me,
            "reviewer": reviewer,
            "to_review_count": to_review_count,
            "registers": can_use_registers(viewer, route_policy_for_request(request)),
            "code_warnings": code_review_warning(clock.today())
            if viewer.is_monitoring_officer
            else [],
            "code_to_confirm": confirmation_due(person=person, today=clock.today()),
            "book": book,
            "audit_check": audit_last_check() if viewer.is_monitoring_officer else None,
            "sees_concerns": sees_any_concern(viewer=viewer),
            "annual_review": review_panel(viewer=viewer, today=clock.today()),
            "annual": home_panel(
                person=person,
                is_subject_to_code=viewer.is_subject_to_code,
                sees_rounds=viewer.is_monitoring_officer
                or bool(viewer.direct_report_ids or viewer.headed_service_ids),
                today=clock.today(),
            ),
        },
    )


class SignInView(LoginView):
    """Django's sign-in, with the demo accounts listed when the demo is running."""

    authentication_form = GovukAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.PROBITY_PASSWORD_SIGNIN:
            # Staff sign in with their council account; the Monitoring Officer has the
            # emergency page.
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.PROBITY_SSO_ENABLED
        context["password_signin"] = settings.PROBITY_PASSWORD_SIGNIN
        if settings.PROBITY_DEMO:
            context["demo_accounts"] = PERSONAS
            context["demo_password"] = DEMO_PASSWORD
        return context
