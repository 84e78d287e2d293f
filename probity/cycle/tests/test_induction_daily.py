"""Overdue inductions in the daily run: the line manager once, the Monitoring Officer once, as
the clock moves; run twice on a day, nothing is sent twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from conftest import Council
from probity.core import clock
from probity.core.models import OutgoingEmail
from probity.cycle.choices import SessionKind
from probity.cycle.induction import induction_daily
from probity.cycle.models import InductionChecklist
from probity.cycle.run import run_daily
from probity.cycle.services import cycle_settings_update
from probity.cycle.tests.helpers import at
from probity.cycle.training_services import attendance_record, training_session_create
from probity.people.choices import PersonKind
from probity.people.models import Person
from probity.people.org_services import PersonValues, person_add

pytestmark = pytest.mark.django_db
BASE = "https://probity.example"
START = dt.date(2027, 3, 1)
ADDED = at(START, 9)
DEADLINE = START + dt.timedelta(days=28)
Capture = Callable[..., Any]


def add_starter(council: Council, name: str, **changes: Any) -> Person:
    values: dict[str, Any] = {
        "employee_number": name.upper(),
        "full_name": name.title(),
        "email": f"{name}@example.org",
        "job_title": "Officer",
        "grade": None,
        "service": council.housing,
        "line_manager": council.manager,
        "start_date": START,
        "kind": PersonKind.EMPLOYEE,
    }
    values.update(changes)
    return person_add(actor=council.mo, values=PersonValues(**values), now=ADDED)


def subjects(to: str) -> list[str]:
    return [str(m.subject) for m in mail.outbox if to in m.to]


def run(day: dt.date, capture: Capture, hour: int = 6) -> None:
    with clock.frozen(at(day, hour)), capture(execute=True):
        induction_daily(now=clock.now(), base_url=BASE)


def test_a_70_day_walk_tells_the_manager_then_the_monitoring_officer_once_each(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    ann = add_starter(council, "ann")
    bob = add_starter(council, "bob")
    orphan = add_starter(council, "orphan", line_manager=None)
    done = add_starter(council, "done")
    session = training_session_create(
        actor=council.mo, title="Induction", held_on=START, kind=SessionKind.INDUCTION, now=ADDED
    )
    attendance_record(actor=council.mo, session=session, person_ids=[done.pk], now=ADDED)
    mail.outbox.clear()
    manager_days: list[dt.date] = []
    officer_days: list[dt.date] = []
    day = START
    while day <= START + dt.timedelta(days=70):
        before_manager = len(subjects(council.manager.email))
        before_officer = len(subjects(council.mo.email))
        run(day, django_capture_on_commit_callbacks)
        run(day, django_capture_on_commit_callbacks, hour=18)  # twice a day: nothing twice
        if len(subjects(council.manager.email)) > before_manager:
            manager_days.append(day)
        if len(subjects(council.mo.email)) > before_officer:
            officer_days.append(day)
        day += dt.timedelta(days=1)
    # "done" has only attended: still overdue, so the manager's digest lists three people.
    assert manager_days == [DEADLINE + dt.timedelta(days=1)]
    assert subjects(council.manager.email) == ["3 new starters have not finished their induction"]
    body = next(m.body for m in mail.outbox if council.manager.email in m.to)
    assert "Ann" in body and "Bob" in body and "Done" in body and "Orphan" not in body
    assert f"{BASE}/induction/" in body
    # The Monitoring Officer: the one with no line manager at once, the rest two weeks later.
    assert officer_days == [DEADLINE + dt.timedelta(days=1), DEADLINE + dt.timedelta(days=15)]
    assert subjects(council.mo.email) == ["1 overdue induction", "3 overdue inductions"]
    assert subjects(council.deputy.email) == subjects(council.mo.email)  # deputies too
    for person in (ann, bob, orphan):
        checklist = InductionChecklist.objects.get(person=person)
        assert checklist.officer_told_on is not None


def test_a_completed_or_left_starter_is_never_reported(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    gone = add_starter(council, "gone")
    Person.objects.filter(pk=gone.pk).update(leaving_date=START + dt.timedelta(days=5))
    mail.outbox.clear()
    run(DEADLINE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    run(DEADLINE + dt.timedelta(days=20), django_capture_on_commit_callbacks)
    assert not mail.outbox


def test_run_daily_twice_on_one_day_sends_nothing_twice(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    add_starter(council, "ann")
    day = DEADLINE + dt.timedelta(days=1)
    with clock.frozen(at(day)), django_capture_on_commit_callbacks(execute=True):
        first = run_daily(now=clock.now(), base_url=BASE, audit_check=False)
    emails = OutgoingEmail.objects.count()
    with clock.frozen(at(day, 18)), django_capture_on_commit_callbacks(execute=True):
        second = run_daily(now=clock.now(), base_url=BASE, audit_check=False)
    part = next(p for p in first.parts if p.name == "overdue inductions")
    again = next(p for p in second.parts if p.name == "overdue inductions")
    assert part.ok and part.outcome == "1 overdue induction(s) reported in 1 digest(s)"
    assert again.outcome == "0 overdue induction(s) reported in 0 digest(s)"
    assert OutgoingEmail.objects.count() == emails


def test_the_councils_days_for_the_monitoring_officer_apply_to_inductions_already_overdue(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    """The setting changed after the line manager was told: the Monitoring Officer is told on
    the new day, counted from the deadline, and the email says how many days."""
    add_starter(council, "ann")
    run(DEADLINE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert subjects(council.mo.email) == []
    cycle_settings_update(
        actor=council.mo,
        reminder_days=[30, 7],
        escalation_days=[1, 7, 14],
        refresher_years=3,
        induction_officer_days=5,
        now=at(DEADLINE + dt.timedelta(days=2), 12),
    )
    run(DEADLINE + dt.timedelta(days=5), django_capture_on_commit_callbacks)
    assert subjects(council.mo.email) == []
    run(DEADLINE + dt.timedelta(days=6), django_capture_on_commit_callbacks)
    assert subjects(council.mo.email) == ["1 overdue induction"]
    body = next(m.body for m in mail.outbox if council.mo.email in m.to)
    assert "deadline passed more than 5 days ago" in body
    run(DEADLINE + dt.timedelta(days=15), django_capture_on_commit_callbacks)
    assert subjects(council.mo.email) == ["1 overdue induction"]  # never twice
