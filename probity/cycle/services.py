"""Writes of the annual round. Each is one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F

from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.cycle.choices import MembershipState, ReviewOutcome
from probity.cycle.models import CycleSettings, InterestReview, Round, RoundMembership
from probity.cycle.rules import Population, may_close, population_problem, readiness
from probity.cycle.schedule import escalation_days_problem, reminder_days_problem
from probity.cycle.selectors import live_entries, people_in_population
from probity.declarations.models import Declaration
from probity.declarations.rules import KIND_RULES
from probity.declarations.services import declaration_end, declaration_submit
from probity.people.access import require_monitoring_officer
from probity.people.models import Grade, Person, Service
from probity.people.rules import Viewer
from probity.people.selectors import viewer_for_person

#: The kind that says there is nothing to declare (the nil return), found by its rule.
NIL_RETURN_KIND = next(rule.kind for rule in KIND_RULES if rule.nothing_to_declare)


class RoundRefused(ValueError):
    """A change the rules do not allow; the message says why, for the person."""


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(LONDON).date()


def _insert_memberships(*, round: Round, population: Population, today: dt.date) -> int:
    """Write one membership per person in the population, in one INSERT ... SELECT."""
    people = (
        people_in_population(population=population, today=today)
        .order_by()
        .annotate(
            m_person=F("id"), m_service=F("service_id"), m_directorate=F("service__directorate_id")
        )
        .values("m_person", "m_service", "m_directorate")
    )
    select_sql, params = people.query.get_compiler(using=connection.alias).as_sql()
    table = connection.ops.quote_name(RoundMembership._meta.db_table)
    sql = (
        f"INSERT INTO {table} "  # noqa: S608 - the model's own table; values are parameters
        "(round_id, person_id, service_id, directorate_id, state) "
        f"SELECT %s, people.m_person, people.m_service, people.m_directorate, %s "
        f"FROM ({select_sql}) people"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [round.pk, str(MembershipState.OUTSTANDING), *params])
        count = int(cursor.rowcount)
        if connection.vendor == "postgresql":
            # Thousands of new rows: let the planner know before the daily run reads them.
            cursor.execute(f"ANALYZE {table}")
        return count


def round_open(
    *,
    actor: Person,
    title: str,
    deadline: dt.date,
    population: Population,
    now: dt.datetime,
    source: str = "",
) -> Round:
    """The Monitoring Officer opens an annual round: everyone in the population, as it is today,
    is asked to confirm their declarations or make a nil return by the deadline."""
    require_monitoring_officer(person=actor, now=now)
    today = _today(now)
    if not title.strip():
        raise RoundRefused("Enter a title for the round")
    if deadline <= today:
        raise RoundRefused("The deadline must be after today")
    problem = population_problem(population)
    if problem:
        raise RoundRefused(problem)
    with transaction.atomic():
        round = Round.objects.create(
            title=title.strip(),
            opened_on=today,
            deadline=deadline,
            opened_at=now,
            opened_by=actor,
            scope=population.scope,
            min_grade=Grade.objects.filter(rank=population.min_grade_rank).first()
            if population.min_grade_rank is not None
            else None,
            population=population.as_record(),
        )
        if population.service_ids:
            round.services.set(Service.objects.filter(pk__in=sorted(population.service_ids)))
        round.member_count = _insert_memberships(round=round, population=population, today=today)
        round.save(update_fields=["member_count"])
        audit_record(
            actor=actor.user,
            action="round.opened",
            target=round,
            at=now,
            subject=f"round-{round.pk}",
            summary=f"Opened “{round.title}” for {round.member_count} people, due {deadline:%d %B %Y}",
            after=snapshot(round),
            source=source,
        )
    return round


def round_close(
    *, actor: Person, round: Round, reason: str = "", now: dt.datetime, source: str = ""
) -> Round:
    """The Monitoring Officer closes a round: no more reminders or escalations, and every return
    still outstanding is recorded as not made (nothing is removed). On or after the deadline; before
    it only with a reason, which is kept. Once only."""
    today = _today(now)
    viewer = viewer_for_person(person=actor, today=today)
    with transaction.atomic():
        # The daily run and every return lock the round or their membership: none can cross this.
        round = Round.objects.select_for_update().get(pk=round.pk)
        verdict = may_close(
            is_monitoring_officer=viewer.is_monitoring_officer,
            closed=round.is_closed,
            deadline=round.deadline,
            today=today,
            reason=reason,
        )
        if not verdict.allowed:
            if not viewer.is_monitoring_officer:
                raise PermissionDenied(verdict.reason)
            raise RoundRefused(verdict.reason)
        before = snapshot(round)
        not_made = RoundMembership.objects.filter(
            round=round, state=MembershipState.OUTSTANDING
        ).update(state=MembershipState.NOT_MADE)
        round.closed_at = now
        round.closed_by = actor
        round.close_reason = reason.strip() if verdict.needs_reason else ""
        round.not_made_count = not_made
        round.save(update_fields=["closed_at", "closed_by", "close_reason", "not_made_count"])
        early = " before its deadline" if verdict.needs_reason else ""
        audit_record(
            actor=actor.user,
            action="round.closed",
            target=round,
            at=now,
            subject=f"round-{round.pk}",
            summary=(
                f"Closed “{round.title}”{early}: {not_made} of {round.member_count} "
                f"{'return was' if not_made == 1 else 'returns were'} not made"
            ),
            before=before,
            after=snapshot(round),
            source=source,
        )
    return round


def _locked(membership: RoundMembership, person: Person) -> RoundMembership:
    locked = (
        RoundMembership.objects.select_for_update(of=("self",))
        .select_related("round", "person")
        .get(pk=membership.pk)
    )
    if locked.person_id != person.pk:
        raise PermissionDenied("Only the person asked can make this return.")
    if locked.state == MembershipState.NOT_MADE or locked.round.is_closed:
        raise RoundRefused("This round has closed: the return can no longer be made.")
    return locked


def interest_review(
    *,
    actor: Person,
    viewer: Viewer,
    membership: RoundMembership,
    declaration: Declaration,
    outcome: ReviewOutcome,
    ends_on: dt.date | None = None,
    now: dt.datetime,
    source: str = "",
) -> InterestReview:
    """A member says one of their live declarations is still current, or has ended (which ends
    it the usual way: a new version with the end date; nothing is removed)."""
    today = _today(now)
    with transaction.atomic():
        membership = _locked(membership, actor)
        if membership.state != MembershipState.OUTSTANDING:
            raise RoundRefused("This return has already been made.")
        live = {
            e.version.declaration_id: e for e in live_entries(membership=membership, today=today)
        }
        entry = live.get(declaration.pk)
        if entry is None or not entry.endable:
            raise RoundRefused("That declaration is not one of your live interests.")
        if outcome == ReviewOutcome.ENDED:
            if ends_on is None:
                raise RoundRefused("Enter the date it ended")
            if ends_on > today:
                raise RoundRefused("The date it ended must be today or in the past")
            declaration_end(
                actor=actor,
                viewer=viewer,
                declaration=entry.version.declaration,
                ends_on=ends_on,
                reason=f"Ended when reviewed for “{membership.round.title}”",
                now=now,
                source=source,
            )
        review, _ = InterestReview.objects.update_or_create(
            membership=membership,
            declaration=declaration,
            defaults={"outcome": outcome, "recorded_at": now},
        )
        audit_record(
            actor=actor.user,
            action="round.interest_reviewed",
            target=membership,
            at=now,
            subject=declaration.reference,
            summary=f"Said it is {ReviewOutcome(outcome).label.lower()} in “{membership.round.title}”",
            after=snapshot(review),
            source=source,
        )
    return review


def return_confirm(
    *, actor: Person, membership: RoundMembership, now: dt.datetime, source: str = ""
) -> RoundMembership:
    """A member confirms their declarations are complete."""
    today = _today(now)
    with transaction.atomic():
        membership = _locked(membership, actor)
        ready = readiness(
            [e.item for e in live_entries(membership=membership, today=today)],
            state=MembershipState(membership.state),
        )
        if not ready.can_confirm:
            raise RoundRefused(ready.reason)
        before = snapshot(membership)
        membership.state = MembershipState.CONFIRMED
        membership.completed_at = now
        membership.save(update_fields=["state", "completed_at"])
        audit_record(
            actor=actor.user,
            action="round.confirmed",
            target=membership,
            at=now,
            subject=f"round-{membership.round_id}",
            summary=f"Confirmed their declarations are complete for “{membership.round.title}”",
            before=before,
            after=snapshot(membership),
            source=source,
        )
    return membership


def return_nil(
    *,
    actor: Person,
    membership: RoundMembership,
    submission_token: uuid.UUID,
    now: dt.datetime,
    source: str = "",
) -> RoundMembership:
    """A member makes a nil return: recorded as a nil return declaration, and the round notes it."""
    today = _today(now)
    with transaction.atomic():
        membership = _locked(membership, actor)
        ready = readiness(
            [e.item for e in live_entries(membership=membership, today=today)],
            state=MembershipState(membership.state),
        )
        if not ready.can_nil_return:
            raise RoundRefused(ready.reason)
        declaration = declaration_submit(
            kind=NIL_RETURN_KIND,
            actor=actor,
            facts={"occasion": "annual", "confirm": True},
            submission_token=submission_token,
            now=now,
            source=source,
        )
        before = snapshot(membership)
        membership.state = MembershipState.NIL_RETURN
        membership.completed_at = now
        membership.nil_return = declaration
        membership.save(update_fields=["state", "completed_at", "nil_return"])
        audit_record(
            actor=actor.user,
            action="round.nil_return",
            target=membership,
            at=now,
            subject=f"round-{membership.round_id}",
            summary=f"Made a nil return ({declaration.reference}) for “{membership.round.title}”",
            before=before,
            after=snapshot(membership),
            source=source,
        )
    return membership


def cycle_settings_update(
    *,
    actor: Person,
    reminder_days: list[int],
    escalation_days: list[int],
    refresher_years: int,
    induction_days: int | None = None,
    induction_officer_days: int | None = None,
    now: dt.datetime,
    source: str = "",
) -> CycleSettings:
    """The Monitoring Officer changes when reminders and escalations are sent, when staff are
    due a refresher, how long new starters have for induction and when the Monitoring Officer
    hears of an overdue one. Rounds already open follow the new days from the next daily run;
    nothing already sent is sent again. Checklists already given keep their deadline; an
    induction already overdue follows the new days for telling the Monitoring Officer."""
    require_monitoring_officer(person=actor, now=now)
    problem = reminder_days_problem(reminder_days) or escalation_days_problem(escalation_days)
    if problem:
        raise RoundRefused(problem)
    with transaction.atomic():
        settings = CycleSettings.objects.select_for_update().order_by("pk").first()
        if settings is None:
            settings = CycleSettings()
        before = snapshot(settings) if settings.pk else None
        settings.reminder_days = sorted(set(reminder_days), reverse=True)
        settings.escalation_days = list(escalation_days)
        settings.refresher_years = refresher_years
        if induction_days is not None:
            settings.induction_days = induction_days
        if induction_officer_days is not None:
            settings.induction_officer_days = induction_officer_days
        settings.updated_at = now
        settings.updated_by = actor
        settings.save()
        audit_record(
            actor=actor.user,
            action="cycle.settings_changed",
            target=settings,
            at=now,
            summary="Changed the yearly cycle's settings: reminders, escalation, refresher "
            "training and induction",
            before=before,
            after=snapshot(settings),
            source=source,
        )
    return settings
