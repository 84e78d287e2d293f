"""Claims the test provider sends, and the per-client behaviours the tests need."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy
from idp.models import Claims
from oidc_provider.lib.claims import ScopeClaims

# Clients whose ID tokens the tests want to be refused.
EXPIRED_CLIENT = "probity-expired"
TAMPERED_CLIENT = "probity-tampered"


def _claims(user: Any) -> Claims:
    return Claims.objects.filter(user=user).first() or Claims(user=user)


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    extra = _claims(user)
    claims["name"] = user.get_full_name() or user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["preferred_username"] = user.username
    claims["email"] = user.email
    claims["email_verified"] = extra.email_verified
    return claims


class EmployeeClaims(ScopeClaims):  # type: ignore[misc]
    info_employee = (gettext_lazy("Employee number"), gettext_lazy("Your employee number."))

    def scope_employee(self) -> dict[str, Any]:
        return {"employeeid": _claims(self.user).employee_number}


def id_token_hook(id_token: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A real, signed ID token that is already out of date, for one test client."""
    token = kwargs.get("token")
    if token is not None and token.client.client_id == EXPIRED_CLIENT:
        id_token["iat"] = id_token["iat"] - 900
        id_token["exp"] = id_token["iat"] + 300
    return id_token
