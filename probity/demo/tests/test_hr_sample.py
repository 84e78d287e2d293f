"""The demo's sample HR file: against the demo council it adds one starter, marks one leaver and
gives the Housing Options Officer a new line manager, who gets the work waiting for the old one."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.core import clock
from probity.core.audit import audit_chain_check
from probity.declarations.choices import AssignmentPurpose, StepState
from probity.declarations.models import StepAssignment
from probity.demo.hr_sample import demo_hr_file
from probity.demo.loader import load_demo
from probity.people import feed_services
from probity.people.feed_files import read_csv
from probity.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_sample_file_shows_a_starter_a_leaver_and_a_new_manager() -> None:
    load_demo()
    now = clock.now()
    today = now.astimezone(clock.LONDON).date()
    rows = read_csv(demo_hr_file(today=today))
    plan = feed_services.plan_rows(rows, full=True, today=today)
    assert plan.errors == []
    assert [a.record["full_name"] for a in plan.adds] == ["Sam Okafor"]
    assert [c.after for c in plan.changes] == [
        {"line_manager": Person.objects.get(user__username="kevin.marsden").employee_number}
    ]
    assert [c.after for c in plan.leavers] == [
        {"leaving_date": (today + dt.timedelta(days=28)).isoformat()}
    ]
    assert plan.missing == []

    officer = Person.objects.get(user__username="officer")
    waiting_for_manager = StepAssignment.objects.filter(
        declaration__declarant=officer,
        step__key="line_manager",
        step__state=StepState.WAITING,
        purpose=AssignmentPurpose.ACT,
    )
    assert set(waiting_for_manager.values_list("person__user__username", flat=True)) == {"manager"}
    feed_services.feed_apply(rows=rows, full=True, user=None, now=now)
    officer.refresh_from_db()
    assert officer.line_manager is not None
    assert officer.line_manager.user is not None
    assert officer.line_manager.user.username == "kevin.marsden"
    assert set(waiting_for_manager.values_list("person__user__username", flat=True)) == {
        "kevin.marsden"
    }
    assert audit_chain_check().intact
    again = feed_services.plan_rows(rows, full=True, today=today)
    assert not again.changes_anything
