"""Training and induction pages through the test client: who may open each, what they do, and
lists that read a constant number of queries whatever their size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.cycle.choices import SessionKind
from probity.cycle.models import Attendance, AttendanceImport, TrainingSession
from probity.cycle.training_services import (
    attendance_import_receive,
    attendance_record,
    training_session_create,
)
from probity.people.choices import OfficeKind, PersonKind
from probity.people.models import Person
from probity.people.org_services import PersonValues, person_add
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning)
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


@pytest.fixture
def session(council: Council) -> TrainingSession:
    return training_session_create(
        actor=council.mo, title="Code induction", held_on=TODAY, kind=SessionKind.INDUCTION, now=NOW
    )


def add_starter(council: Council, hr: Person, number: str, full_name: str) -> Person:
    """A new starter in Housing, reporting to the manager, added by HR today."""
    return person_add(
        actor=hr,
        values=PersonValues(
            employee_number=number,
            full_name=full_name,
            email=f"{number.lower()}@example.org",
            job_title="Officer",
            grade=None,
            service=council.housing,
            line_manager=council.manager,
            start_date=TODAY,
            kind=PersonKind.EMPLOYEE,
        ),
        now=NOW,
    )


def urls(session: TrainingSession, record: AttendanceImport) -> list[str]:
    return [
        reverse("cycle:training"),
        reverse("cycle:training_new"),
        reverse("cycle:training_due"),
        reverse("cycle:training_due_csv"),
        reverse("cycle:training_session", kwargs={"session_id": session.pk}),
        reverse("cycle:training_import", kwargs={"session_id": session.pk}),
        reverse(
            "cycle:training_import_preview",
            kwargs={"session_id": session.pk, "import_id": record.pk},
        ),
    ]


def test_every_training_page_is_for_hr_and_the_monitoring_officer_only(
    council: Council, hr: Person, session: TrainingSession
) -> None:
    record, _ = attendance_import_receive(
        actor=hr, session=session, filename="a.csv", data=b"email\r\n", now=NOW
    )
    posts = [
        reverse("cycle:training_new"),
        reverse("cycle:training_session", kwargs={"session_id": session.pk}),
        reverse("cycle:training_import", kwargs={"session_id": session.pk}),
        reverse(
            "cycle:training_import_preview",
            kwargs={"session_id": session.pk, "import_id": record.pk},
        ),
    ]
    for url in posts:  # a refused person changes nothing
        response = signed_in(council.officer).post(url, {"person": [str(council.officer.pk)]})
        assert response.status_code == 403
    assert not Attendance.objects.exists()
    for url in urls(session, record):
        for person in (hr, council.mo, council.deputy):
            assert signed_in(person).get(url).status_code == 200, (url, person)
        for person in (council.officer, council.manager, council.auditor, council.councillor):
            assert signed_in(person).get(url).status_code == 403, (url, person)
        assert signed_in(council.officer).post(url).status_code in (403, 405)  # no POST
        assert signed_in(hr).get(url).status_code == 200
    anonymous = reverse("cycle:training")
    from django.test import Client

    assert Client().get(anonymous).status_code == 302  # to sign in
    missing = reverse("cycle:training_session", kwargs={"session_id": 999999})
    assert signed_in(hr).get(missing).status_code == 404


def test_the_inductions_page_is_for_keepers_and_line_managers(council: Council, hr: Person) -> None:
    url = reverse("cycle:inductions")
    new = add_starter(council, hr, "S1", "Sam Starter")
    for person in (hr, council.mo, council.manager, council.head):
        page = signed_in(person).get(url)
        assert page.status_code == 200
        assert new.full_name in page.content.decode()
    for person in (council.officer, council.auditor, council.stranger):
        assert signed_in(person).get(url).status_code == 403
    other = make_person("other-manager", service=council.planning)
    make_person("their-report", service=council.planning, line_manager=other)
    theirs = signed_in(other).get(url).content.decode()
    assert new.full_name not in theirs and 'id="no-inductions"' in theirs


def test_keepers_add_a_session_and_pick_who_attended(council: Council, hr: Person) -> None:
    client = signed_in(hr)
    response = client.post(
        reverse("cycle:training_new"),
        {
            "title": "Induction: the code",
            "held_on_0": "3",
            "held_on_1": "3",
            "held_on_2": "2027",
            "kind": "induction",
        },
    )
    session = TrainingSession.objects.get()
    assert response["Location"] == reverse(
        "cycle:training_session", kwargs={"session_id": session.pk}
    )
    error = client.post(reverse("cycle:training_new"), {"title": ""}).content.decode()
    assert "Enter title of the session" in error or "Enter the title" in error
    url = reverse("cycle:training_session", kwargs={"session_id": session.pk})
    page = client.get(url, {"q": "officer"}).content.decode()
    assert f'value="{council.officer.pk}"' in page
    assert "Select at least one person" in client.post(url, {}).content.decode()
    client.post(url, {"person": [str(council.officer.pk), str(council.manager.pk)]})
    assert Attendance.objects.filter(session=session).count() == 2
    page = client.get(url, {"q": "officer"}).content.decode()
    assert "recorded already" in page


def test_a_file_is_uploaded_previewed_and_confirmed(
    council: Council, hr: Person, session: TrainingSession
) -> None:
    client = signed_in(hr)
    upload = reverse("cycle:training_import", kwargs={"session_id": session.pk})
    data = f"email\r\n{council.officer.email}\r\nnobody@example.org\r\n".encode()
    response = client.post(upload, {"file": SimpleUploadedFile("sheet.csv", data)})
    record = AttendanceImport.objects.get()
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "No one has the email address nobody@example.org" in page
    assert "Record these people as attending" not in page
    good = f"email\r\n{council.officer.email}\r\n".encode()
    response = client.post(upload, {"file": SimpleUploadedFile("sheet.csv", good)})
    preview = response["Location"]
    page = client.get(preview).content.decode()
    assert "Record these people as attending" in page
    assert f'<td class="govuk-table__cell">{council.officer.full_name}</td>' in page
    digest = page.split('name="plan" value="')[1].split('"')[0]
    response = client.post(preview, {"plan": digest, "confirm": ""})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, person=council.officer).exists()
    # the same file again: nothing new to record
    response = client.post(upload, {"file": SimpleUploadedFile("sheet.csv", good)})
    assert 'id="adds-nothing"' in client.get(response["Location"]).content.decode()
    bad = client.post(upload, {"file": SimpleUploadedFile("sheet.txt", good)}).content.decode()
    assert "must be a CSV or an Excel" in bad
    assert record.pk


def test_the_refresher_list_filters_downloads_and_reads_few_queries(
    council: Council, hr: Person, session: TrainingSession, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(hr)
    url = reverse("cycle:training_due")
    attendance_record(actor=hr, session=session, person_ids=[council.officer.pk], now=NOW)
    page = client.get(url).content.decode()
    assert council.manager.full_name in page and ">Officer<" not in page
    filtered = client.get(url, {"service": council.planning.pk}).content.decode()
    assert council.manager.full_name not in filtered and council.stranger.full_name in filtered
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for i in range(60):
        make_person(f"bulk{i}", service=council.housing)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    response: Any = client.get(reverse("cycle:training_due_csv"), {"service": council.housing.pk})
    csv = b"".join(response.streaming_content).decode()
    assert csv.startswith("\ufeffName,Employee number")
    assert "Manager" in csv and "Stranger" not in csv and "Never" in csv


def test_the_new_starter_sees_their_checklist_and_training_on_home(
    council: Council, hr: Person, session: TrainingSession
) -> None:
    new = add_starter(council, hr, "S1", "Sam Starter")
    assert new.user is not None
    new.user.set_password("correct-horse-battery")
    new.user.save()
    client = signed_in(new)
    page = client.get(reverse("home")).content.decode()
    assert 'id="induction"' in page
    assert reverse("code:confirm") in page and reverse("declarations:start") in page
    assert "0 of 3 done" in page
    assert "You have not attended a training session" in page
    attendance_record(actor=hr, session=session, person_ids=[new.pk], now=NOW)
    page = client.get(reverse("home")).content.decode()
    assert "You have attended an induction session: done" in page
    assert "Code induction (induction)" in page
    assert 'id="induction"' not in signed_in(council.officer).get(reverse("home")).content.decode()


def test_the_inductions_list_reads_few_queries_whatever_its_size(
    council: Council, hr: Person, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(hr)
    url = reverse("cycle:inductions")

    def add(i: int) -> None:
        add_starter(council, hr, f"S{i}", f"Starter {i}")

    add(0)
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for i in range(1, 30):
        add(i)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "Starter 29" in page


def test_a_session_page_reads_few_queries_whatever_its_attendance(
    council: Council, hr: Person, session: TrainingSession, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(hr)
    url = reverse("cycle:training_session", kwargs={"session_id": session.pk})
    attendance_record(actor=hr, session=session, person_ids=[council.officer.pk], now=NOW)
    client.get(url, {"q": "a"})
    with django_assert_max_num_queries(12) as small:
        client.get(url, {"q": "a"})
    people = [make_person(f"crowd{i}", service=council.housing) for i in range(40)]
    attendance_record(actor=hr, session=session, person_ids=[p.pk for p in people], now=NOW)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url, {"q": "a"}).content.decode()
    assert "Attended (41)" in page
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("cycle:training"))


def test_an_attendance_recorded_by_mistake_is_removed_with_a_reason_and_audited(
    council: Council, hr: Person, session: TrainingSession
) -> None:
    from probity.core.models import AuditEvent
    from probity.cycle.training_selectors import checklist_for_home

    new = add_starter(council, hr, "S2", "Robin Starter")
    attendance_record(actor=hr, session=session, person_ids=[new.pk, council.officer.pk], now=NOW)
    wrong = Attendance.objects.get(session=session, person=new)
    view = checklist_for_home(person=new, today=TODAY)
    assert view is not None and view.items.trained
    url = reverse(
        "cycle:training_attendance_remove",
        kwargs={"session_id": session.pk, "attendance_id": wrong.pk},
    )
    client = signed_in(hr)
    session_page = client.get(
        reverse("cycle:training_session", kwargs={"session_id": session.pk})
    ).content.decode()
    assert f'href="{url}"' in session_page
    assert 'Remove<span class="govuk-visually-hidden"> Robin Starter</span>' in session_page
    confirm = client.get(url).content.decode()
    assert "Remove Robin Starter from this session?" in confirm
    refused = client.post(url, {"reason": "   "}).content.decode()
    assert "Enter why you are removing this attendance" in refused
    too_long = client.post(url, {"reason": "x" * 2001}).content.decode()
    assert "Enter 2000 characters or fewer" in too_long
    for person in (council.officer, council.manager, council.auditor):
        assert signed_in(person).post(url, {"reason": "Mine"}).status_code == 403
    assert Attendance.objects.filter(pk=wrong.pk).exists()
    response = client.post(url, {"reason": "Ticked the wrong Starter."})
    assert response.status_code == 302
    assert not Attendance.objects.filter(pk=wrong.pk).exists()
    assert Attendance.objects.filter(session=session, person=council.officer).exists()
    event = AuditEvent.objects.get(action="training.attendance_removed")
    assert event.actor_id == hr.user_id
    assert "Robin Starter" in event.summary and "Ticked the wrong Starter." in event.summary
    view = checklist_for_home(person=new, today=TODAY)
    assert view is not None and not view.items.trained  # the induction item is open again
    assert client.get(url).status_code == 404  # gone; and again it changes nothing
    assert client.post(url, {"reason": "Again"}).status_code == 404
    attendance_record(actor=hr, session=session, person_ids=[new.pk], now=NOW)  # can be redone
    assert Attendance.objects.filter(session=session, person=new).exists()


def test_an_attendance_is_removed_only_through_its_own_session(
    council: Council, hr: Person, session: TrainingSession
) -> None:
    other = training_session_create(
        actor=hr, title="Refresher", held_on=TODAY, kind=SessionKind.REFRESHER, now=NOW
    )
    attendance_record(actor=hr, session=other, person_ids=[council.officer.pk], now=NOW)
    attendance = Attendance.objects.get()
    url = reverse(
        "cycle:training_attendance_remove",
        kwargs={"session_id": session.pk, "attendance_id": attendance.pk},
    )
    assert signed_in(hr).post(url, {"reason": "Wrong"}).status_code == 404
    assert Attendance.objects.filter(pk=attendance.pk).exists()
