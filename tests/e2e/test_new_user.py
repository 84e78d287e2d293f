"""What a new user meets: bad dates, phones, printing, the start page."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.declarations import services
from probity.declarations.choices import DeclarationKind
from probity.declarations.tests.factories import gift_facts, interest_facts
from tests.e2e.conftest import Visitor
from tests.e2e.test_journeys import PASSWORD, fill_date

pytestmark = pytest.mark.django_db(transaction=True)

ABSURD = "12345678901234567890"
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


def _some_entries(council: Council) -> None:
    for _ in range(3):
        services.gift_declare(
            actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
        )
    services.interest_declare(
        actor=council.officer, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    services.declaration_submit(
        kind=DeclarationKind.OUTSIDE_EMPLOYMENT,
        actor=council.officer,
        facts={
            "employer": "Riverside Lettings",
            "role": "Weekend lettings agent",
            "hours": "8 hours a week",
            "starts_on": "2026-04-01",
            "could_conflict": "no",
            "conflict_detail": "",
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("1", "1", ABSURD), (ABSURD, "1", "2026"), ("1", ABSURD, "2026"), ("31", "2", "2026")],
)
def test_an_absurd_number_in_a_date_box_gets_a_govuk_error_not_a_crash(
    visitor: Visitor, council: Council, day: str, month: str, year: str
) -> None:
    page = visitor.page
    visitor.sign_in("officer", PASSWORD)
    visitor.goto("/declare/gift-or-hospitality/")
    fill_date(visitor, "Date it was offered", day, month, year)
    response = None
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue").click()
    response = navigation.value
    assert response is not None and response.status == 200
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date it was offered must be a real date")
    expect(page.locator("body")).not_to_contain_text("out of range")
    visitor.check()


def test_no_register_scrolls_sideways_at_375_px(visitor: Visitor, council: Council) -> None:
    _some_entries(council)
    page = visitor.page
    page.set_viewport_size({"width": 375, "height": 800})
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/registers/")
    links = page.locator("main a[href^='/registers/'][href$='/']")
    paths = sorted({link.get_attribute("href") or "" for link in links.all()})
    assert len(paths) >= 3, paths
    for path in paths:
        visitor.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide at 375 px"
    # The filters fold behind a button, and open again.
    visitor.goto("/registers/gifts-and-hospitality/")
    toggle = page.get_by_role("button", name="Show filters")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Search")).to_be_hidden()
    toggle.click()
    expect(page.get_by_role("button", name="Hide filters")).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.get_by_label("Search")).to_be_visible()
    visitor.check()
    # The table scrolls inside its own labelled region, which takes keyboard focus.
    region = page.get_by_role("region", name="Gifts and hospitality register, sorted by")
    expect(region).to_have_attribute("tabindex", "0")


def test_printing_a_register_prints_the_content_only(visitor: Visitor, council: Council) -> None:
    _some_entries(council)
    page = visitor.page
    page.set_viewport_size({"width": 1032, "height": 800})  # A4 landscape less margins
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/registers/gifts-and-hospitality/")
    page.emulate_media(media="print")
    for hidden in (".govuk-header", ".govuk-service-navigation", ".app-filters", ".govuk-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1032
    region = page.locator(".app-table-scroll")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth")


def test_signed_out_visitors_get_a_start_page_and_a_status_page(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    visitor.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Declare gifts, hospitality and interests"
    )
    visitor.click_link("Service status")
    expect(page.locator("main")).to_contain_text("the database is answering")
    page.locator("header").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(visitor.base_url + "/accounts/login/?next=/status/")
