"""Keeping each declaration's stored route and "who must act" true.

Called only from inside the transaction of a service that changes a declaration (or the people
and offices its steps are assigned through), so the stored facts never disagree with the
decisions. The review queue, home-page counts and the Monitoring Officer's list of stranded
work read these rows instead of working them out on every request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, Q, Value, When

from probity.core.audit import audit_record
from probity.core.clock import LONDON
from probity.declarations.choices import AssignmentPurpose, DeclarationStatus, StepState
from probity.declarations.models import Decision, Declaration, RouteStep, StepAssignment
from probity.declarations.routing import LINE_MANAGER, Assignment, assign
from probity.declarations.rules import (
    Responsible,
    RoutePolicy,
    StepKind,
    assignment_actionable,
    step_states,
)
from probity.declarations.selectors import (
    decisions_of,
    organisation_for,
    outcomes_of,
    route_for,
    route_policy,
    step_of,
)
from probity.people.models import Person


@dataclass
class Told:
    """Who a change newly put in front of whom: for the emails and the confirmation page."""

    assigned: dict[str, list[int]] = field(default_factory=dict)  # step key -> person ids
    advisers: list[int] = field(default_factory=list)
    stranded: list[RouteStep] = field(default_factory=list)

    @property
    def person_ids(self) -> list[int]:
        ids = [pid for group in self.assigned.values() for pid in group]
        return sorted(set(ids))


def _office_of(responsible: str, policy: RoutePolicy) -> str:
    if responsible == Responsible.LINE_MANAGER:
        return LINE_MANAGER
    if responsible == Responsible.REFERRAL_OFFICE:
        return policy.referral_office
    return responsible


def steps_create(*, declaration: Declaration, policy: RoutePolicy) -> list[RouteStep]:
    """Fix the route of a newly submitted declaration, with the settings it was routed with."""
    rows = [
        RouteStep(
            declaration=declaration,
            position=position,
            key=step.key,
            label=step.label,
            does=step.does,
            stage=step.stage,
            record_label=step.record_label,
            responsible=step.responsible,
            office=_office_of(step.responsible, policy),
        )
        for position, step in enumerate(route_for(declaration, policy))
    ]
    RouteStep.objects.bulk_create(rows)
    return rows


def _assign_rows(
    *,
    step: RouteStep | None,
    declaration: Declaration,
    purpose: str,
    assignment: Assignment,
    now: dt.datetime,
) -> None:
    StepAssignment.objects.bulk_create(
        StepAssignment(
            declaration=declaration,
            step=step,
            person_id=a.person_id,
            purpose=purpose,
            office=a.office,
            deputy=a.deputy,
            since=now,
            actionable=assignment_actionable(purpose=purpose, status=declaration.status),
        )
        for a in assignment.assignees
    )


def _mark_actionable(declaration: Declaration) -> None:
    """Keep each assignment's place in its person's queue in step with the declaration's status
    (a question or referral puts the reviewers' work on hold): one UPDATE, touching only the
    rows whose flag is now wrong (new rows are written right by ``_assign_rows``)."""
    wanted = {
        purpose: assignment_actionable(purpose=purpose, status=declaration.status)
        for purpose in AssignmentPurpose.values
    }
    stale = Q()
    for purpose, value in wanted.items():
        stale |= Q(purpose=purpose) & ~Q(actionable=value)
    StepAssignment.objects.filter(stale, declaration=declaration).update(
        actionable=Case(
            *(When(purpose=purpose, then=Value(value)) for purpose, value in wanted.items()),
            default=Value(True),
        )
    )


def steps_sync(
    *,
    declaration: Declaration,
    now: dt.datetime,
    decisions: Iterable[Decision] | None = None,
    reassign: bool = False,
    policy: RoutePolicy | None = None,
) -> Told:
    """Bring the stored steps and assignments of one declaration up to date.

    Steps that have just started waiting are assigned; with ``reassign`` every waiting step is
    assigned again (an office holder, deputy or line manager changed). Steps no longer waiting
    lose their assignments. A referral for advice is assigned to the office asked.
    """
    policy = policy or route_policy()
    decisions = list(decisions if decisions is not None else decisions_of(declaration=declaration))
    rows = list(RouteStep.objects.select_for_update().filter(declaration=declaration))
    rows.sort(key=lambda r: r.position)
    found = outcomes_of(declaration, decisions)
    states = step_states(
        steps=tuple(step_of(r) for r in rows),
        done=found.done,
        refused=found.refused,
        withdrawn=declaration.status == DeclarationStatus.WITHDRAWN,
    )
    today = now.astimezone(LONDON).date()
    org = organisation_for(declaration, today=today, policy=policy)
    told = Told()
    existing: dict[int, set[int]] = {}
    for a in StepAssignment.objects.filter(
        declaration=declaration, purpose=AssignmentPurpose.ACT
    ).values_list("step_id", "person_id"):
        existing.setdefault(a[0], set()).add(a[1])
    taken: set[int] = set(found.consenter_ids)
    for row in rows:
        state = states[row.key]
        was_waiting = row.state == StepState.WAITING
        row.state = state
        if state != StepState.WAITING:
            StepAssignment.objects.filter(step=row).delete()
            row.stranded = False
            row.waiting_since = None
            row.save(update_fields=["state", "stranded", "waiting_since"])
            continue
        excluded = frozenset(taken) if row.does == StepKind.APPROVE else frozenset()
        if was_waiting and not reassign and row.pk in existing:
            if row.does == StepKind.APPROVE:
                taken.update(existing[row.pk])
            row.save(update_fields=["state"])
            continue
        assignment = assign(row.office, org, excluded=excluded)
        before = existing.get(row.pk, set())
        if not was_waiting:
            row.waiting_since = now
        if not was_waiting or assignment.person_ids != before or reassign:
            StepAssignment.objects.filter(step=row).delete()
            _assign_rows(
                step=row,
                declaration=declaration,
                purpose=AssignmentPurpose.ACT,
                assignment=assignment,
                now=now,
            )
            new = sorted(assignment.person_ids - before)
            if new:
                told.assigned[row.key] = new
        if row.does == StepKind.APPROVE:
            taken.update(assignment.person_ids)
        newly_stranded = assignment.stranded and not row.stranded
        row.acting_office = assignment.office
        row.passed_over = [list(p) for p in assignment.passed_over]
        row.stranded = assignment.stranded
        row.save(
            update_fields=["state", "waiting_since", "acting_office", "passed_over", "stranded"]
        )
        if newly_stranded:
            told.stranded.append(row)
    told.advisers = _sync_advice(declaration=declaration, org_now=now, policy=policy)
    _mark_actionable(declaration)
    return told


def _sync_advice(
    *, declaration: Declaration, org_now: dt.datetime, policy: RoutePolicy
) -> list[int]:
    current = set(
        StepAssignment.objects.filter(
            declaration=declaration, purpose=AssignmentPurpose.ADVISE
        ).values_list("person_id", flat=True)
    )
    if declaration.status != DeclarationStatus.REFERRED or not declaration.referred_to:
        if current:
            StepAssignment.objects.filter(
                declaration=declaration, purpose=AssignmentPurpose.ADVISE
            ).delete()
        return []
    org = organisation_for(declaration, today=org_now.astimezone(LONDON).date(), policy=policy)
    assignment = assign(declaration.referred_to, org)
    if assignment.person_ids == current:
        return []
    StepAssignment.objects.filter(
        declaration=declaration, purpose=AssignmentPurpose.ADVISE
    ).delete()
    _assign_rows(
        step=None,
        declaration=declaration,
        purpose=AssignmentPurpose.ADVISE,
        assignment=assignment,
        now=org_now,
    )
    return sorted(assignment.person_ids - current)


def steps_reassign(
    *, steps: Iterable[RouteStep], now: dt.datetime, actor: Person | None, reason: str
) -> int:
    """Assign again every waiting step of the declarations these steps belong to, after a change
    of office holder, deputy or line manager. Returns how many declarations changed hands."""
    from probity.declarations import notifications

    declaration_ids = sorted({s.declaration_id for s in steps})
    changed = 0
    policy = route_policy()
    with transaction.atomic():
        for declaration in Declaration.objects.filter(pk__in=declaration_ids).select_related(
            "declarant__line_manager", "declarant__service", "declarant__grade"
        ):
            before = _assignee_names(declaration)
            told = steps_sync(declaration=declaration, now=now, reassign=True, policy=policy)
            after = _assignee_names(declaration)
            if before == after:
                continue
            changed += 1
            audit_record(
                actor=actor.user if actor is not None else None,
                action="declaration.reassigned",
                target=declaration,
                at=now,
                subject=declaration.reference,
                summary=f"Waiting work passed on: {reason}"[:300],
                before={"waiting_for": before},
                after={"waiting_for": after},
            )
            notifications.work_assigned(declaration=declaration, told=told, now=now)
    return changed


def _assignee_names(declaration: Declaration) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for a in (
        StepAssignment.objects.filter(declaration=declaration)
        .select_related("person", "step")
        .order_by("id")
    ):
        key = a.step.key if a.step is not None else "advice"
        names.setdefault(key, []).append(a.person.full_name)
    return names
