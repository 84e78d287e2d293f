"""An anonymous concern from report to disciplinary result, through the real pages, with axe on
every page visited: the reporter sends it without signing in, the Monitoring Officer asks a
question, the reporter answers with their case key, the concern is closed with an outcome, a
breach case is opened from it and its disciplinary result recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from playwright.sync_api import FilePayload, expect

from conftest import Council
from probity.concerns.models import BreachCase, Concern
from probity.core import clock
from probity.core.clock import LONDON
from probity.core.models import AuditEvent
from tests.e2e.conftest import Visitor
from tests.e2e.test_journeys import PASSWORD, fill_date

pytestmark = pytest.mark.django_db(transaction=True)

REPORTER_PASSWORD = "blue kettle over the hill"


@pytest.fixture(autouse=True)
def wednesday_morning() -> Iterator[None]:
    cache.clear()
    with clock.frozen(dt.datetime(2027, 3, 3, 10, 0, tzinfo=LONDON)):
        yield


def test_an_anonymous_concern_goes_through_to_a_disciplinary_result(
    visitor: Visitor, council: Council
) -> None:
    page = visitor.page
    main = page.locator("main")
    # A member of the public reports without signing in.
    visitor.goto("/")
    visitor.click_link("Report a concern")
    visitor.click_button("Send your concern")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to give your name")
    page.get_by_label("No, report anonymously").check()
    page.get_by_label("The Monitoring Officer").check()
    page.get_by_label("Fraud or theft").check()
    page.get_by_label("What happened?").fill("Council vans used for a private removals business")
    page.get_by_label("When did it happen?").fill("Saturdays since January")
    page.get_by_label("Choose a password").fill(REPORTER_PASSWORD)
    page.get_by_label("Type the password again").fill(REPORTER_PASSWORD)
    visitor.click_button("Send your concern")
    expect(main).to_contain_text("Your concern has been sent")
    key = page.locator("#case-key code").inner_text().strip()
    assert len(key) >= 40
    concern = Concern.objects.get()
    assert concern.anonymous and concern.reporter is None

    # The Monitoring Officer reads it and asks a question.
    visitor.sign_in("mo", PASSWORD)
    visitor.goto("/concerns/")
    visitor.click_link(concern.reference)
    expect(main).to_contain_text("Council vans used for a private removals business")
    expect(main).to_contain_text("Anonymous")
    visitor.click_link("Send a message to the reporter")
    page.get_by_label("Message to the reporter").fill("Which depot are the vans from?")
    visitor.click_button("Send message")
    expect(main).to_contain_text("Which depot are the vans from?")
    visitor.sign_out()

    # The reporter comes back with the key and answers.
    visitor.goto("/report-a-concern/follow-up/")
    page.get_by_label("Case key").fill(key)
    page.get_by_label("Password").fill(REPORTER_PASSWORD)
    visitor.click_button("Continue")
    expect(main).to_contain_text("Which depot are the vans from?")
    page.get_by_label("Your message").fill("The north depot, vans 12 and 14")
    visitor.click_button("Send message")
    expect(main).to_contain_text("The north depot, vans 12 and 14")
    visitor.click_button("Leave your case")

    # The Monitoring Officer closes it with an outcome, and opens a breach case from it.
    visitor.sign_in("mo", PASSWORD)
    visitor.goto(f"/concerns/{concern.reference}/")
    expect(main).to_contain_text("The north depot, vans 12 and 14")
    visitor.click_link("Set the status and outcome")
    page.get_by_label("Closed").check()
    page.get_by_label("Outcome", exact=True).select_option("upheld")
    page.get_by_label("Reasons for the outcome").fill("Vehicle tracking confirms the journeys")
    fill_date(visitor, "Keep the concern until", "3", "3", "2033")
    visitor.click_button("Save")
    expect(main).to_contain_text("Upheld")
    visitor.click_link("Open a breach case from this concern")
    page.get_by_label("Who is the breach case about?").select_option(label="Officer")
    page.get_by_label("What is the suspected breach?").fill(
        "Used council vans for a private business"
    )
    visitor.click_button("Open the breach case")
    case = BreachCase.objects.get()
    expect(main).to_contain_text(case.reference)
    visitor.click_link("Record the investigation and outcome")
    fill_date(visitor, "Investigation started", "3", "3", "2027")
    page.get_by_label("Outcome", exact=True).select_option("disciplinary")
    fill_date(visitor, "Date of the outcome", "3", "3", "2027")
    page.get_by_label("Disciplinary result").select_option("final_warning")
    fill_date(visitor, "Date of the disciplinary result", "3", "3", "2027")
    visitor.click_button("Save")
    expect(main).to_contain_text("Final written warning")
    visitor.goto("/concerns/counts/")
    expect(main).to_contain_text("Concerns by kind")
    visitor.goto("/breach-cases/")
    expect(main).to_contain_text(case.reference)

    # Before closing, a handler would have been chosen and evidence added: the pages work too.
    visitor.goto(f"/concerns/{concern.reference}/")
    visitor.click_link("Choose a handler")
    page.get_by_label("Who should handle this concern?").select_option(label="Stranger")
    visitor.click_button("Save")
    expect(main).to_contain_text("Stranger will handle this concern")
    visitor.click_link("Add evidence")
    evidence: FilePayload = {
        "name": "log.txt",
        "mimeType": "text/plain",
        "buffer": b"Van 12: 3 trips",
    }
    page.get_by_label("Add evidence").set_input_files(files=[evidence])
    visitor.click_button("Save")
    expect(main).to_contain_text("The evidence has been added")
    visitor.click_link("Add a note")
    page.get_by_label("Note for handlers").fill("Tracking data requested from fleet")
    visitor.click_button("Save")
    expect(main).to_contain_text("Tracking data requested from fleet")

    # The audit trail names the reporter only as an anonymous reporter.
    reporter_events = AuditEvent.objects.filter(actor_id__isnull=True, subject=concern.reference)
    assert {e.actor_label for e in reporter_events} == {"anonymous reporter"}
    assert all(e.source == "" for e in reporter_events)
