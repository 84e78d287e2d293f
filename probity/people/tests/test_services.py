"""Changing who holds an office and who deputises: the Monitoring Officer's writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Council
from probity.core.models import AuditEvent
from probity.people import services
from probity.people.choices import HoldingRole, OfficeKind, PersonKind
from probity.people.models import Office, OfficeHolding, Person
from probity.people.selectors import viewer_for_person
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 3)
TOMORROW = TODAY + dt.timedelta(days=1)


def _head_of_housing(council: Council) -> Office:
    return Office.objects.get(kind=OfficeKind.HEAD_OF_SERVICE, service=council.housing)


def test_changing_the_holder_ends_the_old_holding_and_starts_a_new_one(council: Council) -> None:
    office = _head_of_housing(council)
    old = OfficeHolding.objects.get(office=office, role=HoldingRole.HOLDER)
    new = services.office_holder_change(
        actor=council.mo,
        office=office,
        new_holder=council.manager,
        starts_on=TOMORROW,
        now=NOW,
        source="127.0.0.1",
    )
    old.refresh_from_db()
    assert old.person == council.head
    assert old.starts_on == dt.date(2020, 1, 1)
    assert old.ends_on == TODAY
    assert (new.person, new.role, new.starts_on, new.ends_on) == (
        council.manager,
        HoldingRole.HOLDER,
        TOMORROW,
        None,
    )
    assert OfficeHolding.objects.filter(office=office).count() == 2

    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.actor == council.mo.user
    assert event.subject == "offices"
    assert event.target_id == str(office.pk)
    assert event.source == "127.0.0.1"
    assert event.before is not None and event.after is not None
    assert [h["ends_on"] for h in event.before["holders"]] == [None]
    assert [h["ends_on"] for h in event.after["holders"]] == [TODAY.isoformat(), None]
    assert event.after["acting_as"] == "Monitoring Officer"
    assert event.summary.startswith("Head of Service: Manager holds the office from 4 March 2027")
    assert "(before: Head)" in event.summary


def test_pending_work_moves_to_the_new_holder_from_the_start_date(council: Council) -> None:
    first = make_person("first", service=council.housing)
    second = make_person("second", service=council.housing)
    hold_office(first, OfficeKind.HR_OD_MANAGER, starts_on=dt.date(2024, 1, 1))
    office = Office.objects.get(kind=OfficeKind.HR_OD_MANAGER)
    assert viewer_for_person(person=first, today=TODAY).holds(OfficeKind.HR_OD_MANAGER)

    services.office_holder_change(
        actor=council.mo, office=office, new_holder=second, starts_on=TOMORROW, now=NOW
    )

    # Today the work is still with the outgoing holder; from tomorrow it is with the new one.
    assert viewer_for_person(person=first, today=TODAY).holds(OfficeKind.HR_OD_MANAGER)
    assert not viewer_for_person(person=second, today=TODAY).holds(OfficeKind.HR_OD_MANAGER)
    day_after = TOMORROW + dt.timedelta(days=1)
    assert viewer_for_person(person=second, today=day_after).holds(OfficeKind.HR_OD_MANAGER)
    assert not viewer_for_person(person=first, today=day_after).holds(OfficeKind.HR_OD_MANAGER)


def test_a_vacant_office_gets_a_holder(council: Council) -> None:
    office = Office.objects.create(kind=OfficeKind.FRAUD_MANAGER, title="Corporate Fraud Manager")
    holding = services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.manager, starts_on=TODAY, now=NOW
    )
    assert holding.person == council.manager
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.before == {"holders": [], "withdrawn": []}


def test_a_deputy_monitoring_officer_can_act_and_the_record_says_so(council: Council) -> None:
    services.office_holder_change(
        actor=council.deputy,
        office=_head_of_housing(council),
        new_holder=council.manager,
        starts_on=TOMORROW,
        now=NOW,
    )
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.actor == council.deputy.user
    assert event.after is not None and event.after["acting_as"] == "Deputy Monitoring Officer"
    assert "Deputy Monitoring Officer" in event.summary


@pytest.mark.parametrize("persona", ["officer", "manager", "head", "auditor", "councillor"])
def test_only_the_monitoring_officer_and_deputies_may_change_offices(
    council: Council, persona: str
) -> None:
    actor = getattr(council, persona)
    office = _head_of_housing(council)
    with pytest.raises(PermissionDenied):
        services.office_holder_change(
            actor=actor, office=office, new_holder=council.manager, starts_on=TOMORROW, now=NOW
        )
    with pytest.raises(PermissionDenied):
        services.office_deputy_add(
            actor=actor, office=office, deputy=council.manager, starts_on=TOMORROW, now=NOW
        )
    deputy = OfficeHolding.objects.get(role=HoldingRole.DEPUTY)
    with pytest.raises(PermissionDenied):
        services.office_deputy_end(actor=actor, holding=deputy, ends_on=TODAY, now=NOW)
    assert OfficeHolding.objects.filter(ends_on__isnull=False).count() == 0
    assert OfficeHolding.objects.count() == 4
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()


def test_a_former_monitoring_officer_is_refused(council: Council) -> None:
    mo_office = Office.objects.get(kind=OfficeKind.MONITORING_OFFICER)
    chief = make_person("chief", service=council.planning)
    hold_office(chief, OfficeKind.CHIEF_EXECUTIVE)
    services.office_holder_change(
        actor=chief, office=mo_office, new_holder=council.stranger, starts_on=TODAY, now=NOW
    )
    with pytest.raises(PermissionDenied):
        services.office_holder_change(
            actor=council.mo,
            office=_head_of_housing(council),
            new_holder=council.manager,
            starts_on=TOMORROW,
            now=NOW,
        )


def test_refusals_when_changing_the_holder(council: Council) -> None:
    office = _head_of_housing(council)

    def change(person: Person, starts_on: dt.date) -> None:
        services.office_holder_change(
            actor=council.mo, office=office, new_holder=person, starts_on=starts_on, now=NOW
        )

    with pytest.raises(services.OfficeChangeRefused, match="already holds this office") as info:
        change(council.head, TOMORROW)
    assert info.value.field == "new_holder"
    with pytest.raises(ValueError, match="not a council officer"):
        change(council.councillor, TOMORROW)
    leaver = make_person("leaver", leaving_date=TODAY)
    with pytest.raises(ValueError, match="left the council on 3 March 2027"):
        change(leaver, TOMORROW)
    with pytest.raises(services.OfficeChangeRefused, match="must be after 1 January 2020") as info:
        change(council.manager, dt.date(2019, 12, 31))
    assert info.value.field == "starts_on"
    with pytest.raises(ValueError, match="must be after 1 January 2020"):
        change(council.manager, dt.date(2020, 1, 1))
    assert OfficeHolding.objects.filter(office=office).count() == 1
    assert not AuditEvent.objects.exclude(action__startswith="account.").exists()

    # A leaver can still be given an office up to their last day, and a contractor can hold one.
    change(leaver, TODAY)
    contractor = make_person("contractor2", kind=PersonKind.CONTRACTOR)
    with pytest.raises(ValueError, match="must be after 3 March 2027, when Leaver started"):
        change(contractor, TODAY)
    change(contractor, TOMORROW)
    with pytest.raises(ValueError, match="already due to hold this office from 4 March 2027"):
        change(contractor, TOMORROW)
    with pytest.raises(ValueError, match="must be after 3 March 2027, when Leaver started"):
        change(contractor, TODAY)


def test_a_change_due_later_is_withdrawn_by_a_new_change_that_starts_first(
    council: Council,
) -> None:
    office = _head_of_housing(council)
    later = TODAY + dt.timedelta(days=30)
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.manager, starts_on=later, now=NOW
    )
    # The manager was named by mistake: the stranger takes over tomorrow instead.
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.stranger, starts_on=TOMORROW, now=NOW
    )
    manager = OfficeHolding.objects.get(office=office, person=council.manager)
    assert manager.withdrawn
    assert manager.ends_on == later - dt.timedelta(days=1)  # never held, but kept
    head = OfficeHolding.objects.get(office=office, person=council.head)
    assert head.ends_on == TODAY
    day_after = later + dt.timedelta(days=1)
    assert not viewer_for_person(person=council.manager, today=day_after).headed_service_ids
    assert viewer_for_person(person=council.stranger, today=day_after).headed_service_ids == {
        council.housing.pk
    }
    event = AuditEvent.objects.filter(action="office.holder_changed").last()
    assert event is not None and event.after is not None
    assert [h["person"] for h in event.after["withdrawn"]] == [council.manager.pk]
    assert "Withdrawn: Manager from 2 April 2027." in event.summary


def test_a_change_after_one_already_due_cuts_that_one_short(council: Council) -> None:
    office = _head_of_housing(council)
    later = TODAY + dt.timedelta(days=30)
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.manager, starts_on=later, now=NOW
    )
    services.office_holder_change(
        actor=council.mo,
        office=office,
        new_holder=council.stranger,
        starts_on=later + dt.timedelta(days=7),
        now=NOW,
    )
    manager = OfficeHolding.objects.get(office=office, person=council.manager)
    assert manager.ends_on == later + dt.timedelta(days=6)
    assert not manager.withdrawn


def test_a_mistaken_change_due_later_is_undone_by_naming_the_holder_again(
    council: Council,
) -> None:
    office = _head_of_housing(council)
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.manager, starts_on=TOMORROW, now=NOW
    )
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.head, starts_on=TOMORROW, now=NOW
    )
    for day in (TODAY, TOMORROW, TOMORROW + dt.timedelta(days=100)):
        assert viewer_for_person(person=council.head, today=day).headed_service_ids == {
            council.housing.pk
        }
        assert not viewer_for_person(person=council.manager, today=day).headed_service_ids
    assert OfficeHolding.objects.filter(office=office).count() == 3  # nothing deleted
    assert AuditEvent.objects.filter(action="office.holder_changed").count() == 2


def test_adding_and_ending_a_deputy(council: Council) -> None:
    office = _head_of_housing(council)
    holding = services.office_deputy_add(
        actor=council.mo, office=office, deputy=council.manager, starts_on=TODAY, now=NOW
    )
    assert (holding.role, holding.starts_on, holding.ends_on) == (HoldingRole.DEPUTY, TODAY, None)
    viewer = viewer_for_person(person=council.manager, today=TODAY)
    assert viewer.holds_or_deputises(OfficeKind.HEAD_OF_SERVICE)
    assert council.housing.pk in viewer.headed_service_ids
    added = AuditEvent.objects.get(action="office.deputy_added")
    assert added.actor == council.mo.user
    assert added.after is not None and added.after["deputy"]["person"] == council.manager.pk

    ended = services.office_deputy_end(
        actor=council.deputy, holding=holding, ends_on=TOMORROW, now=NOW
    )
    assert ended.ends_on == TOMORROW
    assert OfficeHolding.objects.filter(pk=holding.pk).exists()
    event = AuditEvent.objects.get(action="office.deputy_ended")
    assert event.actor == council.deputy.user
    assert event.before is not None and event.before["deputy"]["ends_on"] is None
    assert event.after is not None and event.after["deputy"]["ends_on"] == TOMORROW.isoformat()
    later = TOMORROW + dt.timedelta(days=1)
    assert not viewer_for_person(person=council.manager, today=later).holds_or_deputises(
        OfficeKind.HEAD_OF_SERVICE
    )


def test_refusals_when_adding_or_ending_a_deputy(council: Council) -> None:
    office = _head_of_housing(council)
    with pytest.raises(ValueError, match="holds this office, so cannot also be its deputy"):
        services.office_deputy_add(
            actor=council.mo, office=office, deputy=council.head, starts_on=TODAY, now=NOW
        )
    with pytest.raises(ValueError, match="not a council officer"):
        services.office_deputy_add(
            actor=council.mo, office=office, deputy=council.councillor, starts_on=TODAY, now=NOW
        )
    holding = services.office_deputy_add(
        actor=council.mo, office=office, deputy=council.manager, starts_on=TODAY, now=NOW
    )
    with pytest.raises(ValueError, match="already a deputy"):
        services.office_deputy_add(
            actor=council.mo, office=office, deputy=council.manager, starts_on=TOMORROW, now=NOW
        )
    with pytest.raises(services.OfficeChangeRefused, match="on or after 3 March 2027") as info:
        services.office_deputy_end(
            actor=council.mo, holding=holding, ends_on=TODAY - dt.timedelta(days=1), now=NOW
        )
    assert info.value.field == "ends_on"
    holder = OfficeHolding.objects.get(office=office, role=HoldingRole.HOLDER)
    with pytest.raises(ValueError, match="Only a deputy"):
        services.office_deputy_end(actor=council.mo, holding=holder, ends_on=TODAY, now=NOW)
    services.office_deputy_end(actor=council.mo, holding=holding, ends_on=TODAY, now=NOW)
    with pytest.raises(ValueError, match="already ends on 3 March 2027"):
        services.office_deputy_end(actor=council.mo, holding=holding, ends_on=TOMORROW, now=NOW)
    holder.refresh_from_db()
    assert holder.ends_on is None
    assert AuditEvent.objects.filter(action="office.deputy_ended").count() == 1
