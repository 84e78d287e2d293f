"""Single sign-on settings, read from the environment (docs: README, "Single sign-on").

``sso_settings(environ)`` turns the PROBITY_OIDC_* variables into the Django settings that
mozilla-django-oidc and Probity read; ``probity/settings.py`` applies them, and the tests apply
the same function to their own variables. ``sso_problems(values)`` lists what is missing or
malformed, for the system check (``probity.people.sso_checks``). Neither imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from probity.people.signin_rules import MATCH_EMAIL, MATCH_EMPLOYEE_NUMBER

MATCH_CHOICES = (MATCH_EMAIL, MATCH_EMPLOYEE_NUMBER)

# The backend that signs people in with their council account.
SSO_BACKEND = "probity.people.signin.CouncilAccountBackend"

# Every variable, for the README, the check and ``manage.py sso_settings``.
VARIABLES = (
    "PROBITY_OIDC_CLIENT_ID",
    "PROBITY_OIDC_CLIENT_SECRET",
    "PROBITY_OIDC_ISSUER",
    "PROBITY_OIDC_AUTHORIZATION_ENDPOINT",
    "PROBITY_OIDC_TOKEN_ENDPOINT",
    "PROBITY_OIDC_JWKS_URI",
    "PROBITY_OIDC_USERINFO_ENDPOINT",
    "PROBITY_OIDC_LOGOUT_ENDPOINT",
    "PROBITY_OIDC_SIGN_ALGO",
    "PROBITY_OIDC_SCOPES",
    "PROBITY_OIDC_USE_PKCE",
    "PROBITY_OIDC_MATCH",
    "PROBITY_OIDC_EMAIL_CLAIM",
    "PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM",
    "PROBITY_PASSWORD_SIGNIN",
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _get(environ: Mapping[str, str], name: str, default: str = "") -> str:
    value = environ.get(name, "")
    return value.strip() if value and value.strip() else default


def _bool(environ: Mapping[str, str], name: str, *, default: bool) -> bool:
    value = _get(environ, name).lower()
    if not value:
        return default
    return value in _TRUE


def sso_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings for ``environ``. Single sign-on is on when PROBITY_OIDC_CLIENT_ID is set."""
    client_id = _get(environ, "PROBITY_OIDC_CLIENT_ID")
    enabled = bool(client_id)
    match = _get(environ, "PROBITY_OIDC_MATCH", MATCH_EMAIL).lower()
    values: dict[str, Any] = {
        "PROBITY_SSO_ENABLED": enabled,
        # Password sign-in for everyone; when off, only the emergency page takes passwords,
        # for superusers and the Monitoring Officer. It cannot be off without single sign-on.
        "PROBITY_PASSWORD_SIGNIN": _bool(environ, "PROBITY_PASSWORD_SIGNIN", default=True)
        or not enabled,
        "PROBITY_PASSWORD_SIGNIN_RAW": _get(environ, "PROBITY_PASSWORD_SIGNIN"),
        "PROBITY_OIDC_ISSUER": _get(environ, "PROBITY_OIDC_ISSUER").rstrip("/"),
        "PROBITY_OIDC_MATCH": match,
        "PROBITY_OIDC_EMAIL_CLAIM": _get(environ, "PROBITY_OIDC_EMAIL_CLAIM", "email"),
        "PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM": _get(
            environ, "PROBITY_OIDC_EMPLOYEE_NUMBER_CLAIM", "employee_number"
        ),
        "PROBITY_OIDC_LOGOUT_ENDPOINT": _get(environ, "PROBITY_OIDC_LOGOUT_ENDPOINT"),
        "PROBITY_OIDC_USE_PKCE_RAW": _get(environ, "PROBITY_OIDC_USE_PKCE"),
        "PROBITY_OIDC_SIGN_ALGO_RAW": _get(environ, "PROBITY_OIDC_SIGN_ALGO"),
    }
    if not enabled:
        return values
    values.update(
        {
            # mozilla-django-oidc's own settings.
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": _get(environ, "PROBITY_OIDC_CLIENT_SECRET"),
            "OIDC_OP_AUTHORIZATION_ENDPOINT": _get(environ, "PROBITY_OIDC_AUTHORIZATION_ENDPOINT"),
            "OIDC_OP_TOKEN_ENDPOINT": _get(environ, "PROBITY_OIDC_TOKEN_ENDPOINT"),
            "OIDC_OP_JWKS_ENDPOINT": _get(environ, "PROBITY_OIDC_JWKS_URI") or None,
            # Optional: the ID token's claims are used alone when no userinfo endpoint is set.
            "OIDC_OP_USER_ENDPOINT": _get(environ, "PROBITY_OIDC_USERINFO_ENDPOINT"),
            "OIDC_RP_SIGN_ALGO": _get(environ, "PROBITY_OIDC_SIGN_ALGO", "RS256"),
            "OIDC_RP_SCOPES": _get(environ, "PROBITY_OIDC_SCOPES", "openid email profile"),
            "OIDC_USE_PKCE": _bool(environ, "PROBITY_OIDC_USE_PKCE", default=True),
            "OIDC_USE_NONCE": True,
            "OIDC_CREATE_USER": False,
            # Kept in the (server-side) session only to name the session when signing out at
            # the provider; never written to the audit trail or logs.
            "OIDC_STORE_ID_TOKEN": True,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_TIMEOUT": 15,
            "OIDC_AUTHENTICATION_CALLBACK_URL": "sso_callback",
            "OIDC_REDIRECT_FIELD_NAME": "next",
        }
    )
    return values


def sso_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with the single sign-on settings, as (message, hint) pairs."""
    problems: list[tuple[str, str]] = []
    raw_password = str(values.get("PROBITY_PASSWORD_SIGNIN_RAW", "")).lower()
    if raw_password and raw_password not in _TRUE | _FALSE:
        problems.append(
            (
                f"PROBITY_PASSWORD_SIGNIN is {raw_password!r}.",
                "Set it to on or off.",
            )
        )
    if not values.get("PROBITY_SSO_ENABLED"):
        if raw_password in _FALSE:
            problems.append(
                (
                    "PROBITY_PASSWORD_SIGNIN is off but single sign-on is not set up.",
                    "Set PROBITY_OIDC_CLIENT_ID and the other PROBITY_OIDC_* variables, or turn "
                    "password sign-in back on: nobody could sign in otherwise.",
                )
            )
        return problems
    required = {
        "PROBITY_OIDC_CLIENT_SECRET": "OIDC_RP_CLIENT_SECRET",
        "PROBITY_OIDC_ISSUER": "PROBITY_OIDC_ISSUER",
        "PROBITY_OIDC_AUTHORIZATION_ENDPOINT": "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "PROBITY_OIDC_TOKEN_ENDPOINT": "OIDC_OP_TOKEN_ENDPOINT",
        "PROBITY_OIDC_JWKS_URI": "OIDC_OP_JWKS_ENDPOINT",
    }
    for variable, setting in required.items():
        if not values.get(setting):
            problems.append(
                (
                    f"Single sign-on is on (PROBITY_OIDC_CLIENT_ID is set) but {variable} is not.",
                    "Use the secret the provider gave when Probity was registered with it."
                    if variable == "PROBITY_OIDC_CLIENT_SECRET"
                    else "Copy it from the provider's .well-known/openid-configuration: "
                    "`manage.py sso_settings <issuer>` prints every line.",
                )
            )
    for variable, setting in (
        ("PROBITY_OIDC_ISSUER", "PROBITY_OIDC_ISSUER"),
        ("PROBITY_OIDC_AUTHORIZATION_ENDPOINT", "OIDC_OP_AUTHORIZATION_ENDPOINT"),
        ("PROBITY_OIDC_TOKEN_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"),
        ("PROBITY_OIDC_JWKS_URI", "OIDC_OP_JWKS_ENDPOINT"),
        ("PROBITY_OIDC_USERINFO_ENDPOINT", "OIDC_OP_USER_ENDPOINT"),
        ("PROBITY_OIDC_LOGOUT_ENDPOINT", "PROBITY_OIDC_LOGOUT_ENDPOINT"),
    ):
        url = str(values.get(setting) or "")
        if url and not url.startswith(("https://", "http://")):
            problems.append((f"{variable} is not a web address: {url!r}.", "Use https://..."))
    algo = str(values.get("OIDC_RP_SIGN_ALGO", ""))
    if algo not in {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256"}:
        problems.append(
            (
                f"PROBITY_OIDC_SIGN_ALGO is {algo!r}.",
                "Use the provider's signing algorithm, such as RS256 (Microsoft Entra ID).",
            )
        )
    if values.get("PROBITY_OIDC_MATCH") not in MATCH_CHOICES:
        problems.append(
            (
                f"PROBITY_OIDC_MATCH is {values.get('PROBITY_OIDC_MATCH')!r}.",
                "Use email or employee_number.",
            )
        )
    if "openid" not in str(values.get("OIDC_RP_SCOPES", "")).split():
        problems.append(
            ("PROBITY_OIDC_SCOPES does not ask for openid.", "Start the scopes with openid.")
        )
    raw_pkce = str(values.get("PROBITY_OIDC_USE_PKCE_RAW", "")).lower()
    if raw_pkce and raw_pkce not in _TRUE | _FALSE:
        problems.append((f"PROBITY_OIDC_USE_PKCE is {raw_pkce!r}.", "Set it to on or off."))
    return problems


def form_action_origins(values: Mapping[str, Any]) -> list[str]:
    """Origins a form may lead to besides Probity: signing out (a form) ends at the provider's
    logout endpoint, and browsers hold redirects after a form to the CSP's form-action."""
    endpoint = str(values.get("PROBITY_OIDC_LOGOUT_ENDPOINT") or "")
    if not values.get("PROBITY_SSO_ENABLED") or "://" not in endpoint:
        return []
    scheme, rest = endpoint.split("://", 1)
    return [f"{scheme}://{rest.split('/', 1)[0]}"]
