"""The code of conduct end to end: draft, committee, adoption, confirmation; axe on every page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from playwright.sync_api import FilePayload, expect

from conftest import Council
from probity.conduct import code_services as svc
from probity.conduct.documents import DECLARATION_KINDS, parse_text
from probity.conduct.models import CodeConfirmation, DocumentKind, MeetingOutcome, VersionStage
from probity.core import clock
from probity.declarations.choices import DeclarationKind
from tests.e2e.conftest import Visitor

PASSWORD = "correct-horse-battery"

pytestmark = [
    pytest.mark.django_db(transaction=True),
]

FIRST = """1. Introduction
1.1 Staff are expected to behave well.

2. Gifts and hospitality
2.1 Declare gifts worth more than £25.
"""

SECOND = """1. Introduction
1.1 Staff are expected to meet the highest standards.

2. Gifts and hospitality
2.1 Declare every gift or hospitality you are offered, accepted or declined.
- a meal
- tickets to an event

3. Social media
3.1 Think before you post about your work.
"""


def word_file() -> bytes:
    document = Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("Staff are expected to behave well.", style="List Number")
    document.add_heading("Gifts and hospitality", level=1)
    document.add_paragraph("Declare every offer.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fill_date(visitor: Visitor, legend: str, day: dt.date) -> None:
    group = visitor.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def an_earlier_version(council: Council, today: dt.date) -> None:
    """Version 1, adopted a year ago, so the comparison has something to compare."""
    at = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(10), tzinfo=dt.UTC)
    version = svc.draft_start(actor=council.mo, document=DocumentKind.CODE, now=at)
    svc.draft_update_text(
        actor=council.mo,
        version=version,
        title="Officers' code of conduct",
        change_summary="",
        parsed=parse_text(FIRST),
        now=at,
    )
    svc.draft_send_to_committee(actor=council.mo, version=version, now=at)
    svc.committee_decision_record(
        actor=council.mo,
        version=version,
        committee="Standards Committee",
        meeting_date=today - dt.timedelta(days=390),
        outcome=MeetingOutcome.RECOMMENDED,
        now=at,
    )
    svc.adoption_record(
        actor=council.mo,
        version=version,
        body="Full Council",
        meeting_date=today - dt.timedelta(days=380),
        outcome=MeetingOutcome.ADOPTED,
        takes_effect_on=today - dt.timedelta(days=370),
        review_due_on=today + dt.timedelta(days=700),
        now=at,
    )


def test_conduct_knows_every_declaration_kind() -> None:
    """conduct keeps the kinds as strings (it sits below declarations): they must still match."""
    assert set(DECLARATION_KINDS) == {kind.value for kind in DeclarationKind}


def test_a_new_version_is_drafted_adopted_read_and_confirmed(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    today = clock.today()
    an_earlier_version(council, today)

    # The Monitoring Officer drafts version 2.
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/code/manage/")
    visitor.click_link("Start a new draft of the officers' code of conduct")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a new draft")
    visitor.click_button("Start the draft")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 2: draft")

    # A Word document: a broken one changes nothing; a real one becomes the draft's sections.
    visitor.click_link("Import the text from a Word or text file")
    upload = page.get_by_label("Upload a file")
    upload.set_input_files(
        files=FilePayload(name="code.docx", mimeType="application/octet-stream", buffer=b"PK junk")
    )
    visitor.click_button("Import the file")
    expect(page.locator(".govuk-error-summary")).to_contain_text("could not be opened")
    upload.set_input_files(
        files=FilePayload(name="code.docx", mimeType="application/octet-stream", buffer=word_file())
    )
    visitor.click_button("Import the file")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 sections")

    visitor.click_link("Change the text")
    expect(page.get_by_label("Text of the code")).to_have_value(re.compile("Declare every offer"))
    page.get_by_label("Text of the code").fill("2.1 A paragraph before any heading")
    visitor.click_button("Save the text")
    expect(page.locator(".govuk-error-summary")).to_contain_text("comes before the first section")
    page.get_by_label("Text of the code").fill(SECOND)
    page.get_by_label("What has changed from the version before?").fill(
        "Every gift is declared, and there is a new section on social media."
    )
    visitor.click_button("Save the text")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")

    visitor.click_link("Change the declarations section 2 asks for")
    page.get_by_label("Gift or hospitality").check()
    visitor.click_button("Save")

    visitor.click_link("Send to committee")
    visitor.click_button("Send to committee")
    expect(page.get_by_role("heading", level=1)).to_contain_text("with committee")

    # The committee recommends it; full Council adopts it, in force from today.
    visitor.click_link("Record the committee\N{RIGHT SINGLE QUOTATION MARK}s decision")
    visitor.click_button("Save decision")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what the committee decided"
    )
    page.get_by_label("Name of the committee").fill("Standards Committee")
    fill_date(visitor, "Date of the meeting", today)
    page.get_by_label("Recommended for adoption").check()
    visitor.click_button("Save decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text("waiting for adoption")

    visitor.click_link("Record the adoption decision")
    page.get_by_label("Full Council").check()
    fill_date(visitor, "Date of the meeting", today)
    page.get_by_label("Adopted", exact=True).check()
    fill_date(visitor, "Date it takes effect", today)
    fill_date(visitor, "Date its review is due", today + dt.timedelta(days=3 * 365))
    visitor.click_button("Save decision")
    expect(page.get_by_role("heading", level=1)).to_contain_text("in force")

    # The public page, the comparison and the list of who has read it.
    visitor.click_link("Read the published version")
    visitor.goto("/code/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Officers' code of conduct")
    visitor.click_link("Compare with version 1")
    expect(page.locator("ins.app-diff-added").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Section added")
    visitor.goto("/code/confirmations/?status=outstanding")
    expect(page.locator("#people")).to_contain_text("Officer")
    visitor.sign_out()

    # An officer reads the code, follows a duty to its form, then confirms.
    visitor.sign_in("officer", PASSWORD)
    visitor.goto("/code/")
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("confirm you have read it")
    visitor.click_link("Declare a gift or hospitality offer")
    expect(page).to_have_url(f"{visitor.base_url}/declare/gift-or-hospitality/")
    page.go_back()
    page.wait_for_load_state()
    visitor.click_link("confirm you have read it")
    visitor.click_button("Confirm")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that you have read")
    page.get_by_label("I have read this version of the code").check()
    visitor.click_button("Confirm")
    expect(page.locator(".govuk-panel")).to_contain_text("You have read version 2")
    visitor.sign_out()

    confirmation = CodeConfirmation.objects.get()
    assert confirmation.person == council.officer
    assert confirmation.version.number == 2
    assert confirmation.version.stage == VersionStage.ADOPTED

    # The Monitoring Officer's list has changed.
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/code/confirmations/?status=confirmed")
    expect(page.locator("#people")).to_contain_text("Officer")
    expect(page.locator("#people")).not_to_contain_text("Contractor")
    visitor.goto("/code/versions/")
    visitor.click_link("Version 1")
    expect(page.locator(".govuk-warning-text")).to_contain_text("This version has been replaced")
    visitor.goto("/code/versions/2/print/")
