"""The Monitoring Officer reads the dashboard at desktop and phone widths; the three offices sign
off the annual review, then the data changes and the check says so."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.core import clock
from probity.declarations import services
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.people.choices import OfficeKind
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person
from tests.e2e.conftest import Visitor

PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db(transaction=True)


def _declare(council: Council) -> None:
    now = clock.now()
    for days in (2, 20, 45, 200):
        services.gift_declare(
            actor=council.officer,
            facts=gift_facts(),
            submission_token=uuid.uuid4(),
            now=now - dt.timedelta(days=days),
        )
    services.interest_declare(
        actor=council.officer,
        facts=interest_facts(),
        submission_token=uuid.uuid4(),
        now=now - dt.timedelta(days=500),
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_at_desktop_and_phone_widths(
    visitor: Visitor, council: Council, width: int
) -> None:
    _declare(council)
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The council\u2019s dashboard")
    expect(
        page.get_by_role("img", name="Declarations each month for 24 months, by kind")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Overdue approvals: the figures")).to_be_visible()
    # Nothing wider than the screen but the tables, which scroll inside their own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    visitor.click_link("Print view")
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    visitor.goto("/dashboard/committee/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("summary for committee")
    visitor.goto("/")
    visitor.sign_out()
    visitor.sign_in("manager", PASSWORD)
    visitor.click_link("Your team\u2019s dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team\u2019s dashboard")


def test_the_three_offices_sign_off_the_annual_review(visitor: Visitor, council: Council) -> None:
    _declare(council)
    ce = make_person("ce", service=council.planning, full_name="Cara Executive")
    s151 = make_person("s151", service=council.planning, full_name="Sam Finance")
    hold_office(ce, OfficeKind.CHIEF_EXECUTIVE)
    hold_office(s151, OfficeKind.S151_OFFICER)
    page = visitor.page
    page.set_viewport_size({"width": 1280, "height": 900})
    visitor.sign_in("mo", PASSWORD)
    expect(page.locator("#annual-review-due")).to_contain_text("due now")
    visitor.click_link("Go to the annual review")
    visitor.click_button("Open this year\u2019s review")
    digest = page.locator("#snapshot-digest").inner_text().strip()
    assert len(digest) == 64
    visitor.click_link("Record a finding and its action")
    page.get_by_label("Finding").fill("Few gifts declared in Planning.")
    page.get_by_label("Action", exact=True).fill("Remind Planning staff of the duty to declare.")
    page.get_by_label("Owner of the action").fill("Head of Governance")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill(str(clock.today().year + 1))
    visitor.click_button("Record the finding")
    expect(page.get_by_text("Few gifts declared in Planning.")).to_be_visible()
    visitor.click_button("Sign off as Monitoring Officer")
    review_url = page.url
    visitor.sign_out()
    for username, office in (
        ("ce", "Chief Executive"),
        ("s151", "Chief Finance Officer (section 151)"),
    ):
        visitor.sign_in(username, PASSWORD)
        expect(page.locator("#annual-review-due")).to_contain_text("open")
        visitor.click_link("read it and sign off")
        visitor.click_button(f"Sign off as {office}")
        visitor.sign_out()
    visitor.sign_in("mo", PASSWORD)
    expect(page.locator("#annual-review-due")).to_contain_text("next annual review")
    visitor.goto(review_url.removeprefix(visitor.base_url))
    expect(page.get_by_text("Signed off by all three offices")).to_be_visible()
    visitor.click_button("Check the snapshot")
    expect(page.get_by_text("still matches")).to_be_visible()
    # The data changes: the check says so.
    from probity.declarations.models import Declaration

    gift = Declaration.objects.filter(kind="gift_hospitality").order_by("submitted_at").first()
    assert gift is not None
    services.declaration_withdraw(
        actor=council.mo,
        viewer=viewer_for_person(person=council.mo, today=clock.today()),
        declaration=gift,
        reason="Entered twice",
        now=clock.now(),
    )
    visitor.click_button("Check the snapshot")
    expect(page.get_by_text("have changed since the snapshot")).to_be_visible()
