"""Training and induction against the database: sessions, attendance by hand and by file,
checklists for new starters (by hand and from the HR file), and items completing themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import Council
from probity.conduct.code_services import confirmation_record
from probity.conduct.tests.factories import adopted_version
from probity.core.models import AuditEvent
from probity.cycle import training_services as svc
from probity.cycle.choices import ImportStatus, SessionKind
from probity.cycle.models import Attendance, InductionChecklist, TrainingSession
from probity.cycle.rules import StarterFacts, is_new_starter, refresher_due
from probity.cycle.selectors import cycle_settings
from probity.cycle.services import cycle_settings_update
from probity.cycle.training_selectors import (
    checklist_for_home,
    checklists_with_items,
    items_of,
    new_starter_filter,
    refresher_rows,
)
from probity.declarations import services as declaration_services
from probity.declarations.tests.factories import gift_facts
from probity.people import feed_services
from probity.people.choices import OfficeKind, PersonKind
from probity.people.feed import COLUMNS
from probity.people.feed_files import FileProblem, read_csv, write_csv
from probity.people.models import Person
from probity.people.org_services import PersonValues, person_add, person_change
from probity.people.tests.factories import hold_office, make_person, person_values

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning, employee_number="H1")
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def session(actor: Person, kind: SessionKind = SessionKind.INDUCTION) -> TrainingSession:
    return svc.training_session_create(
        actor=actor, title="Code induction", held_on=TODAY, kind=kind, now=NOW
    )


def starter(council: Council, actor: Person, **changes: Any) -> Person:
    values: dict[str, Any] = {
        "employee_number": "S1",
        "full_name": "Sam Starter",
        "email": "sam@example.org",
        "job_title": "Officer",
        "grade": None,
        "service": council.housing,
        "line_manager": council.manager,
        "start_date": TODAY - dt.timedelta(days=3),
        "kind": PersonKind.EMPLOYEE,
    }
    values.update(changes)
    return person_add(actor=actor, values=PersonValues(**values), now=NOW)


def test_hr_and_the_monitoring_officer_add_sessions_others_cannot(
    council: Council, hr: Person
) -> None:
    for actor in (hr, council.mo, council.deputy):
        added = session(actor)
        assert AuditEvent.objects.filter(
            action="training.session_added", target_id=str(added.pk)
        ).exists()
    for actor in (council.officer, council.manager, council.auditor):
        with pytest.raises(PermissionDenied):
            session(actor)


def test_attendance_by_hand_adds_each_person_once(council: Council, hr: Person) -> None:
    s = session(hr)
    ids = [council.officer.pk, council.manager.pk]
    assert svc.attendance_record(actor=hr, session=s, person_ids=ids, now=NOW) == 2
    assert svc.attendance_record(actor=hr, session=s, person_ids=ids, now=NOW) == 0
    assert Attendance.objects.filter(session=s).count() == 2
    assert AuditEvent.objects.filter(action="training.attendance_recorded").count() == 1
    with pytest.raises(PermissionDenied):
        svc.attendance_record(actor=council.officer, session=s, person_ids=ids, now=NOW)


def attendance_file(*rows: tuple[str, str]) -> bytes:
    lines = ["employee_number,email", *(f"{n},{e}" for n, e in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_file_is_previewed_then_applied_all_at_once_and_twice_adds_nothing(
    council: Council, hr: Person
) -> None:
    council.officer.employee_number = "O1"
    council.officer.save()
    s = session(hr)
    data = attendance_file(("O1", ""), ("", council.manager.email.upper()))
    record, plan = svc.attendance_import_receive(
        actor=hr, session=s, filename="sheet.csv", data=data, now=NOW
    )
    assert len(plan.adds) == 2 and not plan.errors
    assert not Attendance.objects.exists()  # the preview records nothing
    added = svc.attendance_import_apply(
        actor=hr, record=record, expected_digest=plan.digest(), now=NOW
    )
    assert added == 2
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    with pytest.raises(svc.TrainingRefused):  # a second click
        svc.attendance_import_apply(actor=hr, record=record, expected_digest=plan.digest(), now=NOW)
    again, plan2 = svc.attendance_import_receive(
        actor=hr, session=s, filename="sheet.csv", data=data, now=NOW
    )
    assert not plan2.adds and len(plan2.already) == 2
    assert (
        svc.attendance_import_apply(actor=hr, record=again, expected_digest=plan2.digest(), now=NOW)
        == 0
    )
    assert Attendance.objects.filter(session=s).count() == 2


def test_a_file_with_any_bad_row_records_nobody(council: Council, hr: Person) -> None:
    s = session(hr)
    data = attendance_file(("", council.officer.email), ("NOPE", ""))
    record, plan = svc.attendance_import_receive(
        actor=hr, session=s, filename="sheet.csv", data=data, now=NOW
    )
    assert [(e.row, e.message) for e in plan.errors] == [(3, "No one has the employee number NOPE")]
    with pytest.raises(svc.TrainingRefused, match="1 row with errors"):
        svc.attendance_import_apply(actor=hr, record=record, expected_digest=plan.digest(), now=NOW)
    assert not Attendance.objects.exists()


def test_a_preview_out_of_date_is_not_applied(council: Council, hr: Person) -> None:
    s = session(hr)
    record, plan = svc.attendance_import_receive(
        actor=hr,
        session=s,
        filename="a.csv",
        data=attendance_file(("", council.officer.email)),
        now=NOW,
    )
    svc.attendance_record(actor=hr, session=s, person_ids=[council.officer.pk], now=NOW)
    with pytest.raises(svc.TrainingRefused, match="changed since the preview"):
        svc.attendance_import_apply(actor=hr, record=record, expected_digest=plan.digest(), now=NOW)


def test_a_file_without_either_column_cannot_be_read(council: Council, hr: Person) -> None:
    with pytest.raises(FileProblem, match="employee_number column or an email column"):
        svc.attendance_import_receive(
            actor=hr, session=session(hr), filename="a.csv", data=b"name\r\nAnn\r\n", now=NOW
        )


# Induction checklists ----------------------------------------------------------------------------


def test_someone_added_on_the_people_pages_gets_a_checklist_if_they_are_new(
    council: Council, hr: Person
) -> None:
    new = starter(council, hr)
    checklist = InductionChecklist.objects.get(person=new)
    assert checklist.start_date == TODAY - dt.timedelta(days=3)
    assert checklist.deadline == TODAY + dt.timedelta(days=25)
    assert AuditEvent.objects.filter(action="induction.started").count() == 1
    old = starter(
        council, hr, employee_number="S2", email="old@example.org", start_date=dt.date(2010, 1, 1)
    )
    none = starter(council, hr, employee_number="S3", email="none@example.org", start_date=None)
    assert not InductionChecklist.objects.filter(person__in=[old, none]).exists()


def test_a_start_date_moved_into_the_period_gives_one_checklist_once(
    council: Council, hr: Person
) -> None:
    person = starter(council, hr, start_date=None)
    assert not InductionChecklist.objects.filter(person=person).exists()
    person_change(actor=hr, person=person, values=person_values(person, start_date=TODAY), now=NOW)
    assert InductionChecklist.objects.filter(person=person).count() == 1
    person.refresh_from_db()
    person_change(
        actor=hr,
        person=person,
        values=person_values(person, start_date=TODAY + dt.timedelta(days=7)),
        now=NOW,
    )
    # re-announced (a person re-added): still one checklist, with its first deadline
    with transaction.atomic():
        assert svc.checklists_for_starters(person_ids=frozenset({person.pk}), now=NOW) == 0
    assert InductionChecklist.objects.filter(person=person).count() == 1


def test_the_induction_days_setting_sets_new_deadlines(council: Council, hr: Person) -> None:
    cycle_settings_update(
        actor=council.mo,
        reminder_days=[30, 14, 7, 3, 1],
        escalation_days=[1, 7, 14],
        refresher_years=3,
        induction_days=10,
        now=NOW,
    )
    assert cycle_settings().induction_days == 10
    new = starter(council, hr)
    assert InductionChecklist.objects.get(person=new).deadline == TODAY + dt.timedelta(days=7)
    late = starter(
        council,
        hr,
        employee_number="S9",
        email="late@example.org",
        start_date=TODAY - dt.timedelta(days=11),
    )
    assert not InductionChecklist.objects.filter(person=late).exists()


def hr_row(number: str, start: str, **changes: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        employee_number=number,
        first_name="Pat",
        last_name=f"Person {number}",
        email=f"p{number}@example.org",
        service="Housing Options",
        start_date=start,
        kind="employee",
    )
    row.update(changes)
    return row


def test_the_first_hr_file_of_a_workforce_gives_checklists_only_to_new_starters(
    council: Council,
) -> None:
    rows = [hr_row(f"E{i:04d}", "2015-06-01") for i in range(300)]
    rows += [
        hr_row("N1", "2027-03-01"),
        hr_row("N2", "2027-04-01"),  # starts next month
        hr_row("N3", "2027-02-03"),  # deadline today
        hr_row("N4", "2027-02-02"),  # a day too early
        hr_row("N5", ""),  # no start date
        hr_row("N6", "2027-03-01", end_date="2027-03-02"),  # left already
        hr_row("N7", "2027-03-01", kind="agency"),
    ]
    with CaptureQueriesContext(connection) as queries:
        feed_services.feed_apply(rows=read_csv(write_csv(rows)), full=False, user=None, now=NOW)
    given = set(InductionChecklist.objects.values_list("person__employee_number", flat=True))
    assert given == {"N1", "N2", "N3", "N7"}
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "cycle_inductionchecklist"')
    ]
    assert len(inserts) == 1  # one INSERT ... SELECT for the whole file
    # The same file again gives nobody a second checklist.
    feed_services.feed_apply(rows=read_csv(write_csv(rows)), full=False, user=None, now=NOW)
    assert InductionChecklist.objects.count() == 4


def test_the_new_starter_rule_and_its_query_agree(council: Council) -> None:
    days = 28
    cases = [
        (PersonKind.EMPLOYEE, TODAY, None),
        (PersonKind.EMPLOYEE, TODAY - dt.timedelta(days=28), None),
        (PersonKind.EMPLOYEE, TODAY - dt.timedelta(days=29), None),
        (PersonKind.EMPLOYEE, TODAY + dt.timedelta(days=40), None),
        (PersonKind.EMPLOYEE, None, None),
        (PersonKind.EMPLOYEE, TODAY, TODAY - dt.timedelta(days=1)),
        (PersonKind.EMPLOYEE, TODAY, TODAY),
        (PersonKind.CONTRACTOR, TODAY, None),
        (PersonKind.AGENCY, TODAY, None),
        (PersonKind.COUNCILLOR, TODAY, None),
    ]
    people = [
        make_person(f"case{i}", kind=kind, start_date=start, leaving_date=leaving)
        for i, (kind, start, leaving) in enumerate(cases)
    ]
    selected = set(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .filter(new_starter_filter(today=TODAY, induction_days=days))
        .values_list("pk", flat=True)
    )
    for person in people:
        facts = StarterFacts(person.kind, person.start_date, person.leaving_date)
        assert (person.pk in selected) is is_new_starter(facts, today=TODAY, induction_days=days)


def items(person: Person) -> tuple[bool, bool, bool]:
    found = items_of(checklists_with_items().get(person=person))
    return found.code_read, found.declared, found.trained


def test_items_complete_themselves_from_what_is_recorded(council: Council, hr: Person) -> None:
    new = starter(council, hr)
    version = adopted_version(council.mo, text="1. Scope\n\n1.1 It applies to you.")
    assert items(new) == (False, False, False)
    confirmation_record(person=new, version=version, now=NOW)
    assert items(new) == (True, False, False)
    declaration_services.gift_declare(
        actor=new, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )
    assert items(new) == (True, True, False)
    refresher = session(hr, SessionKind.REFRESHER)
    svc.attendance_record(actor=hr, session=refresher, person_ids=[new.pk], now=NOW)
    assert items(new) == (True, True, False)  # only an induction session counts
    svc.attendance_record(actor=hr, session=session(hr), person_ids=[new.pk], now=NOW)
    assert items(new) == (True, True, True)
    assert checklist_for_home(person=new, today=TODAY) is None  # complete: no longer shown


def test_the_refresher_list_and_the_rule_agree(council: Council, hr: Person) -> None:
    years = 3
    old = svc.training_session_create(
        actor=hr, title="Old", held_on=dt.date(2023, 1, 10), kind=SessionKind.REFRESHER, now=NOW
    )
    edge = svc.training_session_create(
        actor=hr, title="Edge", held_on=dt.date(2024, 3, 3), kind=SessionKind.REFRESHER, now=NOW
    )
    recent = session(hr)
    svc.attendance_record(actor=hr, session=old, person_ids=[council.officer.pk], now=NOW)
    svc.attendance_record(actor=hr, session=edge, person_ids=[council.manager.pk], now=NOW)
    svc.attendance_record(
        actor=hr, session=old, person_ids=[council.head.pk, council.mo.pk], now=NOW
    )
    svc.attendance_record(actor=hr, session=recent, person_ids=[council.head.pk], now=NOW)
    due = set(refresher_rows(today=TODAY, years=years).values_list("pk", flat=True))
    last = {
        council.officer.pk: dt.date(2023, 1, 10),
        council.manager.pk: dt.date(2024, 3, 3),
        council.head.pk: TODAY,
        council.mo.pk: dt.date(2023, 1, 10),
        council.stranger.pk: None,
    }
    for person_id, trained in last.items():
        assert (person_id in due) is refresher_due(trained, today=TODAY, years=years)
    assert council.councillor.pk not in due  # the code does not apply to councillors
    housing = set(
        refresher_rows(today=TODAY, years=years, service_id=council.housing.pk).values_list(
            "pk", flat=True
        )
    )
    assert council.officer.pk in housing and council.mo.pk not in housing
