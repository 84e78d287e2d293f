"""A locked-out account, the lockout page, and the Monitoring Officer unlocking it; axe on each."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from conftest import Council
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def test_a_locked_account_is_told_and_the_monitoring_officer_unlocks_it(
    visitor: Visitor, council: Council
) -> None:
    # Five wrong passwords for the officer's account, from somewhere else.
    AccessAttempt.objects.create(
        username="officer",
        ip_address="10.0.0.5",
        user_agent="a browser",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    page = visitor.page
    page.goto(visitor.base_url + "/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "You cannot sign in at the moment"
    visitor.check("locked-out")

    call_command("verify_audit", verbosity=0)
    visitor.sign_in("mo", PASSWORD)
    assert "no audit event has been changed" in page.locator("#audit-check").inner_text()
    visitor.goto("/settings/")
    visitor.click_link("View sign-in lockouts")
    assert "officer" in page.locator("main table").inner_text()
    visitor.click_button("Unlock account officer")
    assert "No account or address is locked" in page.locator("main").inner_text()
    visitor.sign_out()
    visitor.sign_in("officer", PASSWORD)
