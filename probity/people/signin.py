"""Signing in with the council's account (OpenID Connect), on top of mozilla-django-oidc.

The backend exchanges the provider's code for tokens, checks the ID token fully (signature,
issuer, audience, expiry, nonce), and hands the claims to the pure rules in
``signin_rules``: it never creates an account. Refusals are audited here, with the reason and
what was matched on; tokens are never written to the audit trail or the logs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from probity.core import clock
from probity.core.audit import audit_account_event
from probity.core.http import request_source
from probity.people.models import Person
from probity.people.signin_rules import (
    MATCH_EMAIL,
    Candidate,
    Decision,
    Refusal,
    claimed_identity,
    decide_sign_in,
)
from probity.people.sso_config import SSO_BACKEND

logger = logging.getLogger(__name__)

# Clocks differ a little between the provider and us.
CLOCK_LEEWAY_SECONDS = 30
SSO_REFUSED = "account.sso_refused"


class FlowFailure(StrEnum):
    """Ways a sign-in can fail before anyone is matched."""

    STATE = "state"
    PROVIDER_ERROR = "provider_error"
    PROVIDER_UNREACHABLE = "provider_unreachable"
    TOKEN_INVALID = "token_invalid"  # noqa: S105 - the name of a failure
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - the name of a failure


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    reason: Refusal | FlowFailure | None = None
    identity: str = ""
    id_token: str = ""


def sign_in_candidates(*, identity: str, match: str) -> list[Candidate]:
    """The people who might be the one signing in (one indexed query)."""
    if not identity:
        return []
    people = Person.objects.select_related("user")
    if match == MATCH_EMAIL:
        people = people.filter(email__iexact=identity)
    else:
        people = people.filter(employee_number=identity)
    return [
        Candidate(
            person_id=p.pk,
            user_id=p.user_id,
            user_active=p.user is not None and p.user.is_active,
            email=p.email,
            employee_number=p.employee_number,
            leaving_date=p.leaving_date,
        )
        for p in people[:10]
    ]


class CouncilAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in people Probity already knows; never creates a user.

    Django's ``authenticate()`` never reaches it (``authenticate`` returns None): the sign-in
    callback calls ``sign_in`` itself, so a single sign-on is not counted by the password
    lockout. It stays in AUTHENTICATION_BACKENDS so that sessions it started keep working.
    """

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> None:
        return None

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Single sign-on never creates accounts.")

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The ID token's claims, once its signature, issuer, audience, times and nonce are
        checked (mozilla-django-oidc alone checks neither the issuer nor the audience)."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise jwt.InvalidAlgorithmError("The token is not signed as configured.")
        key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
        payload: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.PROBITY_OIDC_ISSUER,
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
        nonce = kwargs.get("nonce")
        if nonce is not None and payload.get("nonce") != nonce:
            raise jwt.InvalidTokenError("The token was not issued for this sign-in.")
        return payload

    def sign_in(
        self, request: HttpRequest, *, code: str, nonce: str | None, code_verifier: str | None
    ) -> SignInResult:
        """Finish a sign-in: the user to sign in, or why not."""
        self.request = request
        payload = {
            "client_id": self.OIDC_RP_CLIENT_ID,
            "client_secret": self.OIDC_RP_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.build_absolute_uri(reverse("sso_callback")),
        }
        if code_verifier is not None:
            payload["code_verifier"] = code_verifier
        try:
            token_info = self.get_token(payload)
        except (requests.RequestException, ValueError):
            # The message may quote the provider's answer: log only that it failed.
            logger.warning("Single sign-on: the provider's token endpoint did not answer well.")
            return SignInResult(user=None, reason=FlowFailure.PROVIDER_UNREACHABLE)
        id_token = token_info.get("id_token") if isinstance(token_info, dict) else None
        if not isinstance(id_token, str) or not id_token:
            return SignInResult(user=None, reason=FlowFailure.TOKEN_INVALID)
        try:
            claims = self.verify_token(id_token, nonce=nonce)
        except jwt.ExpiredSignatureError:
            return SignInResult(user=None, reason=FlowFailure.TOKEN_EXPIRED)
        except (jwt.InvalidTokenError, SuspiciousOperation):
            return SignInResult(user=None, reason=FlowFailure.TOKEN_INVALID)
        except requests.RequestException:
            logger.warning("Single sign-on: the provider's keys could not be fetched.")
            return SignInResult(user=None, reason=FlowFailure.PROVIDER_UNREACHABLE)
        if self.OIDC_OP_USER_ENDPOINT:
            try:
                info = self.get_userinfo(token_info.get("access_token"), id_token, claims)
            except (requests.RequestException, ValueError, jwt.InvalidTokenError):
                logger.warning("Single sign-on: the provider's userinfo endpoint failed.")
                return SignInResult(user=None, reason=FlowFailure.PROVIDER_UNREACHABLE)
            if not isinstance(info, dict) or info.get("sub") != claims.get("sub"):
                return SignInResult(user=None, reason=FlowFailure.TOKEN_INVALID)
            # The ID token's own claims win; userinfo only adds what the token lacks.
            claims = {**info, **claims}
        decision = decide_sign_in(
            claims,
            sign_in_candidates(
                identity=claimed_identity(
                    claims,
                    match=settings.PROBITY_OIDC_MATCH,
                    email_claim=settings.PROBITY_OIDC_EMAIL_CLAIM,
                    number_claim=settings.PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM,
                ),
                match=settings.PROBITY_OIDC_MATCH,
            ),
            match=settings.PROBITY_OIDC_MATCH,
            email_claim=settings.PROBITY_OIDC_EMAIL_CLAIM,
            number_claim=settings.PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM,
            today=clock.today(),
        )
        return _result(decision, id_token=id_token)


def _result(decision: Decision, *, id_token: str) -> SignInResult:
    if not decision.accepted:
        assert decision.refusal is not None  # noqa: S101 - a refusal always names its reason
        return SignInResult(user=None, reason=decision.refusal, identity=decision.identity)
    assert decision.user_id is not None  # noqa: S101 - an accepted decision names its user
    user = User.objects.get(pk=decision.user_id)
    return SignInResult(user=user, identity=decision.identity, id_token=id_token)


_REFUSAL_SUMMARY = {
    Refusal.NO_CLAIM: "the provider did not say who they are",
    Refusal.EMAIL_NOT_VERIFIED: "the provider has not verified the email address",
    Refusal.UNKNOWN: "no person in Probity matches",
    Refusal.AMBIGUOUS: "more than one person matches",
    Refusal.NO_ACCOUNT: "the person has no account",
    Refusal.ACCOUNT_DISABLED: "the account is switched off",
    Refusal.LEFT: "the person has left the council",
    FlowFailure.STATE: "the sign-in did not start here, or was already used",
    FlowFailure.PROVIDER_ERROR: "the provider refused or the person cancelled",
    FlowFailure.PROVIDER_UNREACHABLE: "the provider could not be reached",
    FlowFailure.TOKEN_INVALID: "the provider's token did not pass the checks",
    FlowFailure.TOKEN_EXPIRED: "the provider's token had expired",
}


def audit_refused(
    request: HttpRequest, *, reason: Refusal | FlowFailure, identity: str = ""
) -> None:
    """Record a refused single sign-on: why, and what was matched on (never a token)."""
    user = None
    if identity and reason in {Refusal.ACCOUNT_DISABLED, Refusal.LEFT}:
        found = sign_in_candidates(identity=identity, match=settings.PROBITY_OIDC_MATCH)
        user_ids = {c.user_id for c in found if c.user_id is not None}
        if len(user_ids) == 1:
            user = User.objects.filter(pk=user_ids.pop()).first()
    said = f" ({identity})" if identity else ""
    audit_account_event(
        action=SSO_REFUSED,
        user=user,
        actor=user,
        at=clock.now(),
        summary=f"Single sign-on refused{said}: {_REFUSAL_SUMMARY[reason]}",
        subject=str(reason),
        source=request_source(request),
    )
    logger.info("Single sign-on refused: %s", reason)


def signed_in_with_sso(request: HttpRequest) -> bool:
    return bool(request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND)


def provider_logout_url(request: HttpRequest) -> str:
    """Where to send someone who signed in with single sign-on when they sign out: the
    provider's end-session page (OpenID Connect RP-initiated logout), which comes back to
    Probity's sign-in page. Empty when no logout endpoint is configured."""
    endpoint = settings.PROBITY_OIDC_LOGOUT_ENDPOINT
    if not endpoint or not signed_in_with_sso(request):
        return ""
    params = {
        "post_logout_redirect_uri": request.build_absolute_uri(
            reverse(settings.LOGOUT_REDIRECT_URL)
        ),
        "client_id": getattr(settings, "OIDC_RP_CLIENT_ID", ""),
    }
    id_token = request.session.get("oidc_id_token")
    if isinstance(id_token, str) and id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
