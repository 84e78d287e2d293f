"""Writes to who holds an office.

Declarations are routed to offices, and the people who must act on each waiting step are stored.
Every change here announces itself (``people.hooks``) inside its transaction, so waiting work is
passed to whoever holds the office today; a change that starts later is picked up on its first day
by the daily re-assignment in the declarations app.

Office history is kept, never rewritten: holdings are not deleted, and an outgoing holding only
gains its last day. A change takes effect today or later; a date in the past needs a reason, and is
refused if it would cut short a holding under which decisions were recorded. A mistaken change is
put right by another change, which is recorded like any other.

Who may change which office is decided by ``rules.office_change_refusal``: nobody changes an office
they hold or deputise for, or appoints themselves; the Monitoring Officer's office is changed by the
Chief Executive (or a superuser from the command line); other offices by the Monitoring Officer
or a deputy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.people import hooks
from probity.people.choices import HoldingRole
from probity.people.models import Office, OfficeHolding, Person
from probity.people.office_access import REFUSED
from probity.people.rules import (
    NOT_YOURSELF,
    OfficeActor,
    OfficeFact,
    Refusal,
    Shortening,
    back_dating_refusal,
    office_change_refusal,
)
from probity.people.selectors import office_actor_for_person, office_holdings_from

ONE_DAY = dt.timedelta(days=1)
SUPERUSER = "superuser at the command line"


class OfficeChangeRefused(ValueError):
    """A change the service will not make; ``field`` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @classmethod
    def from_refusal(cls, refusal: Refusal) -> OfficeChangeRefused:
        return cls(refusal.message, field=refusal.field)


@dataclass(frozen=True)
class Authority:
    """Who makes a change, as the rules see them and as the record names them."""

    actor: OfficeActor
    user: User | None
    acting_as: str
    person: Person | None = None


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LONDON).date()


def authority_of_person(*, person: Person, today: dt.date) -> Authority:
    """A person's standing to change offices, checked again here whatever the page checked."""
    actor = office_actor_for_person(person=person, today=today)
    if not actor.keeps_offices:
        raise PermissionDenied(REFUSED)
    if actor.is_monitoring_officer:
        acting_as = "Monitoring Officer"
    elif actor.is_deputy_monitoring_officer:
        acting_as = "Deputy Monitoring Officer"
    else:
        acting_as = "Chief Executive"
    return Authority(actor=actor, user=person.user, acting_as=acting_as, person=person)


def authority_of_superuser(*, user: User) -> Authority:
    """A superuser at the command line: may change any office, but not appoint themselves."""
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied("Only an active superuser can change offices from the command line.")
    person = Person.objects.filter(user=user).first()
    actor = OfficeActor(person_id=person.pk if person else None, by_superuser=True)
    return Authority(actor=actor, user=user, acting_as=SUPERUSER, person=person)


def _check_may_change(
    authority: Authority, office: Office, *, appointee: Person | None, field: str | None = None
) -> None:
    """403 when the office is not the actor's to change; a form error when they name themselves."""
    fact = OfficeFact(office_id=office.pk, kind=office.kind)
    refusal = office_change_refusal(
        authority.actor, fact, appointee_id=appointee.pk if appointee else None
    )
    if refusal == NOT_YOURSELF:
        raise OfficeChangeRefused(refusal, field=field)
    if refusal:
        raise PermissionDenied(refusal)


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


def _shortening(holding: OfficeHolding, *, new_last_day: dt.date, today: dt.date) -> Shortening:
    """How ``holding`` would be cut short, with the decisions recorded on the days it loses."""
    last = today if holding.ends_on is None else min(holding.ends_on, today)
    acts = hooks.days_with_acts(
        person_id=holding.person_id, first=new_last_day + ONE_DAY, last=last
    )
    return Shortening(
        person_name=str(holding.person),
        role=holding.get_role_display(),
        was=holding.ends_on,
        becomes=new_last_day,
        acts=acts,
    )


@dataclass(frozen=True)
class HolderChangePlan:
    """What changing an office's holder would do, shown before a back-dated change is made."""

    office: Office
    new_holder: Person
    starts_on: dt.date
    today: dt.date
    outgoing: list[OfficeHolding]
    shortened: list[Shortening]
    withdrawn: list[OfficeHolding]

    @property
    def back_dated(self) -> bool:
        return self.starts_on < self.today


def office_holder_change_plan(
    *, office: Office, new_holder: Person, starts_on: dt.date, today: dt.date
) -> HolderChangePlan:
    """Check a change of holder and say what it would change; writes nothing.

    Holders from before ``starts_on`` are cut short to the day before. A change that has not yet
    taken effect and would start on or after ``starts_on`` is withdrawn: that is how a mistaken
    change is put right before its day.
    """
    outgoing: list[OfficeHolding] = []
    withdrawn: list[OfficeHolding] = []
    for holding in office_holdings_from(office=office, role=HoldingRole.HOLDER, on=starts_on):
        same = holding.person_id == new_holder.pk
        if holding.starts_on < starts_on:
            if same:
                began = "already holds" if holding.starts_on <= today else "is already due to hold"
                raise OfficeChangeRefused(f"{new_holder} {began} this office", field="new_holder")
            outgoing.append(holding)
        elif holding.starts_on <= today:
            raise OfficeChangeRefused(
                f"The start date must be after {_day(holding.starts_on)}, "
                f"when {holding.person} started holding this office",
                field="starts_on",
            )
        elif same and holding.starts_on == starts_on:
            raise OfficeChangeRefused(
                f"{new_holder} is already due to hold this office from {_day(starts_on)}",
                field="new_holder",
            )
        else:
            withdrawn.append(holding)
    _check_can_hold(new_holder, on=starts_on, field="new_holder")
    shortened = [_shortening(h, new_last_day=starts_on - ONE_DAY, today=today) for h in outgoing]
    return HolderChangePlan(
        office=office,
        new_holder=new_holder,
        starts_on=starts_on,
        today=today,
        outgoing=outgoing,
        shortened=shortened,
        withdrawn=withdrawn,
    )


def holder_change_refusal(plan: HolderChangePlan, *, reason: str) -> Refusal | None:
    """Whether the plan's date may be used: a date in the past needs a reason and care."""
    return back_dating_refusal(
        takes_effect=plan.starts_on, today=plan.today, reason=reason, shortened=plan.shortened
    )


def _announce(
    *, office: Office, people: list[int], authority: Authority, now: dt.datetime, reason: str
) -> None:
    hooks.announce_holdings_changed(
        hooks.HoldingsChange(
            office_ids=frozenset({office.pk}),
            person_ids=frozenset(people),
            now=now,
            actor=authority.person,
            reason=reason,
        )
    )


def _reason_note(reason: str) -> str:
    return " Back-dated; the reason is recorded." if reason.strip() else ""


def office_holder_change(
    *,
    actor: Person,
    office: Office,
    new_holder: Person,
    starts_on: dt.date,
    now: dt.datetime,
    reason: str = "",
    source: str = "",
) -> OfficeHolding:
    """Make ``new_holder`` the holder of ``office`` from ``starts_on``.

    The outgoing holder keeps the office until the day before. Deputies are not changed.
    """
    authority = authority_of_person(person=actor, today=_today(now))
    return _holder_change(
        authority=authority,
        office=office,
        new_holder=new_holder,
        starts_on=starts_on,
        now=now,
        reason=reason,
        source=source,
    )


def office_holder_change_by_superuser(
    *,
    user: User,
    office: Office,
    new_holder: Person,
    starts_on: dt.date,
    now: dt.datetime,
    reason: str = "",
    source: str = "command line",
) -> OfficeHolding:
    """The same change made by a superuser from the command line (``manage.py set_office_holder``)."""
    return _holder_change(
        authority=authority_of_superuser(user=user),
        office=office,
        new_holder=new_holder,
        starts_on=starts_on,
        now=now,
        reason=reason,
        source=source,
    )


def _holder_change(
    *,
    authority: Authority,
    office: Office,
    new_holder: Person,
    starts_on: dt.date,
    now: dt.datetime,
    reason: str,
    source: str,
) -> OfficeHolding:
    today = _today(now)
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        _check_may_change(authority, office, appointee=new_holder, field="new_holder")
        plan = office_holder_change_plan(
            office=office, new_holder=new_holder, starts_on=starts_on, today=today
        )
        refusal = holder_change_refusal(plan, reason=reason)
        if refusal:
            raise OfficeChangeRefused.from_refusal(refusal)
        locked = {
            h.pk: h
            for h in OfficeHolding.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk__in=[h.pk for h in [*plan.outgoing, *plan.withdrawn]])
        }
        outgoing = [locked[h.pk] for h in plan.outgoing]
        withdrawn = [locked[h.pk] for h in plan.withdrawn]
        before = {
            "holders": [snapshot(h) for h in outgoing],
            "withdrawn": [snapshot(h) for h in withdrawn],
        }
        for holding in outgoing:
            holding.ends_on = starts_on - ONE_DAY
            holding.save(update_fields=["ends_on"])
        for holding in withdrawn:
            holding.withdrawn = True
            holding.ends_on = holding.starts_on - ONE_DAY
            holding.save(update_fields=["withdrawn", "ends_on"])
        incoming = OfficeHolding.objects.create(
            office=office, person=new_holder, role=HoldingRole.HOLDER, starts_on=starts_on
        )
        was = ", ".join(str(h.person) for h in outgoing) or "nobody"
        put_right = "".join(f" Withdrawn: {h.person} from {_day(h.starts_on)}." for h in withdrawn)
        audit_record(
            actor=authority.user,
            action="office.holder_changed",
            target=office,
            at=now,
            subject="offices",
            summary=(
                f"{office.title}: {new_holder} holds the office from {_day(starts_on)} "
                f"(before: {was}). Changed by the {authority.acting_as}.{_reason_note(reason)}"
                f"{put_right}"
            ),
            before=before,
            after={
                "holders": [*(snapshot(h) for h in outgoing), snapshot(incoming)],
                "withdrawn": [snapshot(h) for h in withdrawn],
                "acting_as": authority.acting_as,
                "reason": reason.strip(),
            },
            source=source,
        )
        _announce(
            office=office,
            people=[new_holder.pk, *(h.person_id for h in [*outgoing, *withdrawn])],
            authority=authority,
            now=now,
            reason=f"{office.title} changed holder",
        )
    return incoming


def deputy_add_refusal(*, starts_on: dt.date, today: dt.date, reason: str) -> Refusal | None:
    """A deputy added from a date in the past needs a reason; nobody's record is cut short."""
    return back_dating_refusal(takes_effect=starts_on, today=today, reason=reason, shortened=())


def office_deputy_add(
    *,
    actor: Person,
    office: Office,
    deputy: Person,
    starts_on: dt.date,
    now: dt.datetime,
    reason: str = "",
    source: str = "",
) -> OfficeHolding:
    """Make ``deputy`` a deputy for ``office`` from ``starts_on``, until ended."""
    today = _today(now)
    authority = authority_of_person(person=actor, today=today)
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        _check_may_change(authority, office, appointee=deputy, field="deputy")
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
        refusal = deputy_add_refusal(starts_on=starts_on, today=today, reason=reason)
        if refusal:
            raise OfficeChangeRefused.from_refusal(refusal)
        holding = OfficeHolding.objects.create(
            office=office, person=deputy, role=HoldingRole.DEPUTY, starts_on=starts_on
        )
        audit_record(
            actor=authority.user,
            action="office.deputy_added",
            target=office,
            at=now,
            subject="offices",
            summary=(
                f"{office.title}: {deputy} is a deputy from {_day(starts_on)}. "
                f"Added by the {authority.acting_as}.{_reason_note(reason)}"
            ),
            before=None,
            after={
                "deputy": snapshot(holding),
                "acting_as": authority.acting_as,
                "reason": reason.strip(),
            },
            source=source,
        )
        _announce(
            office=office,
            people=[deputy.pk],
            authority=authority,
            now=now,
            reason=f"{office.title} has a new deputy",
        )
    return holding


def deputy_end_check(
    *, holding: OfficeHolding, ends_on: dt.date, today: dt.date, reason: str
) -> Shortening:
    """Check a deputy's last day; returns how their holding would be cut short."""
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
    cut = _shortening(holding, new_last_day=ends_on, today=today)
    refusal = back_dating_refusal(
        takes_effect=ends_on + ONE_DAY, today=today, reason=reason, shortened=[cut], field="ends_on"
    )
    if refusal:
        raise OfficeChangeRefused.from_refusal(refusal)
    return cut


def office_deputy_end(
    *,
    actor: Person,
    holding: OfficeHolding,
    ends_on: dt.date,
    now: dt.datetime,
    reason: str = "",
    source: str = "",
) -> OfficeHolding:
    """Set the last day of a deputy's holding. The holding stays, with its dates."""
    today = _today(now)
    authority = authority_of_person(person=actor, today=today)
    with transaction.atomic():
        holding = (
            OfficeHolding.objects.select_for_update(of=("self",))
            .select_related("office", "person")
            .get(pk=holding.pk)
        )
        _check_may_change(authority, holding.office, appointee=None)
        deputy_end_check(holding=holding, ends_on=ends_on, today=today, reason=reason)
        before = snapshot(holding)
        holding.ends_on = ends_on
        holding.save(update_fields=["ends_on"])
        audit_record(
            actor=authority.user,
            action="office.deputy_ended",
            target=holding.office,
            at=now,
            subject="offices",
            summary=(
                f"{holding.office.title}: {holding.person} is a deputy until {_day(ends_on)}. "
                f"Ended by the {authority.acting_as}.{_reason_note(reason)}"
            ),
            before={"deputy": before},
            after={
                "deputy": snapshot(holding),
                "acting_as": authority.acting_as,
                "reason": reason.strip(),
            },
            source=source,
        )
        _announce(
            office=holding.office,
            people=[holding.person_id],
            authority=authority,
            now=now,
            reason=f"{holding.office.title} lost a deputy",
        )
    return holding


def office_deputy_withdraw(
    *, actor: Person, holding: OfficeHolding, now: dt.datetime, source: str = ""
) -> OfficeHolding:
    """Withdraw a deputy added by mistake, before their first day. The row is kept, marked."""
    today = _today(now)
    authority = authority_of_person(person=actor, today=today)
    with transaction.atomic():
        holding = (
            OfficeHolding.objects.select_for_update(of=("self",))
            .select_related("office", "person")
            .get(pk=holding.pk)
        )
        _check_may_change(authority, holding.office, appointee=None)
        if holding.role != HoldingRole.DEPUTY or holding.withdrawn:
            raise OfficeChangeRefused("Only a deputy who has not started can be withdrawn.")
        if holding.starts_on <= today:
            raise OfficeChangeRefused(
                f"{holding.person} has been a deputy since {_day(holding.starts_on)}: "
                "end their role instead, so that the record stays whole"
            )
        before = snapshot(holding)
        holding.withdrawn = True
        holding.ends_on = holding.starts_on - ONE_DAY
        holding.save(update_fields=["withdrawn", "ends_on"])
        audit_record(
            actor=authority.user,
            action="office.deputy_withdrawn",
            target=holding.office,
            at=now,
            subject="offices",
            summary=(
                f"{holding.office.title}: {holding.person} will not be a deputy from "
                f"{_day(holding.starts_on)} after all. Withdrawn by the {authority.acting_as}."
            ),
            before={"deputy": before},
            after={"deputy": snapshot(holding), "acting_as": authority.acting_as},
            source=source,
        )
        _announce(
            office=holding.office,
            people=[holding.person_id],
            authority=authority,
            now=now,
            reason=f"{holding.office.title} lost a deputy",
        )
    return holding
