"""Writes to who holds an office.

Declarations are routed to offices, and the people who must act on each waiting step are stored.
Every change here announces itself (``people.hooks``) inside its transaction, so waiting work is
passed to whoever holds the office today; a change that starts later is picked up on its first day
by ``manage.py reassign_waiting`` (daily).

Holdings are never deleted or overwritten: an outgoing holding only gains its last day.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.people.choices import HoldingRole, OfficeKind
from probity.people.hooks import HoldingsChange, announce_holdings_changed
from probity.people.models import Office, OfficeHolding, Person
from probity.people.office_access import REFUSED
from probity.people.selectors import office_holdings_from, viewer_for_person

ONE_DAY = dt.timedelta(days=1)


class OfficeChangeRefused(ValueError):
    """A change the service will not make; ``field`` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _acting_as(*, actor: Person, now: dt.datetime) -> str:
    """The actor's standing, checked again here whatever the page checked; 403 if they have none."""
    viewer = viewer_for_person(person=actor, today=now.astimezone(LONDON).date())
    if viewer.holds(OfficeKind.MONITORING_OFFICER):
        return "Monitoring Officer"
    if viewer.is_monitoring_officer:
        return "Deputy Monitoring Officer"
    raise PermissionDenied(REFUSED)


def _check_can_hold(person: Person, *, on: dt.date, field: str) -> None:
    if not person.is_subject_to_code:
        raise OfficeChangeRefused(
            f"{person} is not a council officer, so cannot hold or deputise for an office",
            field=field,
        )
    if person.leaving_date is not None and person.leaving_date < on:
        raise OfficeChangeRefused(
            f"{person} left the council on {_day(person.leaving_date)}, before {_day(on)}",
            field=field,
        )


def office_holder_change(
    *,
    actor: Person,
    office: Office,
    new_holder: Person,
    starts_on: dt.date,
    now: dt.datetime,
    source: str = "",
) -> OfficeHolding:
    """Make ``new_holder`` the holder of ``office`` from ``starts_on``.

    The outgoing holder keeps the office until the day before. Deputies are not changed.
    """
    with transaction.atomic():
        acting_as = _acting_as(actor=actor, now=now)
        office = Office.objects.select_for_update().get(pk=office.pk)
        outgoing = list(
            office_holdings_from(
                office=office, role=HoldingRole.HOLDER, on=starts_on
            ).select_for_update(of=("self",))
        )
        for holding in outgoing:
            if holding.person_id != new_holder.pk:
                continue
            if holding.starts_on <= starts_on:
                raise OfficeChangeRefused(
                    f"{new_holder} already holds this office", field="new_holder"
                )
            raise OfficeChangeRefused(
                f"{new_holder} is already due to hold this office from {_day(holding.starts_on)}",
                field="new_holder",
            )
        _check_can_hold(new_holder, on=starts_on, field="new_holder")
        today = now.astimezone(LONDON).date()
        for holding in outgoing:
            if holding.starts_on >= starts_on:
                began = "started" if holding.starts_on <= today else "is due to start"
                raise OfficeChangeRefused(
                    f"The start date must be after {_day(holding.starts_on)}, "
                    f"when {holding.person} {began} holding this office",
                    field="starts_on",
                )
        before = {"holders": [snapshot(h) for h in outgoing]}
        for holding in outgoing:
            holding.ends_on = starts_on - ONE_DAY
            holding.save(update_fields=["ends_on"])
        incoming = OfficeHolding.objects.create(
            office=office, person=new_holder, role=HoldingRole.HOLDER, starts_on=starts_on
        )
        was = ", ".join(str(h.person) for h in outgoing) or "nobody"
        audit_record(
            actor=actor.user,
            action="office.holder_changed",
            target=office,
            at=now,
            subject="offices",
            summary=(
                f"{office.title}: {new_holder} holds the office from {_day(starts_on)} "
                f"(before: {was}). Changed by the {acting_as}."
            ),
            before=before,
            after={
                "holders": [*(snapshot(h) for h in outgoing), snapshot(incoming)],
                "acting_as": acting_as,
            },
            source=source,
        )
        announce_holdings_changed(
            HoldingsChange(
                office_ids=frozenset({office.pk}),
                person_ids=frozenset({new_holder.pk, *(h.person_id for h in outgoing)}),
                now=now,
                actor=actor,
                reason=f"{office.title} changed holder",
            )
        )
    return incoming


def office_deputy_add(
    *,
    actor: Person,
    office: Office,
    deputy: Person,
    starts_on: dt.date,
    now: dt.datetime,
    source: str = "",
) -> OfficeHolding:
    """Make ``deputy`` a deputy for ``office`` from ``starts_on``, until ended."""
    with transaction.atomic():
        acting_as = _acting_as(actor=actor, now=now)
        office = Office.objects.select_for_update().get(pk=office.pk)
        if (
            office_holdings_from(office=office, role=HoldingRole.HOLDER, on=starts_on)
            .filter(person=deputy)
            .exists()
        ):
            raise OfficeChangeRefused(
                f"{deputy} holds this office, so cannot also be its deputy", field="deputy"
            )
        if (
            office_holdings_from(office=office, role=HoldingRole.DEPUTY, on=starts_on)
            .filter(person=deputy)
            .exists()
        ):
            raise OfficeChangeRefused(
                f"{deputy} is already a deputy for this office", field="deputy"
            )
        _check_can_hold(deputy, on=starts_on, field="deputy")
        holding = OfficeHolding.objects.create(
            office=office, person=deputy, role=HoldingRole.DEPUTY, starts_on=starts_on
        )
        audit_record(
            actor=actor.user,
            action="office.deputy_added",
            target=office,
            at=now,
            subject="offices",
            summary=(
                f"{office.title}: {deputy} is a deputy from {_day(starts_on)}. "
                f"Added by the {acting_as}."
            ),
            before=None,
            after={"deputy": snapshot(holding), "acting_as": acting_as},
            source=source,
        )
        announce_holdings_changed(
            HoldingsChange(
                office_ids=frozenset({office.pk}),
                person_ids=frozenset({deputy.pk}),
                now=now,
                actor=actor,
                reason=f"{office.title} has a new deputy",
            )
        )
    return holding


def office_deputy_end(
    *,
    actor: Person,
    holding: OfficeHolding,
    ends_on: dt.date,
    now: dt.datetime,
    source: str = "",
) -> OfficeHolding:
    """Set the last day of a deputy's holding. The holding stays, with its dates."""
    with transaction.atomic():
        acting_as = _acting_as(actor=actor, now=now)
        holding = (
            OfficeHolding.objects.select_for_update(of=("self",))
            .select_related("office", "person")
            .get(pk=holding.pk)
        )
        if holding.role != HoldingRole.DEPUTY:
            raise OfficeChangeRefused(
                "Only a deputy's role can be ended here. To replace the holder, change the holder."
            )
        if holding.ends_on is not None:
            raise OfficeChangeRefused(
                f"{holding.person}'s role as deputy already ends on {_day(holding.ends_on)}",
                field="ends_on",
            )
        if ends_on < holding.starts_on:
            raise OfficeChangeRefused(
                f"The last day must be on or after {_day(holding.starts_on)}, "
                f"when {holding.person} became a deputy",
                field="ends_on",
            )
        before = snapshot(holding)
        holding.ends_on = ends_on
        holding.save(update_fields=["ends_on"])
        audit_record(
            actor=actor.user,
            action="office.deputy_ended",
            target=holding.office,
            at=now,
            subject="offices",
            summary=(
                f"{holding.office.title}: {holding.person} is a deputy until {_day(ends_on)}. "
                f"Ended by the {acting_as}."
            ),
            before={"deputy": before},
            after={"deputy": snapshot(holding), "acting_as": acting_as},
            source=source,
        )
        announce_holdings_changed(
            HoldingsChange(
                office_ids=frozenset({holding.office_id}),
                person_ids=frozenset({holding.person_id}),
                now=now,
                actor=actor,
                reason=f"{holding.office.title} lost a deputy",
            )
        )
    return holding
