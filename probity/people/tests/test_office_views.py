"""The offices pages: the Monitoring Officer changes holders and deputies; nobody else may."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.core import clock
from probity.core.models import AuditEvent
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import Office, OfficeHolding
from probity.people.tests.factories import hold_office, make_person

# Until probity/urls.py includes probity.people.urls, these tests route through a urlconf that does.
pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 3)
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def _date(name: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def _head_of_housing(council: Council) -> Office:
    return Office.objects.get(kind=OfficeKind.HEAD_OF_SERVICE, service=council.housing)


def _holder_url(office: Office) -> str:
    return reverse("people:office_holder", kwargs={"office_id": office.pk})


def _deputy_url(office: Office) -> str:
    return reverse("people:office_deputy", kwargs={"office_id": office.pk})


def _end_url(holding: OfficeHolding) -> str:
    return reverse("people:holding_end", kwargs={"holding_id": holding.pk})


def test_the_monitoring_officer_sees_every_office_with_its_holder_and_deputies(
    council: Council,
) -> None:
    response = signed_in(council.mo).get(reverse("people:offices"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">Offices and who holds them</h1>' in body
    assert "Head of Service (Housing Options)" in body
    assert "Monitoring Officer" in body
    assert "Since 1 January 2020" in body
    for office in Office.objects.exclude(kind=OfficeKind.MONITORING_OFFICER):
        assert _holder_url(office) in body
        assert _deputy_url(office) in body
    # Their own office is the Chief Executive's to change, so it has no links for them.
    mo_office = Office.objects.get(kind=OfficeKind.MONITORING_OFFICER)
    assert _holder_url(mo_office) not in body
    assert "You cannot change an office you hold or deputise for." in body
    assert "Nobody has left an office yet." in body


def test_changing_the_holder_moves_the_office_from_the_start_date(council: Council) -> None:
    office = _head_of_housing(council)
    mo = signed_in(council.mo)
    page = mo.get(_holder_url(office))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Head since 1 January 2020" in body
    assert "everything waiting for this office goes to the new holder" in body
    assert f'<option value="{council.councillor.pk}"' not in body  # not an officer
    assert f'<option value="{council.manager.pk}"' in body

    response = mo.post(
        _holder_url(office),
        {"new_holder": str(council.manager.pk), **_date("starts_on", TOMORROW)},
        REMOTE_ADDR="10.0.0.7",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:offices")
    holdings = OfficeHolding.objects.filter(office=office).order_by("starts_on")
    assert [(h.person, h.starts_on, h.ends_on) for h in holdings] == [
        (council.head, dt.date(2020, 1, 1), TODAY),
        (council.manager, TOMORROW, None),
    ]
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert (event.actor, event.source) == (council.mo.user, "10.0.0.7")

    listing = mo.get(reverse("people:offices")).content.decode()
    assert "Manager" in listing and "takes over" in listing and "4 March 2027" in listing
    assert "until 3 March 2027" in listing


def test_a_deputy_monitoring_officer_can_change_the_holder(council: Council) -> None:
    office = _head_of_housing(council)
    response = signed_in(council.deputy).post(
        _holder_url(office), {"new_holder": str(council.manager.pk), **_date("starts_on", TODAY)}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.actor == council.deputy.user
    assert "Deputy Monitoring Officer" in event.summary


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select who will hold the office"),
        ({"new_holder": "", **_date("starts_on", None)}, "Enter the date they take over"),
        ({"new_holder": "999999", **_date("starts_on", TOMORROW)}, "from the list"),
        ({"new_holder": "not-a-number", **_date("starts_on", TOMORROW)}, "from the list"),
        ({"new_holder": "PERSON", **_date("starts_on", dt.date(2019, 12, 31))}, "must be after"),
        ({"new_holder": "PERSON", **_date("starts_on", dt.date(2020, 1, 1))}, "must be after"),
        ({"new_holder": "PERSON", "starts_on_0": "31", "starts_on_1": "2"}, "must include a year"),
        (
            {
                "new_holder": "PERSON",
                "starts_on_0": "31",
                "starts_on_1": "2",
                "starts_on_2": "2027",
            },
            "Date they take over must be a real date",
        ),
        ({"new_holder": "HEAD", **_date("starts_on", TOMORROW)}, "already holds this office"),
        ({"new_holder": "COUNCILLOR", **_date("starts_on", TOMORROW)}, "from the list"),
    ],
)
def test_bad_holder_changes_are_refused_with_a_message(
    council: Council, data: dict[str, str], message: str
) -> None:
    office = _head_of_housing(council)
    ids = {
        "PERSON": str(council.manager.pk),
        "HEAD": str(council.head.pk),
        "COUNCILLOR": str(council.councillor.pk),
    }
    data = {key: ids.get(value, value) for key, value in data.items()}
    response = signed_in(council.mo).post(_holder_url(office), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "govuk-error-summary" in body
    assert message in body
    assert OfficeHolding.objects.filter(office=office).count() == 1
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()


def test_a_missing_office_is_not_found(council: Council) -> None:
    missing = Office.objects.order_by("-pk").first()
    assert missing is not None
    mo = signed_in(council.mo)
    url = reverse("people:office_holder", kwargs={"office_id": missing.pk + 1000})
    assert mo.get(url).status_code == 404
    assert mo.post(url, {"new_holder": str(council.manager.pk)}).status_code == 404
    url = reverse("people:office_deputy", kwargs={"office_id": missing.pk + 1000})
    assert mo.get(url).status_code == 404
    assert mo.post(_end_url(OfficeHolding(pk=999999)), _date("ends_on", TODAY)).status_code == 404


@pytest.mark.parametrize("persona", ["officer", "manager", "head", "auditor", "councillor"])
def test_nobody_else_can_see_or_change_offices(council: Council, persona: str) -> None:
    office = _head_of_housing(council)
    deputy = OfficeHolding.objects.get(role=HoldingRole.DEPUTY)
    client = signed_in(getattr(council, persona))
    assert client.get(reverse("people:offices")).status_code == 403
    assert client.get(_holder_url(office)).status_code == 403
    assert client.get(_deputy_url(office)).status_code == 403
    new_holder = {"new_holder": str(council.manager.pk), **_date("starts_on", TOMORROW)}
    assert client.post(_holder_url(office), new_holder).status_code == 403
    new_deputy = {"deputy": str(council.manager.pk), **_date("starts_on", TOMORROW)}
    assert client.post(_deputy_url(office), new_deputy).status_code == 403
    assert client.post(_end_url(deputy), _date("ends_on", TODAY)).status_code == 403
    # A forged office id is refused the same way, so it says nothing about which offices exist.
    forged = reverse("people:office_holder", kwargs={"office_id": office.pk + 1000})
    assert client.get(forged).status_code == 403
    assert OfficeHolding.objects.count() == 4
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()


def test_adding_and_ending_a_deputy(council: Council) -> None:
    office = _head_of_housing(council)
    mo = signed_in(council.mo)
    page = mo.get(_deputy_url(office))
    assert page.status_code == 200
    assert "This office has no deputies." in page.content.decode()

    empty = mo.post(_deputy_url(office), {"deputy": "", **_date("starts_on", None)})
    assert empty.status_code == 200
    assert "Select who will be a deputy" in empty.content.decode()
    holder = mo.post(
        _deputy_url(office), {"deputy": str(council.head.pk), **_date("starts_on", TODAY)}
    )
    assert "cannot also be its deputy" in holder.content.decode()

    added = mo.post(
        _deputy_url(office), {"deputy": str(council.manager.pk), **_date("starts_on", TODAY)}
    )
    assert added.status_code == 302
    assert added["Location"] == _deputy_url(office)
    holding = OfficeHolding.objects.get(office=office, role=HoldingRole.DEPUTY)
    assert (holding.person, holding.starts_on, holding.ends_on) == (council.manager, TODAY, None)
    body = mo.get(_deputy_url(office)).content.decode()
    assert "Deputy since 3 March 2027" in body
    assert f'action="{_end_url(holding)}"' in body
    assert f'id="end-{holding.pk}-ends_on_0"' in body

    assert mo.get(_end_url(holding)).status_code == 405
    blank = mo.post(_end_url(holding), _date("ends_on", None))
    assert blank.status_code == 200
    assert "<title>Error: " in blank.content.decode()
    assert "Enter their last day as deputy" in blank.content.decode()
    early = mo.post(_end_url(holding), _date("ends_on", TODAY - dt.timedelta(days=1)))
    assert "must be on or after 3 March 2027" in early.content.decode()
    holding.refresh_from_db()
    assert holding.ends_on is None

    ended = mo.post(_end_url(holding), _date("ends_on", TOMORROW))
    assert ended.status_code == 302
    holding.refresh_from_db()
    assert holding.ends_on == TOMORROW
    assert AuditEvent.objects.filter(action="office.deputy_ended").count() == 1
    body = mo.get(_deputy_url(office)).content.decode()
    assert "Deputy since 3 March 2027, until 4 March 2027" in body
    assert f'action="{_end_url(holding)}"' not in body


def test_a_holders_holding_cannot_be_ended_as_a_deputy(council: Council) -> None:
    holder = OfficeHolding.objects.get(office=_head_of_housing(council), role=HoldingRole.HOLDER)
    response = signed_in(council.mo).post(_end_url(holder), _date("ends_on", TODAY))
    assert response.status_code == 404
    holder.refresh_from_db()
    assert holder.ends_on is None


def test_ended_holdings_are_listed_as_history(council: Council) -> None:
    office = _head_of_housing(council)
    signed_in(council.mo).post(
        _holder_url(office),
        {
            "new_holder": str(council.manager.pk),
            **_date("starts_on", dt.date(2026, 6, 1)),
            "reason": "The appointment was made last year but never entered",
            "confirmed": "yes",
        },
    )
    body = signed_in(council.deputy).get(reverse("people:offices")).content.decode()
    assert "Past holders and deputies" in body
    assert "31 May 2026" in body
    assert "Nobody has left an office yet." not in body


def test_a_back_dated_change_is_shown_for_confirmation_before_it_is_made(council: Council) -> None:
    office = _head_of_housing(council)
    mo = signed_in(council.mo)
    answers = {
        "new_holder": str(council.manager.pk),
        **_date("starts_on", dt.date(2027, 2, 1)),
        "reason": "Appointed on 1 February",
    }
    response = mo.post(_holder_url(office), answers)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Check this change before you make it" in body
    assert "Head\u2019s time as holder ends on 31 January 2027" in body
    assert "continuing with no end date" in body
    assert 'name="confirmed" value="yes"' in body
    assert OfficeHolding.objects.get(person=council.head).ends_on is None
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()

    response = mo.post(_holder_url(office), {**answers, "confirmed": "yes"})
    assert response.status_code == 302
    assert OfficeHolding.objects.get(person=council.head).ends_on == dt.date(2027, 1, 31)
    change = AuditEvent.objects.get(action__startswith="office.")
    assert change.after["reason"] == "Appointed on 1 February"  # type: ignore[index]


def test_a_back_dated_change_without_a_reason_asks_for_one(council: Council) -> None:
    response = signed_in(council.mo).post(
        _holder_url(_head_of_housing(council)),
        {"new_holder": str(council.manager.pk), **_date("starts_on", dt.date(2027, 2, 1))},
    )
    assert response.status_code == 200
    assert "Give a reason for a date in the past" in response.content.decode()
    assert OfficeHolding.objects.get(person=council.head).ends_on is None


def test_the_deputy_monitoring_officer_cannot_open_the_monitoring_officers_office(
    council: Council,
) -> None:
    mo_office = Office.objects.get(kind=OfficeKind.MONITORING_OFFICER)
    deputy = signed_in(council.deputy)
    assert deputy.get(_holder_url(mo_office)).status_code == 403
    assert deputy.get(_deputy_url(mo_office)).status_code == 403
    response = deputy.post(
        _holder_url(mo_office),
        {"new_holder": str(council.deputy.pk), **_date("starts_on", TODAY)},
    )
    assert response.status_code == 403
    assert OfficeHolding.objects.get(office=mo_office, role=HoldingRole.HOLDER).person == (
        council.mo
    )


def test_the_deputy_monitoring_officer_cannot_make_himself_a_deputy_elsewhere(
    council: Council,
) -> None:
    response = signed_in(council.deputy).post(
        _deputy_url(_head_of_housing(council)),
        {"deputy": str(council.deputy.pk), **_date("starts_on", TODAY)},
    )
    assert response.status_code == 200
    assert "You cannot make yourself the holder or a deputy of an office." in (
        response.content.decode()
    )
    assert not OfficeHolding.objects.filter(person=council.deputy, office__kind="head_of_service")


def test_the_chief_executive_changes_only_the_monitoring_officers_office(
    council: Council,
) -> None:
    chief = make_person("chief", service=council.planning)
    hold_office(chief, OfficeKind.CHIEF_EXECUTIVE)
    client = signed_in(chief)
    assert reverse("people:offices") in client.get(reverse("home")).content.decode()
    mo_office = Office.objects.get(kind=OfficeKind.MONITORING_OFFICER)
    body = client.get(reverse("people:offices")).content.decode()
    assert _holder_url(mo_office) in body
    assert _holder_url(_head_of_housing(council)) not in body
    assert client.get(_holder_url(_head_of_housing(council))).status_code == 403
    response = client.post(
        _holder_url(mo_office),
        {"new_holder": str(council.stranger.pk), **_date("starts_on", TOMORROW)},
    )
    assert response.status_code == 302
    assert (
        OfficeHolding.objects.get(office=mo_office, person=council.stranger).starts_on == TOMORROW
    )


def test_a_deputy_due_to_start_is_withdrawn_from_the_deputies_page(council: Council) -> None:
    office = _head_of_housing(council)
    upcoming = hold_office(
        council.officer,
        OfficeKind.HEAD_OF_SERVICE,
        service=council.housing,
        role=HoldingRole.DEPUTY,
        starts_on=TOMORROW,
    )
    mo = signed_in(council.mo)
    page = mo.get(_deputy_url(office)).content.decode()
    assert 'Withdraw<span class="govuk-visually-hidden"> Officer as deputy</span>' in page
    response = mo.post(_end_url(upcoming), {"withdraw": "yes"}, follow=True)
    assert "Officer will not be a deputy for Head of Service" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.withdrawn
    assert (
        "Officer will not be a deputy"
        in AuditEvent.objects.exclude(action__startswith="account.").get().summary
    )


def test_ending_a_deputy_in_the_past_needs_a_reason_and_a_confirmation(council: Council) -> None:
    deputy = hold_office(
        council.officer,
        OfficeKind.HEAD_OF_SERVICE,
        service=council.housing,
        role=HoldingRole.DEPUTY,
    )
    mo = signed_in(council.mo)
    last_day = dt.date(2027, 2, 10)
    response = mo.post(_end_url(deputy), _date("ends_on", last_day))
    assert "Give a reason for a date in the past" in response.content.decode()
    answers = {**_date("ends_on", last_day), "reason": "Left the team in February"}
    response = mo.post(_end_url(deputy), answers)
    body = response.content.decode()
    assert "Check this change before you make it" in body
    assert "Officer\u2019s time as deputy ends on 10 February 2027" in body
    deputy.refresh_from_db()
    assert deputy.ends_on is None
    response = mo.post(_end_url(deputy), {**answers, "confirmed": "yes"})
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.ends_on == last_day


def test_a_deputy_added_from_a_past_date_is_confirmed_first(council: Council) -> None:
    office = _head_of_housing(council)
    mo = signed_in(council.mo)
    answers = {
        "deputy": str(council.manager.pk),
        **_date("starts_on", dt.date(2027, 2, 1)),
        "reason": "Covering since February",
    }
    body = mo.post(_deputy_url(office), answers).content.decode()
    assert "Check this change before you make it" in body
    assert "Nobody else\u2019s time in the office is cut short." in body
    assert not OfficeHolding.objects.filter(person=council.manager).exists()
    assert mo.post(_deputy_url(office), {**answers, "confirmed": "yes"}).status_code == 302
    assert OfficeHolding.objects.get(person=council.manager).starts_on == dt.date(2027, 2, 1)
