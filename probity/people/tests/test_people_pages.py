"""People pages and the services behind them: HR and the Monitoring Officer add, change and
record the leaving of people, and keep directorates, services and grades."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.audit import audit_chain_check
from probity.core.models import AuditEvent, OutgoingEmail
from probity.people import org_services
from probity.people.choices import OfficeKind
from probity.people.models import Directorate, Grade, Office, Person, Service
from probity.people.tests.factories import GradeFactory, hold_office, make_person, person_values

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> object:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning, employee_number="H1")
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def add_values(**changes: object) -> org_services.PersonValues:
    base: dict[str, object] = {
        "employee_number": "E100",
        "full_name": "Nia Starter",
        "email": "nia.starter@example.org",
        "job_title": "Planning Officer",
        "grade": None,
        "service": None,
        "line_manager": None,
        "start_date": dt.date(2027, 3, 1),
        "kind": "employee",
    }
    base.update(changes)
    return org_services.PersonValues(**base)  # type: ignore[arg-type]


def test_a_new_person_gets_an_account_and_an_invitation(council: Council, hr: Person) -> None:
    person = org_services.person_add(actor=hr, values=add_values(), now=NOW)
    assert person.user is not None
    assert person.user.username == "nia.starter@example.org"
    assert not person.user.has_usable_password()
    email = OutgoingEmail.objects.get(to=["nia.starter@example.org"])
    assert "/reset/" in email.body and "Nia Starter" in email.body
    event = AuditEvent.objects.get(action="person.added")
    assert event.after is not None and event.after["employee_number"] == "E100"
    assert audit_chain_check().intact


@override_settings(PROBITY_SSO_ENABLED=True)
def test_with_single_sign_on_nobody_is_emailed_a_password_link(
    council: Council, hr: Person
) -> None:
    person = org_services.person_add(actor=hr, values=add_values(), now=NOW)
    assert person.user is not None
    assert not OutgoingEmail.objects.exists()


def test_only_hr_and_the_monitoring_officer_keep_people(council: Council, hr: Person) -> None:
    for outsider in (council.manager, council.head, council.auditor, council.officer):
        with pytest.raises(PermissionDenied):
            org_services.person_add(actor=outsider, values=add_values(), now=NOW)
    org_services.person_add(actor=council.deputy, values=add_values(), now=NOW)


def test_a_duplicate_employee_number_is_refused(council: Council, hr: Person) -> None:
    with pytest.raises(org_services.PeopleChangeRefused, match="already has this employee"):
        org_services.person_add(actor=hr, values=add_values(employee_number="H1"), now=NOW)


def test_a_manager_loop_is_refused(council: Council, hr: Person) -> None:
    # The manager reports to the head; making the officer the head's manager closes a loop.
    with pytest.raises(org_services.PeopleChangeRefused, match="reports to"):
        org_services.person_change(
            actor=hr,
            person=council.head,
            values=person_values(council.head, line_manager=council.officer),
            now=NOW,
        )


def test_an_unchanged_record_writes_no_audit_event(council: Council, hr: Person) -> None:
    before = AuditEvent.objects.count()
    assert (
        org_services.person_change(
            actor=hr, person=council.officer, values=person_values(council.officer), now=NOW
        )
        == []
    )
    assert AuditEvent.objects.count() == before


def test_a_new_service_gets_its_head_of_service_office(hr: Person) -> None:
    directorate = org_services.directorate_save(actor=hr, directorate=None, name="Place", now=NOW)
    service = org_services.service_save(
        actor=hr, service=None, name="Parks", directorate=directorate, now=NOW
    )
    office = Office.objects.get(kind=OfficeKind.HEAD_OF_SERVICE, service=service)
    assert office.title == "Head of Parks"
    with pytest.raises(org_services.PeopleChangeRefused):
        org_services.service_save(
            actor=hr, service=None, name="parks", directorate=directorate, now=NOW
        )


def test_records_in_use_are_never_deleted(council: Council, hr: Person) -> None:
    with pytest.raises(org_services.PeopleChangeRefused, match="people work in it"):
        org_services.org_record_delete(actor=hr, record=council.housing, now=NOW)
    grade = GradeFactory.create(name="Scale Z", rank=99)
    council.officer.grade = grade
    council.officer.save()
    with pytest.raises(org_services.PeopleChangeRefused, match="people are on it"):
        org_services.org_record_delete(actor=hr, record=grade, now=NOW)
    spare = Directorate.objects.create(name="Spare")
    org_services.org_record_delete(actor=hr, record=spare, now=NOW)
    assert not Directorate.objects.filter(name="Spare").exists()
    assert AuditEvent.objects.filter(action="directorate.deleted").count() == 1


def test_grades_are_ordered_by_rank_and_ranks_are_unique(hr: Person) -> None:
    org_services.grade_save(actor=hr, grade=None, name="Senior", rank=20, now=NOW)
    org_services.grade_save(actor=hr, grade=None, name="Junior", rank=10, now=NOW)
    assert list(Grade.objects.values_list("name", flat=True)) == ["Junior", "Senior"]
    with pytest.raises(org_services.PeopleChangeRefused, match="already has this rank"):
        org_services.grade_save(actor=hr, grade=None, name="Other", rank=10, now=NOW)


def test_hr_adds_a_person_through_the_page(council: Council, hr: Person) -> None:
    client = signed_in(hr)
    response = client.post(
        reverse("people:person_add"),
        {
            "employee_number": "E200",
            "full_name": "Omar Page",
            "email": "omar@example.org",
            "job_title": "Clerk",
            "service": str(council.housing.pk),
            "line_manager_number": "",
            "kind": "employee",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(employee_number="E200")
    assert response["Location"] == reverse("people:person", kwargs={"person_id": person.pk})
    page = client.get(response["Location"])
    assert "Omar Page" in page.content.decode()


def test_the_page_names_an_unknown_line_manager(council: Council, hr: Person) -> None:
    response = signed_in(hr).post(
        reverse("people:person_add"),
        {
            "full_name": "Omar Page",
            "email": "omar@example.org",
            "line_manager_number": "NOPE",
            "kind": "employee",
        },
    )
    assert response.status_code == 200
    assert "Nobody has this employee number" in response.content.decode()


def test_hr_records_leaving_through_the_page(council: Council, hr: Person) -> None:
    response = signed_in(hr).post(
        reverse("people:person_leave", kwargs={"person_id": council.officer.pk}),
        {"leaving_date_0": "28", "leaving_date_1": "2", "leaving_date_2": "2027"},
    )
    assert response.status_code == 302
    council.officer.refresh_from_db()
    assert council.officer.leaving_date == dt.date(2027, 2, 28)
    listing = signed_in(hr).get(reverse("people:people"), {"status": "left"})
    assert council.officer.full_name in listing.content.decode()


def test_the_list_reads_a_constant_number_of_queries(
    council: Council, hr: Person, django_assert_max_num_queries: object
) -> None:
    client = signed_in(hr)
    client.get(reverse("people:people"))  # warm the session and the policy
    for n in range(30):
        make_person(f"extra{n}", service=council.housing, line_manager=council.manager)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(reverse("people:people"), {"q": "extra"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("people:not_in_feed")).status_code == 200


def test_organisation_pages(council: Council, hr: Person) -> None:
    client = signed_in(hr)
    assert client.get(reverse("people:organisation")).status_code == 200
    response = client.post(
        reverse("people:org_add", kwargs={"kind": "grade"}), {"name": "Scale K", "rank": "77"}
    )
    assert response.status_code == 302
    assert Grade.objects.filter(name="Scale K", rank=77).exists()
    response = client.post(
        reverse("people:org_add", kwargs={"kind": "service"}),
        {"name": "Libraries", "directorate": str(council.housing.directorate_id), "head_title": ""},
    )
    assert response.status_code == 302
    assert Service.objects.filter(name="Libraries").exists()
    assert client.get(reverse("people:org_add", kwargs={"kind": "nonsense"})).status_code == 404
