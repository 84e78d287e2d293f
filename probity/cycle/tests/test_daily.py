"""The daily run against a real database: reminders, digests and renewals, each sent once."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from conftest import Council
from probity.conduct.models import CouncilPolicy
from probity.core import clock
from probity.core.models import AuditEvent, OutgoingEmail
from probity.cycle.choices import MembershipState, NoticeKind
from probity.cycle.daily import cycle_daily
from probity.cycle.models import CycleSettings, Notice, Renewal, RoundMembership
from probity.cycle.run import run_daily
from probity.cycle.tests.helpers import DEADLINE, NOW, at, open_round
from probity.declarations import services as declaration_services
from probity.declarations.choices import DeclarationKind
from probity.declarations.rules import Action
from probity.people.choices import OfficeKind
from probity.people.models import Grade
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db
BASE = "https://probity.example"

Capture = Callable[..., Any]


def run(day: dt.date, capture: Capture) -> None:
    with clock.frozen(at(day)), capture(execute=True):
        cycle_daily(now=clock.now(), base_url=BASE)


def sent_to(username: str) -> list[str]:
    return [str(m.subject) for m in mail.outbox if f"{username}@example.org" in m.to]


def test_reminders_go_once_on_each_day_as_the_clock_moves(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    round = open_round(council)
    day = NOW.date()
    while day <= DEADLINE + dt.timedelta(days=20):
        run(day, django_capture_on_commit_callbacks)
        run(day, django_capture_on_commit_callbacks)  # twice on one day: nothing twice
        day += dt.timedelta(days=1)
    reminders = sent_to("officer")
    reminder_subjects = [s for s in reminders if s.startswith("Reminder")]
    assert len(reminder_subjects) == 5  # 30, 14, 7, 3 and 1 days before
    steps = sorted(
        Notice.objects.filter(
            round=round, person=council.officer, kind=NoticeKind.REMINDER
        ).values_list("step", flat=True)
    )
    assert steps == [1, 3, 7, 14, 30]
    body = next(m.body for m in mail.outbox if council.officer.email in m.to)
    assert f"{BASE}/my-return/{round.pk}/" in body
    assert "30 April 2027" in body


def test_nobody_who_has_made_their_return_is_reminded(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    round = open_round(council)
    from probity.cycle.services import return_confirm

    return_confirm(
        actor=council.officer,
        membership=RoundMembership.objects.get(round=round, person=council.officer),
        now=NOW,
    )
    run(DEADLINE - dt.timedelta(days=30), django_capture_on_commit_callbacks)
    assert sent_to("officer") == []
    assert sent_to("manager")


def test_a_missed_day_sends_the_latest_reminder_only_and_a_setting_changed_while_open(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    open_round(council)
    run(DEADLINE - dt.timedelta(days=10), django_capture_on_commit_callbacks)  # 30 and 14 missed
    assert len(sent_to("officer")) == 1
    CycleSettings.objects.create(reminder_days=[10, 5], escalation_days=[1, 7, 14])
    # The new 10-day point was reached yesterday and nothing that near was sent: it goes now.
    run(DEADLINE - dt.timedelta(days=9), django_capture_on_commit_callbacks)
    run(DEADLINE - dt.timedelta(days=8), django_capture_on_commit_callbacks)
    run(DEADLINE - dt.timedelta(days=5), django_capture_on_commit_callbacks)
    assert len(sent_to("officer")) == 3
    assert sorted(Notice.objects.filter(person=council.officer).values_list("step", flat=True)) == [
        5,
        10,
        14,
    ]


def test_after_the_deadline_each_manager_gets_one_digest_then_the_head_then_the_mo(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    round = open_round(council, now=at(DEADLINE - dt.timedelta(days=3)))
    mail.outbox.clear()
    run(DEADLINE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    run(DEADLINE + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    manager_mail = [m for m in mail.outbox if council.manager.email in m.to]
    assert len(manager_mail) == 1  # officer and contractor in one digest
    assert "Officer" in manager_mail[0].body and "Contractor" in manager_mail[0].body
    assert f"/annual-round/{round.pk}/team/" in manager_mail[0].body
    # The head of service has no line manager: their own return goes to the MO at step 1.
    assert any("Head" in m.body for m in mail.outbox if council.mo.email in m.to)
    # Nobody is told about themselves.
    assert not any("Manager\n" in m.body for m in manager_mail)
    mail.outbox.clear()
    run(DEADLINE + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    head_mail = [m for m in mail.outbox if council.head.email in m.to]
    assert len(head_mail) == 1
    assert all(n in head_mail[0].body for n in ("Officer", "Contractor", "Manager"))
    assert not [m for m in mail.outbox if council.manager.email in m.to]
    mail.outbox.clear()
    run(DEADLINE + dt.timedelta(days=14), django_capture_on_commit_callbacks)
    mo_mail = [m for m in mail.outbox if council.mo.email in m.to]
    assert len(mo_mail) == 1
    assert f"/annual-round/{round.pk}/" in mo_mail[0].body
    mail.outbox.clear()
    for extra in range(15, 20):
        run(DEADLINE + dt.timedelta(days=extra), django_capture_on_commit_callbacks)
    assert mail.outbox == []
    round.refresh_from_db()
    assert round.escalated_step == 3
    assert AuditEvent.objects.filter(action="round.daily").count() == 3


def test_an_approval_with_a_review_date_comes_back_once(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    scale_g = Grade.objects.create(name="Scale G", rank=7)
    CouncilPolicy.objects.create(gift_guidance="Declare it.", consent_grade=scale_g)
    senior = make_person(
        "senior", service=council.housing, line_manager=council.manager, grade=scale_g
    )
    hr = make_person("hr", service=council.planning)
    hold_office(hr, OfficeKind.HR_OD_MANAGER)
    declaration = declaration_services.declaration_submit(
        kind=DeclarationKind.OUTSIDE_EMPLOYMENT,
        actor=senior,
        facts={
            "employer": "Riverside Lettings",
            "role": "Weekend lettings agent",
            "hours": "8 hours a week",
            "starts_on": "2027-04-01",
            "could_conflict": "no",
            "conflict_detail": "",
        },
        submission_token=uuid.uuid4(),
        now=NOW,
    )
    decisions: list[tuple[Any, dict[str, Any]]] = [
        (hr, {}),
        (council.head, {"review_on": dt.date(2027, 9, 1)}),
    ]
    for person, kw in decisions:
        declaration_services.declaration_decide(
            actor=person,
            viewer=viewer_for_person(person=person, today=NOW.date()),
            declaration=declaration,
            action=Action.APPROVE,
            comment="",
            now=NOW,
            **kw,
        )
    mail.outbox.clear()
    run(dt.date(2027, 8, 31), django_capture_on_commit_callbacks)
    assert not Renewal.objects.exists()
    run(dt.date(2027, 9, 1), django_capture_on_commit_callbacks)
    run(dt.date(2027, 9, 1), django_capture_on_commit_callbacks)
    run(dt.date(2027, 9, 2), django_capture_on_commit_callbacks)
    assert Renewal.objects.get().declaration == declaration
    assert sent_to("senior") == [f"Your approval for {declaration.reference} is due for review"]


def test_run_daily_twice_sends_nothing_twice_and_reports_each_part(
    council: Council, django_capture_on_commit_callbacks: Capture
) -> None:
    open_round(council)
    day = DEADLINE - dt.timedelta(days=14)
    with clock.frozen(at(day)), django_capture_on_commit_callbacks(execute=True):
        first = run_daily(now=clock.now(), base_url=BASE)
    emails = OutgoingEmail.objects.count()
    with clock.frozen(at(day, hour=18)), django_capture_on_commit_callbacks(execute=True):
        second = run_daily(now=clock.now(), base_url=BASE)
    assert first.ok and second.ok
    assert [p.name for p in first.parts] == [
        "annual round and renewals",
        "overdue inductions",
        "code reading requests",
        "waiting work",
        "concerns past their keep-until date",
        "sessions",
        "audit chain",
    ]
    assert "8 reminded" in first.parts[0].outcome
    assert "0 reminded" in second.parts[0].outcome
    assert OutgoingEmail.objects.count() == emails
    assert all(e.status == OutgoingEmail.Status.SENT for e in OutgoingEmail.objects.all())


def test_the_command_prints_each_part(council: Council, capsys: pytest.CaptureFixture[str]) -> None:
    open_round(council)
    with clock.frozen(at(DEADLINE - dt.timedelta(days=14))):
        call_command("run_daily")
    out = capsys.readouterr().out
    assert "annual round and renewals: 8 reminded" in out
    assert "audit chain: audit chain intact" in out
    assert RoundMembership.objects.filter(state=MembershipState.OUTSTANDING).count() == 8


def test_run_daily_erases_a_concern_kept_past_its_date(
    council: Council, settings: Any, tmp_path: Any
) -> None:
    from probity.concerns.models import Concern
    from probity.concerns.services import Report, concern_report, status_set

    settings.PROBITY_PRIVATE_FILES_ROOT = tmp_path / "private"
    fraud = make_person("fraud-daily", service=council.planning, full_name="Fraud Manager")
    hold_office(fraud, OfficeKind.FRAUD_MANAGER)
    concern, _ = concern_report(
        report=Report(
            kind="fraud",
            recipient="fraud_manager",
            what="Invoices paid twice",
            when="Since March",
            who="Accounts payable",
            anonymous=True,
            password="a long reporter password",
            attachments=(),
        ),
        signed_in=None,
        now=NOW,
    )
    for status, outcome, keep in (
        ("assessing", "", None),
        ("closed", "not_upheld", NOW.date() + dt.timedelta(days=1)),
    ):
        status_set(
            actor=fraud,
            concern=concern,
            status=status,
            outcome=outcome,
            reasons="No evidence" if outcome else "",
            retain_until=keep,
            now=NOW,
        )
    with clock.frozen(NOW + dt.timedelta(days=3)):
        report = run_daily(now=clock.now(), base_url=BASE, audit_check=False)
    part = next(p for p in report.parts if p.name.startswith("concerns"))
    assert part.ok and part.outcome.startswith("1 concern(s)")
    assert Concern.objects.get(pk=concern.pk).erased_at is not None
