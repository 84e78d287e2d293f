"""Who may change which office, back-dating, and the hook that re-assigns waiting work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from conftest import Council
from probity.core.models import AuditEvent
from probity.people import hooks, services
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.models import Office, OfficeHolding, Person
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 3, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2027, 3, 3)
TOMORROW = TODAY + dt.timedelta(days=1)
LAST_MONTH = dt.date(2027, 2, 1)


@pytest.fixture
def announced() -> Iterator[list[tuple[hooks.HoldingsChange, bool]]]:
    """Register a callback that notes each change and whether it ran inside a transaction."""
    seen: list[tuple[hooks.HoldingsChange, bool]] = []

    def note(change: hooks.HoldingsChange) -> None:
        seen.append((change, transaction.get_connection().in_atomic_block))

    hooks.holdings_changed.append(note)
    yield seen
    hooks.holdings_changed.remove(note)


@pytest.fixture
def chief(council: Council) -> Person:
    person = make_person("chief", service=council.planning, full_name="Chris Chief")
    hold_office(person, OfficeKind.CHIEF_EXECUTIVE)
    return person


def _office(kind: OfficeKind, *, title: str = "") -> Office:
    office, _ = Office.objects.get_or_create(
        kind=kind, service=None, defaults={"title": title or kind.label}
    )
    return office


def _mo_office() -> Office:
    return Office.objects.get(kind=OfficeKind.MONITORING_OFFICER)


def _housing(council: Council) -> Office:
    return Office.objects.get(kind=OfficeKind.HEAD_OF_SERVICE, service=council.housing)


def test_the_deputy_monitoring_officer_cannot_make_himself_monitoring_officer(
    council: Council,
) -> None:
    with pytest.raises(services.OfficeChangeRefused) as refused:
        services.office_holder_change(
            actor=council.deputy,
            office=_mo_office(),
            new_holder=council.deputy,
            starts_on=TODAY,
            now=NOW,
        )
    assert "You cannot make yourself" in str(refused.value)
    assert OfficeHolding.objects.get(office=_mo_office(), role=HoldingRole.HOLDER).person == (
        council.mo
    )
    assert not AuditEvent.objects.filter(action="office.holder_changed").exists()


def test_the_deputy_monitoring_officer_cannot_change_the_monitoring_officers_office(
    council: Council,
) -> None:
    with pytest.raises(PermissionDenied):
        services.office_holder_change(
            actor=council.deputy,
            office=_mo_office(),
            new_holder=council.stranger,
            starts_on=TOMORROW,
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        services.office_deputy_add(
            actor=council.deputy,
            office=_mo_office(),
            deputy=council.stranger,
            starts_on=TOMORROW,
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        services.office_deputy_end(
            actor=council.deputy,
            holding=OfficeHolding.objects.get(person=council.deputy),
            ends_on=TOMORROW,
            now=NOW,
        )


def test_the_deputy_monitoring_officer_cannot_make_himself_deputy_of_corporate_finance(
    council: Council,
) -> None:
    finance = _office(OfficeKind.HEAD_OF_CORPORATE_FINANCE)
    with pytest.raises(services.OfficeChangeRefused) as refused:
        services.office_deputy_add(
            actor=council.deputy, office=finance, deputy=council.deputy, starts_on=TODAY, now=NOW
        )
    assert refused.value.field == "deputy"
    assert not OfficeHolding.objects.filter(office=finance).exists()


def test_the_monitoring_officer_cannot_change_their_own_office(council: Council) -> None:
    with pytest.raises(PermissionDenied):
        services.office_deputy_add(
            actor=council.mo,
            office=_mo_office(),
            deputy=council.stranger,
            starts_on=TOMORROW,
            now=NOW,
        )


def test_the_chief_executive_changes_the_monitoring_officers_office(
    council: Council, chief: Person, announced: list[tuple[hooks.HoldingsChange, bool]]
) -> None:
    office = _mo_office()
    services.office_holder_change(
        actor=chief, office=office, new_holder=council.stranger, starts_on=TOMORROW, now=NOW
    )
    holders = OfficeHolding.objects.filter(office=office, role=HoldingRole.HOLDER)
    assert [(h.person, h.ends_on) for h in holders.order_by("starts_on")] == [
        (council.mo, TODAY),
        (council.stranger, None),
    ]
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.actor == chief.user
    assert event.after is not None and event.after["acting_as"] == "Chief Executive"
    assert "Changed by the Chief Executive" in event.summary
    assert [c.office_ids for c, _ in announced] == [frozenset({office.pk})]
    assert announced[0][0].person_ids == {council.stranger.pk, council.mo.pk}


def test_the_chief_executive_cannot_change_other_offices(council: Council, chief: Person) -> None:
    with pytest.raises(PermissionDenied):
        services.office_holder_change(
            actor=chief,
            office=_housing(council),
            new_holder=council.manager,
            starts_on=TOMORROW,
            now=NOW,
        )


def test_an_office_with_no_holder_gets_one(
    council: Council, announced: list[tuple[hooks.HoldingsChange, bool]]
) -> None:
    vacant = _office(OfficeKind.HR_OD_MANAGER)
    holding = services.office_holder_change(
        actor=council.deputy, office=vacant, new_holder=council.manager, starts_on=TODAY, now=NOW
    )
    assert (holding.person, holding.starts_on, holding.ends_on) == (council.manager, TODAY, None)
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.before == {"holders": [], "withdrawn": []}
    assert "(before: nobody)" in event.summary
    assert "Changed by the Deputy Monitoring Officer" in event.summary
    assert len(announced) == 1


def test_every_change_of_holdings_calls_the_hook_inside_the_transaction(
    council: Council, announced: list[tuple[hooks.HoldingsChange, bool]]
) -> None:
    office = _housing(council)
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.manager, starts_on=TOMORROW, now=NOW
    )
    deputy = services.office_deputy_add(
        actor=council.mo, office=office, deputy=council.officer, starts_on=TOMORROW, now=NOW
    )
    services.office_deputy_end(actor=council.mo, holding=deputy, ends_on=TOMORROW, now=NOW)
    assert [(c.office_ids, c.person_ids, c.now, inside) for c, inside in announced] == [
        (frozenset({office.pk}), frozenset({council.manager.pk, council.head.pk}), NOW, True),
        (frozenset({office.pk}), frozenset({council.officer.pk}), NOW, True),
        (frozenset({office.pk}), frozenset({council.officer.pk}), NOW, True),
    ]
    assert {c.actor for c, _ in announced} == {council.mo}
    assert [c.reason for c, _ in announced] == [
        "Head of Service changed holder",
        "Head of Service has a new deputy",
        "Head of Service lost a deputy",
    ]


def test_a_failing_hook_undoes_the_change(council: Council) -> None:
    def refuse(change: hooks.HoldingsChange) -> None:
        raise RuntimeError("re-assigning failed")

    hooks.holdings_changed.append(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.office_holder_change(
                actor=council.mo,
                office=_housing(council),
                new_holder=council.manager,
                starts_on=TOMORROW,
                now=NOW,
            )
    finally:
        hooks.holdings_changed.remove(refuse)
    assert not OfficeHolding.objects.filter(person=council.manager).exists()
    assert not AuditEvent.objects.filter(action="office.holder_changed").exists()


@pytest.mark.django_db(transaction=True)
def test_announcing_outside_a_transaction_is_refused() -> None:
    change = hooks.HoldingsChange(office_ids=frozenset(), person_ids=frozenset(), now=NOW)
    with pytest.raises(RuntimeError):
        hooks.announce_holdings_changed(change)


def test_a_back_dated_start_needs_a_reason(council: Council) -> None:
    with pytest.raises(services.OfficeChangeRefused) as refused:
        services.office_holder_change(
            actor=council.mo,
            office=_housing(council),
            new_holder=council.manager,
            starts_on=LAST_MONTH,
            now=NOW,
        )
    assert refused.value.field == "reason"
    assert OfficeHolding.objects.get(person=council.head).ends_on is None


def test_a_back_dated_start_with_a_reason_is_made_and_recorded(council: Council) -> None:
    services.office_holder_change(
        actor=council.mo,
        office=_housing(council),
        new_holder=council.manager,
        starts_on=LAST_MONTH,
        reason="Appointed on 1 February; the change was not entered then",
        now=NOW,
    )
    assert OfficeHolding.objects.get(person=council.head).ends_on == LAST_MONTH - dt.timedelta(1)
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.after is not None
    assert event.after["reason"] == "Appointed on 1 February; the change was not entered then"
    assert "Back-dated" in event.summary


def test_a_back_date_that_would_cut_short_a_record_with_decisions_is_refused(
    council: Council,
) -> None:
    decided = dt.date(2027, 2, 20)

    def head_decided(person_id: int, first: dt.date, last: dt.date) -> frozenset[dt.date]:
        return (
            frozenset({decided})
            if person_id == council.head.pk and first <= decided
            else (frozenset())
        )

    hooks.acts_recorded.append(head_decided)
    try:
        with pytest.raises(services.OfficeChangeRefused) as refused:
            services.office_holder_change(
                actor=council.mo,
                office=_housing(council),
                new_holder=council.manager,
                starts_on=LAST_MONTH,
                reason="Appointed in February",
                now=NOW,
            )
        assert refused.value.field == "starts_on"
        assert "after 20 February 2027" in str(refused.value)
        assert OfficeHolding.objects.get(person=council.head).ends_on is None
        # A start after the last decision keeps the record whole, so it is allowed.
        services.office_holder_change(
            actor=council.mo,
            office=_housing(council),
            new_holder=council.manager,
            starts_on=decided + dt.timedelta(days=1),
            reason="Appointed after half-term",
            now=NOW,
        )
    finally:
        hooks.acts_recorded.remove(head_decided)
    assert OfficeHolding.objects.get(person=council.head).ends_on == decided


def test_ending_a_deputy_in_the_past_keeps_days_with_decisions(council: Council) -> None:
    office = _housing(council)
    deputy = hold_office(
        council.manager,
        OfficeKind.HEAD_OF_SERVICE,
        service=council.housing,
        role=HoldingRole.DEPUTY,
    )

    def manager_decided(person_id: int, first: dt.date, last: dt.date) -> frozenset[dt.date]:
        return frozenset({dt.date(2027, 3, 1)}) if person_id == council.manager.pk else frozenset()

    hooks.acts_recorded.append(manager_decided)
    try:
        with pytest.raises(services.OfficeChangeRefused) as refused:
            services.office_deputy_end(
                actor=council.mo, holding=deputy, ends_on=LAST_MONTH, reason="Left", now=NOW
            )
    finally:
        hooks.acts_recorded.remove(manager_decided)
    assert refused.value.field == "ends_on"
    assert office.pk == deputy.office_id


def test_a_mistaken_change_is_put_right_by_another_recorded_change(council: Council) -> None:
    office = _housing(council)
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.officer, starts_on=TODAY, now=NOW
    )
    services.office_holder_change(
        actor=council.mo, office=office, new_holder=council.head, starts_on=TOMORROW, now=NOW
    )
    rows = OfficeHolding.objects.filter(office=office).order_by("starts_on", "pk")
    assert [(h.person, h.starts_on, h.ends_on) for h in rows] == [
        (council.head, dt.date(2020, 1, 1), TODAY - dt.timedelta(days=1)),
        (council.officer, TODAY, TODAY),
        (council.head, TOMORROW, None),
    ]
    assert AuditEvent.objects.filter(action="office.holder_changed").count() == 2


def test_a_superuser_sets_the_monitoring_officer_from_the_command_line(
    council: Council, announced: list[tuple[hooks.HoldingsChange, bool]]
) -> None:
    User.objects.create_superuser("root", "root@example.org", "x")
    call_command(
        "set_office_holder",
        "--as",
        "root",
        "--office",
        OfficeKind.MONITORING_OFFICER,
        "--person",
        council.stranger.email,
        "--starts-on",
        TOMORROW.isoformat(),
    )
    holding = OfficeHolding.objects.get(office=_mo_office(), person=council.stranger)
    assert holding.starts_on == TOMORROW
    event = AuditEvent.objects.get(action="office.holder_changed")
    assert event.actor is not None and event.actor.username == "root"
    assert event.source == "command line"
    assert "superuser at the command line" in event.summary
    assert len(announced) == 1


def test_the_command_refuses_anyone_but_a_superuser(council: Council) -> None:
    assert council.deputy.user is not None
    with pytest.raises(CommandError):
        call_command(
            "set_office_holder",
            "--as",
            council.deputy.user.username,
            "--office",
            OfficeKind.MONITORING_OFFICER,
            "--person",
            council.deputy.email,
        )
    assert not AuditEvent.objects.exists()


def test_a_deputy_added_by_mistake_is_withdrawn_before_they_start(
    council: Council, announced: list[tuple[hooks.HoldingsChange, bool]]
) -> None:
    office = _housing(council)
    deputy = services.office_deputy_add(
        actor=council.mo, office=office, deputy=council.officer, starts_on=TOMORROW, now=NOW
    )
    services.office_deputy_withdraw(actor=council.mo, holding=deputy, now=NOW)
    deputy.refresh_from_db()
    assert deputy.withdrawn and deputy.ends_on == TODAY
    assert not OfficeHolding.objects.filter(pk=deputy.pk, ends_on__gte=TOMORROW).exists()
    event = AuditEvent.objects.get(action="office.deputy_withdrawn")
    assert "will not be a deputy from 4 March 2027 after all" in event.summary
    assert len(announced) == 2


def test_a_deputy_who_has_started_is_ended_not_withdrawn(council: Council) -> None:
    with pytest.raises(services.OfficeChangeRefused, match="end their role instead"):
        services.office_deputy_withdraw(
            actor=council.mo,
            holding=hold_office(
                council.officer,
                OfficeKind.HEAD_OF_SERVICE,
                service=council.housing,
                role=HoldingRole.DEPUTY,
            ),
            now=NOW,
        )
