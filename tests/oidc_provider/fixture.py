"""The ``oidc_provider`` fixture: a real OpenID Connect provider (django-oidc-provider) started
in a subprocess on a free loopback port, once per test session (so once per xdist worker), with
its own SQLite database and RSA key. Nothing leaves the machine.

Its clients: ``probity`` (well behaved), ``probity-expired`` (issues ID tokens that have already
expired) and ``probity-tampered`` (its token responses are altered in flight). Tests add the
people the provider knows with ``add_person``.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from probity.people.sso_config import SSO_BACKEND, form_action_origins, sso_settings

HERE = Path(__file__).resolve().parent
CLIENT_SECRET = "probity-test-secret"
PASSWORD = "provider-password"
START_TIMEOUT_SECONDS = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Provider:
    base: str
    key: str

    @property
    def issuer(self) -> str:
        return f"{self.base}/openid"

    def _control(self, **data: Any) -> None:
        response = requests.post(
            f"{self.base}/testing/control/",
            json=data,
            headers={"X-Test-Key": self.key},
            timeout=10,
        )
        response.raise_for_status()

    def add_person(
        self,
        username: str,
        *,
        email: str = "",
        employee_number: str = "",
        email_verified: bool | None = None,
    ) -> None:
        """Someone the provider can sign in (password ``PASSWORD``)."""
        self._control(
            username=username,
            password=PASSWORD,
            email=email,
            employee_number=employee_number,
            email_verified=email_verified,
        )

    def allow(self, probity_base: str) -> None:
        """Let the provider send people back to a Probity served at ``probity_base``."""
        self._control(
            redirect_uri=f"{probity_base}/accounts/sso/callback/",
            logout_uri=f"{probity_base}/accounts/login/",
        )

    def environ(self, client_id: str = "probity", **more: str) -> dict[str, str]:
        """The environment a council would set for this provider."""
        return {
            "PROBITY_OIDC_CLIENT_ID": client_id,
            "PROBITY_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "PROBITY_OIDC_ISSUER": self.issuer,
            "PROBITY_OIDC_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "PROBITY_OIDC_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "PROBITY_OIDC_JWKS_URI": f"{self.issuer}/jwks",
            "PROBITY_OIDC_USERINFO_ENDPOINT": f"{self.issuer}/userinfo",
            "PROBITY_OIDC_LOGOUT_ENDPOINT": f"{self.issuer}/end-session",
            **more,
        }

    def settings(self, client_id: str = "probity", **more: str) -> dict[str, Any]:
        """Django settings for Probity with single sign-on through this provider, made from
        the environment by the same code as ``probity/settings.py``."""
        from django.conf import settings

        values = sso_settings(self.environ(client_id, **more))
        backends = [b for b in settings.AUTHENTICATION_BACKENDS if b != SSO_BACKEND]
        values["AUTHENTICATION_BACKENDS"] = [*backends, SSO_BACKEND]
        policy = settings.CONTENT_SECURITY_POLICY
        directives: dict[str, Any] = dict(policy["DIRECTIVES"])
        directives["form-action"] = [*directives["form-action"], *form_action_origins(values)]
        values["CONTENT_SECURITY_POLICY"] = {**policy, "DIRECTIVES": directives}
        return values

    def sign_in(self, authorize_url: str, username: str, password: str = PASSWORD) -> str:
        """Sign in at the provider as a browser would, and return the address it sends the
        person back to (Probity's callback, with the code and state), without following it."""
        with requests.Session() as browser:
            url = authorize_url
            for _ in range(10):
                response = browser.get(url, allow_redirects=False, timeout=10)
                if response.status_code != 302:
                    break
                location = urljoin(url, response.headers["Location"])
                if not location.startswith(self.base):
                    return location
                if urlsplit(location).path == "/accounts/login/":
                    page = browser.get(location, timeout=10)
                    answer = browser.post(
                        location,
                        data={
                            "username": username,
                            "password": password,
                            "csrfmiddlewaretoken": browser.cookies["idp_csrf"],
                            "next": _query_value(location, "next"),
                        },
                        headers={"Referer": page.url},
                        allow_redirects=False,
                        timeout=10,
                    )
                    assert answer.status_code == 302, (
                        f"{username} could not sign in at the provider"
                    )
                    location = urljoin(location, answer.headers["Location"])
                url = location
        raise AssertionError(f"the provider did not send {username} back: {response.status_code}")


def _query_value(url: str, name: str) -> str:
    from urllib.parse import parse_qs

    return parse_qs(urlsplit(url).query).get(name, [""])[0]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    data = tmp_path_factory.mktemp("oidc_provider")
    port = _free_port()
    key = secrets.token_urlsafe(16)
    # Loopback only, whatever proxy the machine is set up with.
    no_proxy = os.environ.get("NO_PROXY", "")
    os.environ["NO_PROXY"] = ",".join(filter(None, [no_proxy, "127.0.0.1", "localhost"]))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PROBITY_"))}
    log = (data / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own script, with our own interpreter
        [sys.executable, str(HERE / "server.py"), str(port), str(data), key],
        cwd=HERE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = Provider(base=f"http://127.0.0.1:{port}", key=key)
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"The test provider stopped:\n{(data / 'provider.log').read_text()}")
            try:
                answer = requests.get(
                    f"{provider.issuer}/.well-known/openid-configuration", timeout=2
                )
                if answer.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"The test provider did not start:\n{(data / 'provider.log').read_text()}"
                )
            time.sleep(0.2)
        provider.allow("http://testserver")
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        os.environ["NO_PROXY"] = no_proxy
