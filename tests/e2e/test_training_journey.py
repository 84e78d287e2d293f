"""Training and induction end to end on the demo council, with axe on every page: the
Monitoring Officer adds an induction session and records who attended, and a new starter sees
their induction checklist on their home page, the session ticked off."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from probity.core import clock
from probity.cycle.models import Attendance, InductionChecklist, TrainingSession
from probity.demo.personas import DEMO_PASSWORD
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


def test_training_and_induction_on_the_demo(visitor: Visitor) -> None:
    call_command("load_demo")
    page = visitor.page
    starter = User.objects.get(username="leah.morgan")
    starter.set_password(DEMO_PASSWORD)
    starter.save()
    assert InductionChecklist.objects.filter(person__user=starter).exists()

    visitor.sign_in("mo", DEMO_PASSWORD)
    visitor.click_link("Training sessions")
    visitor.click_button("Add a session")
    visitor.click_button("Add the session")  # nothing filled in: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    today = clock.today()
    page.get_by_label("Title of the session").fill("Induction: the code, December")
    group = page.get_by_role("group", name="Date of the session")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Induction", exact=True).check()
    visitor.click_button("Add the session")
    expect(page.locator("h1")).to_have_text("Induction: the code, December")
    page.get_by_label("Find people by name, email address or employee number").fill("Leah")
    visitor.click_button("Find people")
    visitor.click_button("Record as attended")  # nobody ticked: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one person")
    page.get_by_label("Leah Morgan", exact=False).check()
    visitor.click_button("Record as attended")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 person recorded")
    expect(page.locator("#attendees")).to_contain_text("Leah Morgan")
    session = TrainingSession.objects.get(title="Induction: the code, December")
    assert Attendance.objects.filter(session=session, person__user=starter).exists()
    # Ticked by mistake: removed with a reason, then recorded again.
    visitor.click_link("Remove Leah Morgan")
    expect(page.locator("h1")).to_have_text("Remove Leah Morgan from this session?")
    visitor.click_button("Remove the attendance")  # no reason: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are removing this attendance"
    )
    page.get_by_label("Why are you removing it?").fill("Ticked the wrong Leah.")
    visitor.click_button("Remove the attendance")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Leah Morgan is no longer recorded as attending"
    )
    assert not Attendance.objects.filter(session=session, person__user=starter).exists()
    page.get_by_label("Find people by name, email address or employee number").fill("Leah")
    visitor.click_button("Find people")
    page.get_by_label("Leah Morgan", exact=False).check()
    visitor.click_button("Record as attended")
    assert Attendance.objects.filter(session=session, person__user=starter).exists()
    visitor.click_link("Import who attended from a file")
    visitor.goto("/training/due/")
    expect(page.locator("#due")).to_be_visible()
    visitor.goto("/induction/")
    expect(page.locator("#inductions")).to_contain_text("Leah Morgan")
    visitor.goto("/settings/annual-round/")
    expect(page.get_by_label("Days a new starter has to complete their induction")).to_have_value(
        "28"
    )
    visitor.sign_out()

    visitor.sign_in("leah.morgan", DEMO_PASSWORD)
    expect(page.locator("#induction")).to_contain_text("Your induction")
    expect(page.locator("#induction-training")).to_contain_text("done")
    expect(page.locator("#induction-declare")).to_contain_text("Make your declarations")
    expect(page.locator("#my-training")).to_contain_text("Induction: the code, December")
    page.locator("#induction-declare a").click()
    page.wait_for_load_state()
    visitor.check()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        visitor.goto("/")
