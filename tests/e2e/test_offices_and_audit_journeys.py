"""The auditor follows an entry's audit trail; the Monitoring Officer back-dates a change of holder."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Council
from probity.core import clock
from probity.declarations import services
from probity.declarations.rules import Action
from probity.declarations.tests.factories import gift_facts
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import OfficeHolding
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office
from tests.e2e.conftest import Visitor

PASSWORD = "correct-horse-battery"
SHOTS = Path(
    os.environ.get("PROBITY_SCREENSHOTS") or Path(tempfile.gettempdir()) / "probity-screens"
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_auditor_reads_an_audit_trail_at_desktop_and_phone_widths(
    visitor: Visitor, council: Council
) -> None:
    now = clock.now()
    declaration = services.gift_declare(
        actor=council.officer,
        facts=gift_facts(description="Two tickets to a cup final, offered after a site visit"),
        submission_token=uuid.uuid4(),
        now=now,
    )
    services.declaration_decide(
        actor=council.manager,
        viewer=viewer_for_person(person=council.manager, today=now.date()),
        declaration=declaration,
        action=Action.NOTE,
        comment="Declining was right: they are bidding for the repairs contract.",
        now=now,
    )
    page = visitor.page
    page.set_viewport_size({"width": 1280, "height": 900})
    visitor.sign_in("auditor", PASSWORD)
    visitor.goto("/registers/")
    expect(page.get_by_text("As the auditor you can read every entry")).to_be_visible()
    visitor.goto(f"/registers/entries/{declaration.reference}/")
    visitor.click_link("See the audit trail")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Audit trail of {declaration.reference}"
    )
    region = page.get_by_role("region", name="What changed: Noted (Line manager)")
    expect(
        region.get_by_role("row", name="Status Waiting for review Noted by manager")
    ).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "audit-trail-auditor-1280.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 812})
    visitor.check()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 375, f"The page is {overflow}px wide at 375px"
    page.screenshot(path=str(SHOTS / "audit-trail-auditor-375.png"), full_page=True)


def test_the_monitoring_officer_confirms_a_back_dated_change_of_holder(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/settings/offices/")
    page.get_by_role("link", name=re.compile(r"Change holder.*Housing Options")).click()
    page.wait_for_load_state()
    visitor.check()
    page.get_by_label("Who will hold the office?").select_option(label="Manager, Officer")
    started = clock.today() - dt.timedelta(days=10)
    group = page.get_by_role("group", name="Date they take over")
    group.get_by_label("Day").fill(str(started.day))
    group.get_by_label("Month").fill(str(started.month))
    group.get_by_label("Year").fill(str(started.year))
    page.get_by_label("Reason for a date in the past").fill(
        "Appointed ten days ago; the change was not entered then."
    )
    visitor.click_button("Change holder")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check this change before you make it"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "office-change-confirm-1280.png"), full_page=True)
    visitor.click_button("Confirm change of holder")
    expect(page.get_by_text("Manager holds the office of Head of Service")).to_be_visible()
    head = OfficeHolding.objects.get(person=council.head)
    assert head.ends_on == started - dt.timedelta(days=1)

    # A deputy due to start can be withdrawn from the deputies page; the page passes axe too.
    hold_office(
        council.officer,
        OfficeKind.HEAD_OF_SERVICE,
        service=council.housing,
        role=HoldingRole.DEPUTY,
        starts_on=clock.today() + dt.timedelta(days=5),
    )
    page.get_by_role("link", name=re.compile(r"Add or end a deputy.*Housing Options")).click()
    page.wait_for_load_state()
    visitor.check()
    visitor.click_button("Withdraw Officer as deputy")
    expect(page.get_by_text("Officer will not be a deputy")).to_be_visible()
