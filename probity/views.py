"""The home page: what each person can do, and what is waiting for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse
from django.shortcuts import render

from probity.conduct.code_selectors import code_review_warning, confirmation_due
from probity.core import clock
from probity.core.audit import audit_last_check
from probity.core.http import AuthenticatedHttpRequest
from probity.declarations.choices import DeclarationStatus
from probity.declarations.rules import can_use_registers, reviews_anything
from probity.declarations.selectors import declarations_to_review, my_declarations, route_policy
from probity.demo.personas import DEMO_PASSWORD, PERSONAS
from probity.people.access import viewer_for_request
from probity.people.forms import GovukAuthenticationForm


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    person, viewer = viewer_for_request(request)
    mine = my_declarations(person=person) if viewer.is_subject_to_code else []
    waiting_on_me = [v for v in mine if v.declaration.status == DeclarationStatus.INFO_REQUESTED]
    reviewer = reviews_anything(viewer, route_policy())
    to_review = declarations_to_review(viewer=viewer) if reviewer else []
    return render(
        request,
        "home.html",
        {
            "person": person,
            "viewer": viewer,
            "mine_count": len(mine),
            "waiting_on_me": waiting_on_me,
            "reviewer": reviewer,
            "to_review_count": len(to_review),
            "registers": can_use_registers(viewer, route_policy()),
            "code_warnings": code_review_warning(clock.today())
            if viewer.is_monitoring_officer
            else [],
            "code_to_confirm": confirmation_due(person=person, today=clock.today()),
            "audit_check": audit_last_check() if viewer.is_monitoring_officer else None,
        },
    )


class SignInView(LoginView):
    """Django's sign-in, with the demo accounts listed when the demo is running."""

    authentication_form = GovukAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.PROBITY_DEMO:
            context["demo_accounts"] = PERSONAS
            context["demo_password"] = DEMO_PASSWORD
        return context
