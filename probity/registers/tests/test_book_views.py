"""The section 117 book: councillors inspect it in office hours; the Monitoring Officer sets them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.clock import LONDON
from probity.core.models import AuditEvent
from probity.declarations import services as declaration_services
from probity.declarations.choices import DeclarationKind
from probity.declarations.models import Declaration
from probity.declarations.rules import Action
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person
from probity.registers.models import BookInspection, ClosureDay, InspectionHours

# Until probity/urls.py includes probity.registers.book_urls, these tests route through a
# urlconf that does.
pytestmark = pytest.mark.django_db

BOOK = "/section-117-book/"
HOURS = "/settings/office-hours/"


def london(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


WEDNESDAY_MORNING = london(2027, 3, 3, 10)
WEDNESDAY_EVENING = london(2027, 3, 3, 19)
EARLY_MAY_BANK_HOLIDAY = london(2027, 5, 3, 10)  # Monday 3 May 2027, England and Wales


def s117_notice(person: Person, *, entered: bool = True, **changes: Any) -> Declaration:
    facts = {
        "contract": "Grounds maintenance contract 2027",
        "interest_type": "indirect",
        "nature": "My partner owns shares in one of the bidders.",
        "starts_on": "2027-02-01",
        **changes,
    }
    governance_lead()  # the office is held before the notice is given
    declaration = declaration_services.declaration_submit(
        kind=DeclarationKind.S117_INTEREST,
        actor=person,
        facts=facts,
        submission_token=uuid.uuid4(),
        now=london(2027, 3, 1, 11),
    )
    if entered:
        declaration_services.declaration_decide(
            actor=governance_lead(),
            viewer=viewer_for_person(person=governance_lead(), today=dt.date(2027, 3, 1)),
            declaration=declaration,
            action=Action.RECORD,
            comment="",
            now=london(2027, 3, 1, 12),
        )
    return declaration


def governance_lead() -> Person:
    """The Head of Governance, who enters notices in the book."""
    existing = Person.objects.filter(user__username="governance").first()
    if existing is not None:
        return existing
    person = make_person("governance")
    hold_office(person, OfficeKind.GOVERNANCE_LEAD)
    return person


def test_a_notice_is_in_the_book_only_once_the_head_of_governance_has_entered_it(
    council: Council,
) -> None:
    waiting = s117_notice(council.officer, contract="Waiting contract", entered=False)
    entered = s117_notice(council.manager, contract="Entered contract")
    with clock.frozen(WEDNESDAY_MORNING):
        body = signed_in(council.councillor).get(BOOK).content.decode()
    assert entered.reference in body
    assert waiting.reference not in body


def _date(name: str, value: dt.date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def test_the_urls_are_where_the_report_says() -> None:
    assert reverse("book:inspect") == BOOK
    assert reverse("book:hours") == HOURS


def test_a_councillor_in_office_hours_sees_the_book_and_the_look_is_logged(
    council: Council,
) -> None:
    council.officer.job_title = "Parks Officer"
    council.officer.save()
    notice = s117_notice(council.officer)
    s117_notice(council.manager, contract="Leisure centre cleaning contract")
    client = signed_in(council.councillor)

    with clock.frozen(WEDNESDAY_MORNING):
        response = client.get(BOOK)

    assert response.status_code == 200
    page = response.content.decode()
    assert notice.reference in page
    assert council.officer.full_name in page
    assert "Parks Officer" in page
    assert "Grounds maintenance contract 2027" in page
    assert "Leisure centre cleaning contract" in page
    assert "1 March 2027" in page
    assert "/registers/" not in page, "Councillors must not be led to the other registers"
    assert "no-store" in response["Cache-Control"]
    inspection = BookInspection.objects.get()
    assert inspection.councillor == council.councillor
    assert inspection.at == WEDNESDAY_MORNING
    assert inspection.source == "127.0.0.1"
    event = AuditEvent.objects.get(action="book.inspected")
    assert event.actor == council.councillor.user
    assert event.target_id == str(inspection.pk)


def test_the_book_costs_the_same_queries_however_many_notices_it_holds(
    council: Council,
) -> None:
    s117_notice(council.officer)
    client = signed_in(council.councillor)
    with clock.frozen(WEDNESDAY_MORNING), CaptureQueriesContext(connection) as one:
        client.get(BOOK)
    for n in range(3):
        s117_notice(council.manager, contract=f"Contract number {n}")
    with clock.frozen(WEDNESDAY_MORNING), CaptureQueriesContext(connection) as four:
        page = client.get(BOOK).content.decode()
    assert "Contract number 2" in page
    assert len(four) == len(one)


def test_each_look_in_office_hours_is_logged(council: Council) -> None:
    client = signed_in(council.councillor)
    with clock.frozen(WEDNESDAY_MORNING):
        client.get(BOOK)
    with clock.frozen(WEDNESDAY_MORNING + dt.timedelta(hours=2)):
        client.get(BOOK)
    assert BookInspection.objects.count() == 2


def test_the_book_shows_that_it_is_empty(council: Council) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(council.councillor).get(BOOK)
    assert "There are no notices in the book." in response.content.decode()


def test_a_withdrawn_notice_stays_in_the_book_marked_withdrawn(council: Council) -> None:
    notice = s117_notice(council.officer)
    declaration_services.declaration_withdraw(
        actor=council.mo,
        viewer=viewer_for_person(person=council.mo, today=dt.date(2027, 3, 2)),
        declaration=notice,
        reason="Sent twice by mistake",
        now=london(2027, 3, 2, 12),
    )
    with clock.frozen(WEDNESDAY_MORNING):
        page = signed_in(council.councillor).get(BOOK).content.decode()
    assert notice.reference in page
    assert "Withdrawn" in page
    assert "Sent twice by mistake" not in page


def test_after_hours_a_councillor_sees_when_the_book_next_opens_and_nothing_is_logged(
    council: Council,
) -> None:
    notice = s117_notice(council.officer)
    with clock.frozen(WEDNESDAY_EVENING):
        response = signed_in(council.councillor).get(BOOK)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The book is closed at the moment." in page
    assert "The book is next open on Thursday 4 March 2027 at 9:00am." in page
    assert notice.reference not in page
    assert "Grounds maintenance" not in page
    assert not BookInspection.objects.exists()
    assert not AuditEvent.objects.filter(action="book.inspected").exists()


def test_on_friday_evening_the_book_next_opens_on_monday(council: Council) -> None:
    with clock.frozen(london(2027, 3, 5, 18)):
        page = signed_in(council.councillor).get(BOOK).content.decode()
    assert "The book is next open on Monday 8 March 2027 at 9:00am." in page


def test_on_a_bank_holiday_the_book_is_closed_until_the_next_working_day(
    council: Council,
) -> None:
    notice = s117_notice(council.officer)
    with clock.frozen(EARLY_MAY_BANK_HOLIDAY):
        response = signed_in(council.councillor).get(BOOK)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The book is closed at the moment." in page
    assert "The book is next open on Tuesday 4 May 2027 at 9:00am." in page
    assert notice.reference not in page
    assert not BookInspection.objects.exists()


def test_a_closure_day_added_by_the_monitoring_officer_closes_the_book(council: Council) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(council.mo).post(
            HOURS,
            {
                "form": "closure",
                **_date("day", dt.date(2027, 3, 10)),
                "reason": "Staff training day",
            },
        )
    assert response.status_code == 302
    closure = ClosureDay.objects.get()
    assert closure.day == dt.date(2027, 3, 10)
    assert closure.created_by == council.mo
    assert AuditEvent.objects.filter(action="book.closure_day_added").count() == 1

    with clock.frozen(london(2027, 3, 10, 11)):
        page = signed_in(council.councillor).get(BOOK).content.decode()
    assert "The book is closed at the moment." in page
    assert "The book is next open on Thursday 11 March 2027 at 9:00am." in page
    assert not BookInspection.objects.exists()

    with clock.frozen(WEDNESDAY_MORNING):
        page = signed_in(council.mo).get(HOURS).content.decode()
    assert "Staff training day" in page
    assert "Wednesday 10 March 2027" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({**_date("day", dt.date(2027, 3, 2)), "reason": "Training"}, "today or in the future"),
        ({**_date("day", dt.date(2027, 3, 10)), "reason": ""}, "Enter why the offices are closed"),
        (
            {"day_0": "", "day_1": "", "day_2": "", "reason": "Training"},
            "Enter date the offices are closed",
        ),
        (
            {"day_0": "31", "day_1": "2", "day_2": "2027", "reason": "Training"},
            "Date the offices are closed must be a real date",
        ),
    ],
)
def test_a_bad_closure_day_shows_an_error_and_writes_nothing(
    council: Council, fields: dict[str, str], message: str
) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(council.mo).post(HOURS, {"form": "closure", **fields})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "<title>Error: " in page
    assert message in page
    assert not ClosureDay.objects.exists()
    assert not AuditEvent.objects.filter(action="book.closure_day_added").exists()


def test_the_same_closure_day_cannot_be_added_twice(council: Council) -> None:
    client = signed_in(council.mo)
    data = {"form": "closure", **_date("day", dt.date(2027, 3, 10)), "reason": "Training"}
    with clock.frozen(WEDNESDAY_MORNING):
        client.post(HOURS, data)
        response = client.post(HOURS, data)
    assert "The offices are already closed on that date" in response.content.decode()
    assert ClosureDay.objects.count() == 1


@pytest.mark.parametrize("persona", ["officer", "manager", "head", "auditor", "stranger"])
def test_people_who_are_not_councillors_cannot_inspect_the_book(
    council: Council, persona: str
) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(getattr(council, persona)).get(BOOK)
    assert response.status_code == 403
    assert not BookInspection.objects.exists()


@pytest.mark.parametrize("persona", ["officer", "manager", "councillor", "auditor"])
def test_only_the_monitoring_officer_can_set_the_hours(council: Council, persona: str) -> None:
    client = signed_in(getattr(council, persona))
    with clock.frozen(WEDNESDAY_MORNING):
        assert client.get(HOURS).status_code == 403
        response = client.post(HOURS, {"form": "hours", "opens": "08:00", "closes": "20:00"})
    assert response.status_code == 403
    assert not InspectionHours.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    assert Client().get(BOOK).status_code == 302


@pytest.mark.parametrize("persona", ["mo", "deputy"])
def test_the_keepers_of_the_book_see_it_out_of_hours_without_a_log(
    council: Council, persona: str
) -> None:
    notice = s117_notice(council.officer)
    with clock.frozen(WEDNESDAY_EVENING):
        response = signed_in(getattr(council, persona)).get(BOOK)
    page = response.content.decode()
    assert response.status_code == 200
    assert notice.reference in page
    assert "Councillors cannot look at it now." in page
    assert "Thursday 4 March 2027 at 9:00am" in page
    assert not BookInspection.objects.exists()


def test_the_monitoring_officer_changes_the_hours_and_councillors_follow_them(
    council: Council,
) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(council.mo).post(
            HOURS, {"form": "hours", "opens": "10:00", "closes": "16:30"}
        )
    assert response.status_code == 302
    hours = InspectionHours.objects.get()
    assert (hours.opens, hours.closes) == (dt.time(10), dt.time(16, 30))
    assert hours.updated_by == council.mo
    event = AuditEvent.objects.get(action="book.hours_updated")
    assert event.before is None
    assert event.after is not None
    assert event.after["opens"] == "10:00:00"

    with clock.frozen(london(2027, 3, 4, 9, 30)):
        page = signed_in(council.councillor).get(BOOK).content.decode()
    assert "The book is next open on Thursday 4 March 2027 at 10:00am." in page

    with clock.frozen(london(2027, 3, 4, 16, 15)):
        page = signed_in(council.councillor).get(BOOK).content.decode()
    assert "The book is open until 4:30pm today." in page

    with clock.frozen(london(2027, 3, 5, 10)):
        signed_in(council.mo).post(HOURS, {"form": "hours", "opens": "9.30", "closes": "17:00"})
    hours.refresh_from_db()
    assert hours.opens == dt.time(9, 30)
    assert InspectionHours.objects.count() == 1
    assert AuditEvent.objects.filter(action="book.hours_updated").count() == 2


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        ("17:00", "09:00", "The closing time must be after the opening time"),
        ("09:00", "09:00", "The closing time must be after the opening time"),
        ("25:99", "17:00", "Enter a real time on the 24-hour clock"),
        ("09:00", "17:60", "Enter a real time on the 24-hour clock"),
        ("nine", "17:00", "Enter the time as hours and minutes, like 09:00"),
        ("", "", "Enter the time the book opens"),
        ("09:00", "", "Enter the time the book closes"),
    ],
)
def test_bad_hours_show_an_error_summary_and_write_nothing(
    council: Council, opens: str, closes: str, message: str
) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        response = signed_in(council.mo).post(
            HOURS, {"form": "hours", "opens": opens, "closes": closes}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "<title>Error: " in page
    assert message in page
    assert not InspectionHours.objects.exists()
    assert not AuditEvent.objects.filter(action="book.hours_updated").exists()


def test_the_hours_page_lists_bank_holidays_and_who_looked(council: Council) -> None:
    with clock.frozen(WEDNESDAY_MORNING):
        signed_in(council.councillor).get(BOOK)
        response = signed_in(council.deputy).get(HOURS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Section 117 book opening hours" in page
    assert 'value="09:00"' in page
    assert 'value="17:00"' in page
    assert "Monday 3 May 2027" in page
    assert "Monday 27 December 2027" in page
    assert "25 December 2028" in page, "next year's bank holidays are listed too"
    assert council.councillor.full_name in page
    assert "3 March 2027 at 10:00am" in page
