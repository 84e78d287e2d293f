"""Single sign-on pages: start, come back from the provider, refusals, sign-out, and the
Monitoring Officer's emergency password sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from probity.core import clock
from probity.core.audit import audit_account_event
from probity.core.http import request_source
from probity.people.forms import GovukAuthenticationForm
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.people.signin import (
    CouncilAccountBackend,
    FlowFailure,
    audit_refused,
    provider_logout_url,
)
from probity.people.signin_rules import Refusal
from probity.people.sso_config import SSO_BACKEND

EMERGENCY_REFUSED = "account.emergency_sign_in_refused"

# What the refusal page says for each reason: a heading, and what to do next.
REFUSAL_PAGES: dict[str, tuple[str, str]] = {
    Refusal.UNKNOWN: (
        "Probity does not know you yet",
        "Your council account signed you in, but no one in Probity has that {what}. "
        "Ask HR or the Monitoring Officer's team to add you, or to correct your {what}.",
    ),
    Refusal.NO_ACCOUNT: (
        "You do not have a Probity account yet",
        "Probity knows you, but you have no account yet. "
        "Ask the Monitoring Officer's team to set one up for you.",
    ),
    Refusal.ACCOUNT_DISABLED: (
        "Your Probity account is switched off",
        "Ask the Monitoring Officer's team to switch it back on if you still need it.",
    ),
    Refusal.LEFT: (
        "You cannot sign in after leaving the council",
        "Our records show you have left the council. If that is wrong, ask HR to correct "
        "your leaving date.",
    ),
    Refusal.AMBIGUOUS: (
        "We could not tell which person you are",
        "More than one person in Probity has that {what}. "
        "Ask HR or the Monitoring Officer's team to put it right.",
    ),
    Refusal.NO_CLAIM: (
        "Your council account did not say who you are",
        "The sign-in service did not send your {what}. "
        "Ask your IT service desk to check how Probity is set up with it.",
    ),
    Refusal.EMAIL_NOT_VERIFIED: (
        "Your email address has not been checked",
        "The sign-in service says your email address is not verified. "
        "Ask your IT service desk to verify it, then try again.",
    ),
    FlowFailure.STATE: (
        "Your sign-in could not be finished",
        "This happens when a sign-in took too long, was started in another window, or the "
        "page was reloaded. Start again.",
    ),
    FlowFailure.PROVIDER_ERROR: (
        "Your council account did not sign you in",
        "The sign-in was cancelled or refused by your council's sign-in service. Try again, "
        "or ask your IT service desk whether you may use Probity.",
    ),
    FlowFailure.PROVIDER_UNREACHABLE: (
        "The sign-in service is not answering",
        "Probity could not reach your council's sign-in service. Try again in a few minutes.",
    ),
    FlowFailure.TOKEN_INVALID: (
        "Your sign-in could not be checked",
        "The answer from the sign-in service did not pass Probity's checks, so you have not "
        "been signed in. Start again; if it keeps happening, tell your IT service desk.",
    ),
    FlowFailure.TOKEN_EXPIRED: (
        "Your sign-in took too long",
        "The answer from the sign-in service had already expired. Start again; if it keeps "
        "happening, ask your IT service desk to check the server clocks.",
    ),
}


def _require_sso() -> None:
    if not settings.PROBITY_SSO_ENABLED:
        raise Http404


def refused_page(request: HttpRequest, reason: Refusal | FlowFailure) -> HttpResponse:
    title, advice = REFUSAL_PAGES[reason]
    what = "email address" if settings.PROBITY_OIDC_MATCH == "email" else "employee number"
    return render(
        request,
        "people/sso_refused.html",
        {"title": title, "advice": advice.format(what=what), "reason": str(reason)},
        status=403,
    )


class SsoStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the visitor to the council's sign-in service."""

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads the provider's settings here, which exist only with single sign-on.
        View.__init__(self, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        self.OIDC_OP_AUTH_ENDPOINT = getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        if request.user.is_authenticated:
            return HttpResponseRedirect(resolve_url(settings.LOGIN_REDIRECT_URL))
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


class SsoCallbackView(View):
    """Where the provider sends the visitor back, with a code to exchange for tokens."""

    http_method_names = ["get"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_sso()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def get(self, request: HttpRequest) -> HttpResponse:
        states = request.session.get("oidc_states")
        state = request.GET.get("state", "")
        pending = states.get(state) if isinstance(states, dict) and state else None
        if pending is not None:
            # Each state is used once, whatever happens next.
            del states[state]  # type: ignore[union-attr]
            request.session.modified = True
            request.session.save()
        if request.GET.get("error"):
            if request.user.is_authenticated:
                auth.logout(request)
            audit_refused(request, reason=FlowFailure.PROVIDER_ERROR)
            return refused_page(request, FlowFailure.PROVIDER_ERROR)
        code = request.GET.get("code", "")
        if pending is None or not code:
            if state:
                audit_refused(request, reason=FlowFailure.STATE)
            return refused_page(request, FlowFailure.STATE)
        result = CouncilAccountBackend().sign_in(
            request,
            code=code,
            nonce=pending.get("nonce"),
            code_verifier=pending.get("code_verifier"),
        )
        if result.user is None:
            assert result.reason is not None  # noqa: S101 - a failure always has a reason
            if request.user.is_authenticated:
                auth.logout(request)
            audit_refused(request, reason=result.reason, identity=result.identity)
            return refused_page(request, result.reason)
        next_url = request.session.pop("oidc_login_next", None) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )
        request.probity_signin_summary = "Signed in with the council account"  # type: ignore[attr-defined]
        auth.login(request, result.user, backend=SSO_BACKEND)
        # Kept only to name this session when signing out at the provider.
        request.session["oidc_id_token"] = result.id_token
        return HttpResponseRedirect(next_url)


class SignOutView(LogoutView):
    """Django's sign-out; after single sign-on it also signs out at the provider, when the
    provider has a logout endpoint."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        at_provider = provider_logout_url(request) if settings.PROBITY_SSO_ENABLED else ""
        response = super().post(request, *args, **kwargs)
        if at_provider:
            return HttpResponseRedirect(at_provider)
        return response


class EmergencyAuthenticationForm(GovukAuthenticationForm):
    """Password sign-in only for superusers and the Monitoring Officer (holder or deputy)."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.is_superuser:
            return
        person = Person.objects.filter(user_id=user.pk).first()
        if person is not None:
            viewer = viewer_for_person(person=person, today=clock.today())
            if viewer.is_monitoring_officer:
                return
        audit_account_event(
            action=EMERGENCY_REFUSED,
            user=user,
            at=clock.now(),
            summary="Emergency sign-in refused: not the Monitoring Officer",
            source=request_source(self.request) if self.request is not None else "",
        )
        # The same answer as a wrong password: this page must not tell anyone that a
        # staff password is right.
        raise self.get_invalid_login_error()


class EmergencySignInView(LoginView):
    """The Monitoring Officer's break-glass sign-in, for when single sign-on is down or
    password sign-in is off. Wrong passwords count towards the usual lockout."""

    authentication_form = EmergencyAuthenticationForm
    template_name = "people/emergency_sign_in.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        self.request.probity_signin_summary = "Signed in on the emergency sign-in page"  # type: ignore[attr-defined]
        return super().form_valid(form)
