"""The Monitoring Officer searches every register, accents or none, and opens a person's page;
the code draft is compared, checked before committee and discarded; a councillor's home page.
At 1280 px and at 375 px, axe on every page visited."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.conduct import code_services as svc
from probity.conduct.documents import parse_text
from probity.conduct.models import VersionStage
from probity.conduct.tests.factories import adopted_version
from probity.core import clock
from probity.declarations import services
from probity.declarations.tests.factories import gift_facts, interest_facts
from tests.e2e.conftest import Visitor
from tests.e2e.test_journeys import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_monitoring_officer_finds_ty_gwyn_without_typing_the_accent(
    visitor: Visitor, council: Council, width: int
) -> None:
    visitor.page.set_viewport_size({"width": width, "height": 900})
    welsh = services.interest_declare(
        actor=council.officer,
        facts=interest_facts(counterparty="Tŷ Gwyn Care Home"),
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    services.gift_declare(
        actor=council.officer,
        facts=gift_facts(giver_name="Acme Facilities Ltd"),
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    page = visitor.page
    with clock.frozen(NOW):
        visitor.sign_in("mo", PASSWORD)
        visitor.goto("/registers/")
        visitor.click_link("Search every register")
        page.get_by_label("Reference, name, giver, organisation or title").fill("Ty Gwyn")
        visitor.click_button("Search")
        main = page.locator("main")
        expect(main).to_contain_text("1 entry matches “Ty Gwyn”")
        expect(main).to_contain_text("Tŷ Gwyn Care Home")
        expect(main).not_to_contain_text("Acme")
        visitor.check(f"search-{width}")
        visitor.click_link(council.officer.full_name, exact=True)
        expect(page.locator("h1")).to_have_text(council.officer.full_name)
        expect(main).to_contain_text("2 declarations")
        visitor.check(f"person-{width}")
        visitor.click_link(welsh.reference)
        expect(page.locator("h1")).to_contain_text(welsh.reference)
        if width == 375:
            width_of_page = page.evaluate("document.documentElement.scrollWidth")
            assert width_of_page <= 375, f"The entry page scrolls sideways: {width_of_page}px"


CODE = """1. Introduction
1.1 High standards are expected of everyone.

2. Gifts and hospitality
2.1 Declare every offer you receive.

3. Your interests
3.1 Tell us about shares and land you own.
"""
NEW_TEXT = """1. Introduction
1.1 High standards are expected of everyone.

2. Using council resources
2.1 Only for council work.

3. Gifts and hospitality
3.1 Declare every offer you receive.
"""


@pytest.mark.parametrize("width", [1280, 375])
def test_a_draft_is_compared_checked_before_committee_and_discarded(
    visitor: Visitor, council: Council, width: int
) -> None:
    visitor.page.set_viewport_size({"width": width, "height": 900})
    with clock.frozen(NOW):
        adopted_version(
            council.mo, text=CODE, duties={"2": ["gift_hospitality"], "3": ["personal_interest"]}
        )
        draft = svc.draft_start(actor=council.mo, document="code", now=NOW)
        svc.draft_update_text(
            actor=council.mo,
            version=draft,
            title="Code",
            change_summary="A section on resources.",
            parsed=parse_text(NEW_TEXT),
            now=NOW,
        )
        page = visitor.page
        main = page.locator("main")
        visitor.sign_in("mo", PASSWORD)
        visitor.goto(f"/code/manage/versions/{draft.pk}/")
        visitor.click_link("Compare with the version in force")
        expect(main).to_contain_text("1 added, 1 removed and 2 unchanged")
        expect(main).to_contain_text("Using council resources")
        visitor.check(f"draft-compare-{width}")
        visitor.goto(f"/code/manage/versions/{draft.pk}/send/")
        expect(main).to_contain_text("Section 3, Your interests: removed")
        expect(main).to_contain_text("3. Gifts and hospitality")
        visitor.check(f"draft-send-{width}")
        visitor.goto(f"/code/manage/versions/{draft.pk}/")
        visitor.click_link("Discard this draft")
        visitor.click_button("Discard this draft")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
        page.get_by_label("Why are you discarding this draft?").fill(
            "We will wait for the new model code."
        )
        visitor.click_button("Discard this draft")
        expect(main).to_contain_text("has been discarded")
        expect(main).to_contain_text("Discarded")
    draft.refresh_from_db()
    assert draft.stage == VersionStage.DISCARDED


@pytest.mark.parametrize("width", [1280, 375])
def test_a_councillors_home_page_leads_to_the_section_117_book(
    visitor: Visitor, council: Council, width: int
) -> None:
    visitor.page.set_viewport_size({"width": width, "height": 900})
    with clock.frozen(NOW):
        visitor.sign_in("councillor", PASSWORD)
        expect(visitor.page.locator("main")).to_contain_text("The book is open now.")
        visitor.check(f"councillor-home-{width}")
        visitor.click_link("Inspect the section 117 book")
