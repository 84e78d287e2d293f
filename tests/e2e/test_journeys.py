"""End-to-end journeys through the real pages, with axe on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.declarations.choices import DeclarationStatus
from probity.declarations.models import Declaration, InterestVersion
from tests.e2e.conftest import Visitor

PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(visitor: Visitor, legend: str, day: str, month: str, year: str) -> None:
    group = visitor.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_declined_gift_goes_from_declaration_to_the_managers_note_to_the_register(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    visitor.sign_in("officer", PASSWORD)
    visitor.click_link("Make a declaration")
    # The start page asks what happened and leads to the right form.
    visitor.click_button("Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what you need to declare")
    page.get_by_label(
        "Someone offered me a gift, a meal, tickets or an event because of my work"
    ).check()
    visitor.click_button("Continue")

    # Sending an empty form shows the error summary, linked to the fields.
    visitor.click_button("Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select who made the offer")
    expect(page).to_have_title(re.compile(r"^Error: "))
    for link in summary.locator("a").all():  # every error links to a field that exists
        target = link.get_attribute("href") or ""
        assert target.startswith("#") and page.locator(target).count() == 1, target

    page.get_by_label("An organisation").check()
    page.get_by_label("Name of the person or organisation").fill("Brightway Catering Ltd")
    page.get_by_label("Bidding for council work").check()
    page.get_by_label("Hospitality", exact=True).check()
    page.get_by_label("What was offered?").fill(
        "Dinner for two at a restaurant after a tender briefing"
    )
    page.get_by_label("What was it worth, in pounds?").fill("120")
    page.get_by_label("This value is an estimate").check()
    fill_date(visitor, "Date it was offered", "4", "2", "2025")
    page.get_by_label("Declined").check()
    page.get_by_label("Why did you accept or decline it?").fill(
        "They are bidding for the school meals contract."
    )
    visitor.click_button("Continue")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(page.locator(".govuk-summary-list")).to_contain_text("£120 (estimated)")
    visitor.click_button("Send declaration")
    expect(page.locator(".govuk-panel")).to_contain_text("Declaration sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"GH-\d{4}-\d{4}", reference)

    # Going back to "check your answers" after sending cannot send it twice: the answers are gone.
    page.go_back()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Send declaration")).to_have_count(0)
    assert Declaration.objects.count() == 1

    visitor.goto("/my-declarations/")
    expect(page.locator("table")).to_contain_text(reference)
    visitor.sign_out()

    visitor.sign_in("manager", PASSWORD)
    visitor.click_link("To review", exact=True)
    visitor.click_link(reference)
    page.get_by_label("Note it: nothing more is needed").check()
    visitor.click_button("Save decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")

    visitor.click_link("Registers", exact=True)
    visitor.click_link("Gifts and hospitality register")
    page.get_by_label("Accepted or declined").select_option("declined")
    visitor.click_button("Apply filters")
    row = page.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Declined")
    expect(row).to_contain_text("Noted by manager")
    visitor.click_link(reference)
    expect(page.locator("main")).to_contain_text("Noted by Manager (Line manager)")
    assert Declaration.objects.get(reference=reference).status == DeclarationStatus.NOTED


def test_an_interest_is_declared_corrected_and_ended_with_every_version_visible(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    visitor.sign_in("officer", PASSWORD)
    visitor.goto("/declare/interest/")
    page.get_by_label("A close relative's or partner's").check()
    page.get_by_label("How are they related to you?").fill("Sister")
    page.get_by_label("Financial", exact=True).check()
    page.get_by_label("Which organisation or person does it concern?").fill("Harbour Homes Ltd")
    page.get_by_label("Describe the interest").fill(
        "My sister is a director of a housing association we fund."
    )
    fill_date(visitor, "Date the interest started", "1", "6", "2024")
    visitor.click_button("Continue")
    visitor.click_button("Send declaration")
    reference = page.locator(".govuk-panel__body strong").inner_text()

    visitor.click_link("View your declaration")
    visitor.click_link("Correct this declaration")
    page.get_by_label("Which organisation or person does it concern?").fill(
        "Harbour Homes Housing Association"
    )
    page.get_by_label("What have you corrected, and why?").fill(
        "I used the trading name by mistake."
    )
    visitor.click_button("Save correction")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("new version")

    visitor.click_link("Tell us this has ended")
    fill_date(visitor, "Date it ended", "31", "12", "2024")
    visitor.click_button("Save the end date")

    main = page.locator("main")
    expect(main).to_contain_text("Version 3: ended")
    expect(main).to_contain_text("Version 2: corrected")
    expect(main).to_contain_text("Version 1: declared")
    page.get_by_text("Details of version 1").click()
    expect(main).to_contain_text("Harbour Homes Ltd")
    visitor.check("interest-history")
    versions = InterestVersion.objects.filter(declaration__reference=reference).order_by("number")
    assert [v.change for v in versions] == ["original", "correction", "ended"]


def test_people_without_access_are_refused(visitor: Visitor, council: Council) -> None:
    from probity.declarations.tests.test_services import declare_gift

    entry = declare_gift(council)
    page = visitor.page

    visitor.sign_in("councillor", PASSWORD)
    expect(page.get_by_role("link", name="Registers")).to_have_count(0)
    response = page.goto(visitor.base_url + "/registers/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    visitor.check("refused-councillor")
    visitor.sign_out()

    visitor.sign_in("stranger", PASSWORD)
    response = page.goto(visitor.base_url + f"/registers/entries/{entry.reference}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    visitor.check("refused-stranger")

    response = page.goto(visitor.base_url + "/settings/gift-guidance/")
    assert response is not None and response.status == 403
    visitor.sign_out()

    response = page.goto(visitor.base_url + "/registers/")
    assert "/accounts/login/" in page.url
