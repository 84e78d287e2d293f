"""Single sign-on in the browser, through a real OpenID Connect provider on the loopback: sign
in, sign out at both ends, a person Probity does not know, and the Monitoring Officer's
emergency sign-in when password sign-in is off; axe on every Probity page."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.fixtures import Settings

from conftest import Council
from tests.e2e.conftest import Visitor
from tests.oidc_provider.fixture import PASSWORD, Provider

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_PASSWORD = "correct-horse-battery"


def _use(settings: Settings, provider: Provider, live_server: Any, **env: str) -> None:
    provider.allow(live_server.url)
    for name, value in provider.settings(**env).items():
        setattr(settings, name, value)


def _at_provider(visitor: Visitor, provider: Provider, username: str) -> None:
    page = visitor.page
    page.wait_for_url(f"{provider.base}/**")
    page.get_by_label("Work username").fill(username)
    page.get_by_label("Work password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()


def test_signing_in_and_out_with_the_council_account(
    visitor: Visitor,
    council: Council,
    settings: Settings,
    oidc_provider: Provider,
    live_server: Any,
) -> None:
    _use(settings, oidc_provider, live_server)
    oidc_provider.add_person("o.fficer", email="officer@example.org")
    oidc_provider.add_person("nobody", email="not.known@example.org")
    page = visitor.page

    visitor.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with your council account").click()
    _at_provider(visitor, oidc_provider, "o.fficer")
    page.wait_for_url(f"{visitor.base_url}/")
    visitor.check("sso-home")
    assert "Signed in as officer" in page.locator("body").inner_text()

    # Signing out ends the provider's session too, and comes back to the sign-in page.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{visitor.base_url}/accounts/login/")
    visitor.check("sso-signed-out")

    # So the next person at this computer signs in as themselves: here, someone unknown.
    page.get_by_role("button", name="Sign in with your council account").click()
    _at_provider(visitor, oidc_provider, "nobody")
    page.wait_for_url(f"{visitor.base_url}/accounts/sso/callback/**")
    assert page.locator("h1").inner_text() == "Probity does not know you yet"
    visitor.check("sso-refused")
    visitor.click_link("Go to the sign-in page")


def test_the_monitoring_officer_breaks_glass_when_passwords_are_off(
    visitor: Visitor,
    council: Council,
    settings: Settings,
    oidc_provider: Provider,
    live_server: Any,
) -> None:
    _use(settings, oidc_provider, live_server, PROBITY_PASSWORD_SIGNIN="off")
    page = visitor.page
    visitor.goto("/accounts/login/")
    assert page.get_by_label("Password").count() == 0
    visitor.click_link("Emergency sign-in for the Monitoring Officer")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    visitor.click_button("Sign in")
    assert "Please enter a correct username and password" in page.locator("main").inner_text()
    page.get_by_label("Username").fill("mo")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    visitor.click_button("Sign in")
    assert page.url == f"{visitor.base_url}/"
