"""Applying HR files against the database: all or nothing, audited once, and the same file twice
changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.audit import audit_chain_check
from probity.core.models import AuditEvent, OutgoingEmail
from probity.people import feed_services
from probity.people.choices import OfficeKind
from probity.people.feed import COLUMNS
from probity.people.feed_files import read_csv, write_csv
from probity.people.models import FeedImport, Person
from probity.people.tests.factories import GradeFactory, hold_office, make_person

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning, employee_number="H1")
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    GradeFactory.create(name="Scale E", rank=5)
    for p, n in ((council.manager, "M1"), (council.officer, "O1"), (council.head, "HD")):
        p.employee_number = n
        p.save()
    return person


def row(**changes: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(
        employee_number="N1",
        first_name="Nia",
        last_name="New",
        email="nia@example.org",
        job_title="Officer",
        grade="Scale E",
        service="Housing Options",
        line_manager_employee_number="M1",
        start_date="2027-03-01",
        kind="employee",
    )
    base.update(changes)
    return base


def existing(person: Person, **changes: str) -> dict[str, str]:
    first, _, last = person.full_name.partition(" ")
    base = row(
        employee_number=person.employee_number or "",
        first_name=first,
        last_name=last or "X",
        email=person.email,
        job_title=person.job_title,
        grade="",
        service=person.service.name if person.service else "",
        line_manager_employee_number=(
            person.line_manager.employee_number or "" if person.line_manager else ""
        ),
        start_date=person.start_date.isoformat() if person.start_date else "",
    )
    base.update(changes)
    return base


def apply(records: list[dict[str, str]], *, full: bool = False) -> Any:
    return feed_services.feed_apply(
        rows=read_csv(write_csv(records)), full=full, user=None, now=NOW
    )


def test_a_file_adds_changes_and_marks_leavers_audited_once(council: Council, hr: Person) -> None:
    before = AuditEvent.objects.count()
    records = [
        row(),
        row(
            employee_number="N2",
            email="bo@example.org",
            first_name="Bo",
            line_manager_employee_number="N1",
        ),
        existing(council.officer, job_title="Senior Officer"),
        existing(council.manager, end_date="2027-02-28"),
    ]
    result = apply(records)
    assert result.summary()["adds"] == 2
    nia = Person.objects.get(employee_number="N1")
    bo = Person.objects.get(employee_number="N2")
    assert bo.line_manager == nia
    assert nia.grade is not None and nia.grade.name == "Scale E"
    assert nia.user is not None and not nia.user.has_usable_password()
    council.officer.refresh_from_db()
    assert council.officer.job_title == "Senior Officer"
    council.manager.refresh_from_db()
    assert council.manager.leaving_date == dt.date(2027, 2, 28)
    assert OutgoingEmail.objects.filter(subject__startswith="Set your password").count() == 2
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)[before:])
    assert actions.count("person.added") == 2
    assert "person.changed" in actions and "person.left" in actions
    assert "people.hr_file_applied" in actions
    assert audit_chain_check().intact

    events = AuditEvent.objects.count()
    again = apply(records)
    assert not again.changes_anything
    assert AuditEvent.objects.count() == events


@override_settings(PROBITY_SSO_ENABLED=True)
def test_with_single_sign_on_starters_are_not_emailed(council: Council, hr: Person) -> None:
    apply([row()])
    assert Person.objects.get(employee_number="N1").user is not None
    assert not OutgoingEmail.objects.exists()


def test_a_file_with_any_bad_row_changes_nothing(council: Council, hr: Person) -> None:
    before = (Person.objects.count(), AuditEvent.objects.count(), User.objects.count())
    with pytest.raises(feed_services.FeedRefused, match="1 rows with errors"):
        apply([row(), row(employee_number="N2", email="x@example.org", grade="Scale Q")])
    assert (Person.objects.count(), AuditEvent.objects.count(), User.objects.count()) == before


def test_a_full_file_lists_the_missing_and_deletes_nobody(council: Council, hr: Person) -> None:
    records = [existing(council.officer), existing(council.manager), existing(hr), row()]
    result = apply(records, full=True)
    assert result.summary()["newly_missing"] == 1  # the head
    council.head.refresh_from_db()
    assert council.head.not_in_feed_since == dt.date(2027, 3, 3)
    assert council.head.leaving_date is None
    events = AuditEvent.objects.count()
    assert not apply(records, full=True).changes_anything
    assert AuditEvent.objects.count() == events
    apply([*records, existing(council.head)], full=True)
    council.head.refresh_from_db()
    assert council.head.not_in_feed_since is None


def test_a_preview_out_of_date_is_not_applied(council: Council, hr: Person) -> None:
    feed, plan = feed_services.feed_receive(
        user=None, filename="hr.csv", data=write_csv([row()]), full=False, now=NOW
    )
    make_person("n1", employee_number="N1", email="nia@example.org")
    with pytest.raises(feed_services.FeedRefused, match="changed since the preview"):
        feed_services.feed_apply(feed=feed, user=None, now=NOW, expected_digest=plan.digest())


def upload(client: Any, records: list[dict[str, str]], name: str = "hr.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("people:feed_upload"),
        {"file": SimpleUploadedFile(name, write_csv(records), content_type="text/csv")},
    )


def test_upload_preview_confirm(council: Council, hr: Person) -> None:
    client = signed_in(hr)
    response = upload(
        client, [row(), row(employee_number="N2", email="b@example.org", start_date="2027-02-31")]
    )
    feed = FeedImport.objects.get()
    assert response["Location"] == reverse("people:feed_preview", kwargs={"feed_id": feed.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Bad date in start_date" in page and "Apply these changes" not in page
    assert not Person.objects.filter(employee_number="N1").exists()

    response = upload(client, [row()])
    latest = FeedImport.objects.order_by("-id").first()
    assert latest is not None
    feed = latest
    page = client.get(response["Location"]).content.decode()
    assert "Nia New" in page and "Apply these changes" in page
    response = client.post(response["Location"], {"plan": feed.plan_digest, "confirm": ""})
    assert response["Location"] == reverse("people:feed_status", kwargs={"feed_id": feed.pk})
    feed.refresh_from_db()
    assert feed.status == FeedImport.Status.APPLIED
    assert Person.objects.filter(employee_number="N1").exists()
    assert "1 added" in client.get(response["Location"]).content.decode()
    # Confirming again changes nothing.
    client.post(
        reverse("people:feed_preview", kwargs={"feed_id": feed.pk}), {"plan": feed.plan_digest}
    )
    assert Person.objects.filter(employee_number="N1").count() == 1


@override_settings(PROBITY_FEED_BACKGROUND_ROWS=0)
def test_a_large_file_is_applied_in_the_background(
    council: Council, hr: Person, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(hr)
    upload(client, [row()])
    feed = FeedImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:feed_preview", kwargs={"feed_id": feed.pk}),
            {"plan": feed.plan_digest, "confirm": ""},
        )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.status == FeedImport.Status.APPLIED
    assert feed.percent == 100
    assert Person.objects.filter(employee_number="N1").exists()


def test_a_queued_file_shows_its_progress(council: Council, hr: Person) -> None:
    feed = FeedImport.objects.create(
        created_at=NOW, filename="big.csv", digest="x", status="running", total=200, done=50
    )
    page = signed_in(hr).get(reverse("people:feed_status", kwargs={"feed_id": feed.pk}))
    html = page.content.decode()
    assert 'value="25"' in html and 'http-equiv="refresh"' in html


def test_a_file_that_cannot_be_read_is_an_error_on_the_form(council: Council, hr: Person) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = signed_in(hr).post(
        reverse("people:feed_upload"),
        {"file": SimpleUploadedFile("hr.csv", b"name,email\r\nA,b\r\n")},
    )
    assert response.status_code == 200
    assert "The file has no column" in response.content.decode()
    assert not FeedImport.objects.exists()


def test_templates_download(council: Council, hr: Person) -> None:
    client = signed_in(hr)
    csv_response = client.get(reverse("people:feed_template", kwargs={"fmt": "csv"}))
    assert csv_response.content.decode().startswith("employee_number,first_name")
    xlsx = client.get(reverse("people:feed_template", kwargs={"fmt": "xlsx"}))
    assert xlsx.content.startswith(b"PK")
    assert client.get(reverse("people:feed_template", kwargs={"fmt": "pdf"})).status_code == 404
