"""The annual round end to end on the demo council, with axe on every page: the Monitoring
Officer opens a round, the officer is warned about a nil return, reviews their interests and
confirms, and the daily run reminds everyone else once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from probity.core import clock
from probity.cycle.choices import MembershipState, NoticeKind
from probity.cycle.models import Notice, Round, RoundMembership
from probity.cycle.run import run_daily
from probity.demo.personas import DEMO_PASSWORD
from tests.e2e.conftest import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_annual_round_on_the_demo(visitor: Visitor) -> None:
    call_command("load_demo")
    page = visitor.page
    deadline = clock.today() + dt.timedelta(days=60)

    visitor.sign_in("mo", DEMO_PASSWORD)
    visitor.click_link("Annual rounds")
    visitor.click_button("Open a round")
    visitor.click_button("Open the round")  # nothing filled in: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Title of the round").fill("Annual return 2027")
    group = page.get_by_role("group", name="Deadline")
    group.get_by_label("Day").fill(str(deadline.day))
    group.get_by_label("Month").fill(str(deadline.month))
    group.get_by_label("Year").fill(str(deadline.year))
    page.get_by_label("Everyone the code applies to").check()
    visitor.click_button("Open the round")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Annual return 2027")
    round = Round.objects.get(title="Annual return 2027")
    assert round.member_count > 10
    expect(page.locator("#total-outstanding")).to_have_text(str(round.member_count))
    visitor.click_link("See who has not made their return")
    visitor.sign_out()

    visitor.sign_in("officer", DEMO_PASSWORD)
    expect(page.locator("#annual-round")).to_contain_text("Annual return 2027")
    visitor.goto(f"/my-return/{round.pk}/")
    visitor.click_link("I have nothing to declare: make a nil return")
    expect(page.locator("#nil-warning")).to_contain_text("still in force")
    assert page.locator("#nil-contradicting li").count() >= 1
    visitor.click_link("Back to your annual return")
    for _ in range(20):  # each interest checked once; the link then reads "Change"
        if not page.locator("#interests a", has_text="Check").count():
            break
        page.locator("#interests a", has_text="Check").first.click()
        page.wait_for_load_state()
        visitor.check()
        page.get_by_label("Yes, it is still current").check()
        visitor.click_button("Save and continue")
    visitor.click_button("Confirm my declarations are complete")
    expect(page.locator(".govuk-panel")).to_contain_text("Return made")
    visitor.goto("/")
    expect(page.locator("main")).not_to_contain_text("Annual return 2027")
    officer = RoundMembership.objects.get(round=round, person__user__username="officer")
    assert officer.state == MembershipState.CONFIRMED

    mail.outbox.clear()
    reminder_day = deadline - dt.timedelta(days=30)
    for hour in (6, 7):
        moment = dt.datetime.combine(reminder_day, dt.time(hour), tzinfo=dt.UTC)
        with clock.frozen(moment):
            report = run_daily(now=moment, base_url=visitor.base_url, audit_check=False)
        assert report.ok, report.parts
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    outstanding = RoundMembership.objects.filter(
        round=round, state=MembershipState.OUTSTANDING, person__email__gt=""
    ).count()
    assert len(reminders) == outstanding
    assert len({tuple(m.to) for m in reminders}) == len(reminders)  # once each
    assert not [m for m in reminders if officer.person.email in m.to]
    assert Notice.objects.filter(round=round, kind=NoticeKind.REMINDER).count() == (
        RoundMembership.objects.filter(round=round, state=MembershipState.OUTSTANDING).count()
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_monitoring_officer_reads_how_far_the_round_has_got_and_closes_it(
    visitor: Visitor, width: int
) -> None:
    call_command("load_demo")  # this year's round: opened ten days ago, due in three weeks
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})
    round = Round.objects.get()
    visitor.sign_in("mo", DEMO_PASSWORD)
    visitor.goto("/dashboard/")
    visitor.click_link("Annual round: done by directorate")
    expect(page.get_by_role("img", name=f"{round.title}: returns by directorate")).to_be_visible()
    table = page.get_by_role("table", name="Annual round: done by directorate: the figures")
    expect(table).to_contain_text("Done %")
    expect(
        page.get_by_role("img", name=f"{round.title}: returns made so far, each day")
    ).to_be_visible()
    expect(page.locator("#round-days-heading")).to_have_text("Annual round: returns made over time")
    # Nothing wider than the screen but the tables, which scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    visitor.check("round-dashboard")

    visitor.goto(f"/annual-round/{round.pk}/")
    expect(page.locator("#total-percent")).to_contain_text("%")
    visitor.click_link("Close this round")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to close this round?"
    )
    visitor.click_button("Close the round")  # before the deadline: a reason first
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why")
    page.get_by_label("Why are you closing the round before its deadline?").fill(
        "The round was opened with the wrong deadline"
    )
    visitor.click_button("Close the round")
    expect(page.locator("#round-closed")).to_contain_text(
        "The round was opened with the wrong deadline"
    )
    visitor.check("round-closed")
    round.refresh_from_db()
    assert round.is_closed
    assert not RoundMembership.objects.filter(
        round=round, state=MembershipState.OUTSTANDING
    ).exists()
    visitor.sign_out()

    visitor.sign_in("officer", DEMO_PASSWORD)
    expect(page.locator("#annual-round")).to_have_count(0)
    visitor.goto(f"/my-return/{round.pk}/")
    expect(page.locator("#return-closed")).to_be_visible()
