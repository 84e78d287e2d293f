"""Journeys through the other declaration kinds, with axe on every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.conduct.models import CouncilPolicy
from probity.declarations.choices import DeclarationStatus
from probity.declarations.models import Declaration
from probity.people.choices import OfficeKind
from probity.people.models import Grade
from probity.people.tests.factories import hold_office, make_person
from tests.e2e.conftest import Visitor
from tests.e2e.test_journeys import PASSWORD, fill_date

pytestmark = pytest.mark.django_db(transaction=True)


def request_outside_work(visitor: Visitor, hours: str) -> str:
    page = visitor.page
    visitor.goto("/declare/")
    page.get_by_label("I have, or want to take, another job, business or appointment").check()
    visitor.click_button("Continue")
    page.get_by_label("Employer or business").fill("Riverside Lettings")
    page.get_by_label("Your role").fill("Lettings agent")
    page.get_by_label("Hours").fill(hours)
    fill_date(visitor, "Date it starts or started", "1", "9", "2030")
    page.get_by_role("group", name="Could it conflict with your council work?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("How could it conflict?").fill("Some clients may be council tenants.")
    visitor.click_button("Continue")
    visitor.click_button("Send declaration")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Do not go ahead until it has been approved"
    )
    return page.locator(".govuk-panel__body strong").inner_text()


def decide(visitor: Visitor, reference: str, choice: str, comment: str = "") -> None:
    page = visitor.page
    visitor.click_link("To review", exact=True)
    visitor.click_link(reference)
    page.get_by_label(choice, exact=True).check()
    if comment:
        page.get_by_label("Reason or comment").fill(comment)
    visitor.click_button("Save decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")


def test_outside_employment_at_scale_g_needs_both_consents(
    visitor: Visitor, council: Council
) -> None:
    scale_g = Grade.objects.create(name="Scale G", rank=7)
    CouncilPolicy.objects.create(gift_guidance="Declare it.", consent_grade=scale_g)
    make_person("senior", service=council.housing, line_manager=council.manager, grade=scale_g)
    hold_office(make_person("hr", service=council.planning), OfficeKind.HR_OD_MANAGER)

    visitor.sign_in("senior", PASSWORD)
    first = request_outside_work(visitor, "20 hours a week")
    visitor.sign_out()

    visitor.sign_in("head", PASSWORD)
    decide(visitor, first, "Approve")
    visitor.sign_out()
    visitor.sign_in("hr", PASSWORD)
    decide(visitor, first, "Refuse", "Twenty hours a week on top of a full-time post is too much.")
    visitor.sign_out()
    assert Declaration.objects.get(reference=first).status == DeclarationStatus.REFUSED

    visitor.sign_in("senior", PASSWORD)
    visitor.goto(f"/registers/entries/{first}/")
    expect(visitor.page.locator("main")).to_contain_text(
        "Twenty hours a week on top of a full-time post is too much."
    )
    second = request_outside_work(visitor, "6 hours on Saturdays")
    visitor.sign_out()

    visitor.sign_in("hr", PASSWORD)
    decide(visitor, second, "Approve")
    visitor.sign_out()
    visitor.sign_in("head", PASSWORD)
    page = visitor.page
    visitor.click_link("To review", exact=True)
    visitor.click_link(second)
    page.get_by_role("radio", name="Approve with conditions").check()
    page.get_by_label("Conditions (if you approve with conditions)").fill(
        "No lettings to people on the housing register."
    )
    visitor.click_button("Save decision")
    visitor.click_link("Registers", exact=True)
    visitor.click_link("Outside employment register")
    expect(page.locator("tbody tr", has_text=second)).to_contain_text("Approved")
    expect(page.locator("tbody tr", has_text=first)).to_contain_text("Refused")
    assert (
        Declaration.objects.get(reference=second).status
        == DeclarationStatus.APPROVED_WITH_CONDITIONS
    )


def test_a_closed_organisation_membership_that_the_line_manager_cannot_read(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    visitor.sign_in("officer", PASSWORD)
    visitor.goto("/declare/closed-organisation/")
    page.get_by_label("Name of the organisation").fill("The Guild of the Silver Key")
    fill_date(visitor, "Date you joined", "3", "5", "2012")
    visitor.click_button("Continue")
    visitor.click_button("Send declaration")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    visitor.click_link("View your declaration")
    expect(page.locator("main")).to_contain_text("The Guild of the Silver Key")
    visitor.sign_out()

    visitor.sign_in("manager", PASSWORD)
    visitor.click_link("To review", exact=True)
    expect(page.locator("main")).not_to_contain_text("Silver Key")
    visitor.click_link(reference)
    expect(page.locator("main")).to_contain_text("Held by the Monitoring Officer")
    expect(page.locator("main")).not_to_contain_text("Silver Key")
    page.get_by_label("Note it: nothing more is needed").check()
    page.get_by_label("Comment").fill("Noted that you belong to the Silver Key guild.")
    visitor.click_button("Save decision")
    visitor.goto(f"/registers/entries/{reference}/")
    expect(page.locator("main")).not_to_contain_text("Silver Key")
    expect(page.locator("main")).to_contain_text("A comment was written.")
    visitor.goto("/registers/closed-organisations/")
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).not_to_contain_text("2012")
    visitor.sign_out()

    visitor.sign_in("mo", PASSWORD)
    visitor.goto(f"/registers/entries/{reference}/")
    expect(page.locator("main")).to_contain_text("The Guild of the Silver Key")
    expect(page.locator("main")).to_contain_text("Noted that you belong to the Silver Key guild.")
    visitor.click_link("See the audit trail")
    expect(page.locator("main")).to_contain_text("Special-category details read")
