"""Print the single sign-on environment lines for a provider, read from its discovery document
(``<issuer>/.well-known/openid-configuration``)."""

from __future__ import annotations

from typing import Any

import requests
from django.core.management.base import BaseCommand, CommandError, CommandParser

DISCOVERY = "/.well-known/openid-configuration"
LINES = (
    ("PROBITY_OIDC_ISSUER", "issuer"),
    ("PROBITY_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    ("PROBITY_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    ("PROBITY_OIDC_JWKS_URI", "jwks_uri"),
    ("PROBITY_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    ("PROBITY_OIDC_LOGOUT_ENDPOINT", "end_session_endpoint"),
)


class Command(BaseCommand):
    help = (
        "Print the PROBITY_OIDC_* environment lines for an OpenID Connect provider, read from "
        "its .well-known/openid-configuration (for Microsoft Entra ID: "
        "https://login.microsoftonline.com/<tenant-id>/v2.0)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issuer", help="The provider's issuer address.")

    def handle(self, *args: Any, **options: Any) -> None:
        issuer = str(options["issuer"]).rstrip("/")
        url = issuer if issuer.endswith(DISCOVERY) else issuer + DISCOVERY
        try:
            answer = requests.get(url, timeout=15)
            answer.raise_for_status()
            config = answer.json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"Could not read {url}: {exc.__class__.__name__}") from None
        if not isinstance(config, dict) or "issuer" not in config:
            raise CommandError(f"{url} is not an OpenID Connect discovery document.")
        algorithms = config.get("id_token_signing_alg_values_supported") or []
        self.stdout.write("# Single sign-on: add these to Probity's environment.")
        self.stdout.write("PROBITY_OIDC_CLIENT_ID=<the client (application) id>")
        self.stdout.write("PROBITY_OIDC_CLIENT_SECRET=<the client secret>")
        entra = "login.microsoftonline.com" in str(config.get("issuer", ""))
        for variable, key in LINES:
            value = config.get(key)
            if value and entra and key == "userinfo_endpoint":
                # Entra's userinfo sends fewer claims than its ID token: use the token alone.
                self.stdout.write(f"# {variable}={value}  (leave unset for Microsoft Entra ID)")
            elif value:
                self.stdout.write(f"{variable}={value}")
            else:
                self.stdout.write(f"# {variable}: the provider does not publish {key}")
        self.stdout.write(
            f"PROBITY_OIDC_SIGN_ALGO={'RS256' if 'RS256' in algorithms else (algorithms or ['RS256'])[0]}"
        )
        methods = config.get("code_challenge_methods_supported") or []
        self.stdout.write(
            f"PROBITY_OIDC_USE_PKCE={'on' if 'S256' in methods or not methods else 'off'}"
        )
