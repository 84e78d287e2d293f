"""Give every declaration made before routes were stored its route, step states and assignees.

Uses the historical models with the pure rule functions (``rules.route``, ``rules.step_states``,
``routing.assign``), so it does not depend on today's services. Declarations keep the route the
council's settings give them at the time of the upgrade; that is recorded in ``routed_with``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

from probity.declarations.routing import OfficePeople, Organisation, assign
from probity.declarations.rules import (
    DEFAULT_FALLBACKS,
    Responsible,
    RoutePolicy,
    Step,
    StepKind,
    route,
    step_states,
)

APPROVED = {"approved", "approved_with_conditions"}


def _policy(apps: Any) -> RoutePolicy:
    policy = apps.get_model("conduct", "CouncilPolicy").objects.order_by("pk").first()
    if policy is None:
        return RoutePolicy(consent_grade_rank=0)
    grade = policy.consent_grade
    fallbacks = dict(DEFAULT_FALLBACKS)
    fallbacks.update(policy.office_fallbacks or {})
    return RoutePolicy(
        consent_grade_rank=grade.rank if grade else 0,
        referral_office=policy.referral_office,
        consent_grade_name=grade.name if grade else "",
        fallbacks=fallbacks,
    )


def _org(apps: Any, declarant: Any, today: dt.date, policy: RoutePolicy) -> Organisation:
    holdings = (
        apps.get_model("people", "OfficeHolding")
        .objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(~Q(office__kind="head_of_service") | Q(office__service_id=declarant.service_id))
        .values_list("office__kind", "role", "person_id")
    )
    holders: dict[str, set[int]] = {}
    deputies: dict[str, set[int]] = {}
    for kind, role, person_id in holdings:
        (holders if role == "holder" else deputies).setdefault(kind, set()).add(person_id)
    return Organisation(
        declarant_id=declarant.pk,
        line_manager_id=declarant.line_manager_id,
        offices={
            k: OfficePeople(frozenset(holders.get(k, ())), frozenset(deputies.get(k, ())))
            for k in set(holders) | set(deputies)
        },
        fallbacks=policy.fallbacks,
    )


def backfill(apps: Any, schema_editor: Any) -> None:
    Declaration = apps.get_model("declarations", "Declaration")
    RouteStep = apps.get_model("declarations", "RouteStep")
    StepAssignment = apps.get_model("declarations", "StepAssignment")
    Decision = apps.get_model("declarations", "Decision")
    policy = _policy(apps)
    now = timezone.now()
    today = now.date()
    todo = Declaration.objects.filter(route_steps__isnull=True).select_related("declarant__grade")
    for declaration in todo.iterator(chunk_size=500):
        declarant = declaration.declarant
        grade = declarant.grade.rank if declarant.grade_id else None
        steps: tuple[Step, ...] = route(kind=declaration.kind, grade_rank=grade, policy=policy)
        decisions = list(
            Decision.objects.filter(
                declaration=declaration, version_number=declaration.current_version_number
            ).exclude(step="")
        )
        done = frozenset(d.step for d in decisions if d.action != "refused")
        refused = frozenset(d.step for d in decisions if d.action == "refused")
        consenters = {d.actor_id for d in decisions if d.action in APPROVED}
        states = step_states(
            steps=steps,
            done=done,
            refused=refused,
            withdrawn=declaration.status == "withdrawn",
        )
        org = _org(apps, declarant, today, policy)
        taken = set(consenters)
        for position, step in enumerate(steps):
            office = (
                "line_manager"
                if step.responsible == Responsible.LINE_MANAGER
                else policy.referral_office
                if step.responsible == Responsible.REFERRAL_OFFICE
                else step.responsible.value
            )
            row = RouteStep.objects.create(
                declaration=declaration,
                position=position,
                key=step.key,
                label=step.label,
                does=step.does,
                stage=step.stage,
                record_label=step.record_label,
                responsible=step.responsible.value,
                office=office,
                state=states[step.key],
            )
            if states[step.key] != "waiting":
                continue
            excluded = frozenset(taken) if step.does == StepKind.APPROVE else frozenset()
            found = assign(office, org, excluded=excluded)
            if step.does == StepKind.APPROVE:
                taken.update(found.person_ids)
            row.waiting_since = declaration.status_changed_at
            row.acting_office = found.office
            row.passed_over = [list(p) for p in found.passed_over]
            row.stranded = found.stranded
            row.save()
            for a in found.assignees:
                StepAssignment.objects.create(
                    declaration=declaration,
                    step=row,
                    person_id=a.person_id,
                    purpose="act",
                    office=a.office,
                    deputy=a.deputy,
                    since=declaration.status_changed_at,
                )
        if declaration.status == "referred" and declaration.referred_to:
            for a in assign(declaration.referred_to, org).assignees:
                StepAssignment.objects.create(
                    declaration=declaration,
                    person_id=a.person_id,
                    purpose="advise",
                    office=a.office,
                    deputy=a.deputy,
                    since=declaration.status_changed_at,
                )
        declaration.routed_with = policy.as_record()
        declaration.save(update_fields=["routed_with"])


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0004_stored_routes"),
        ("conduct", "0005_office_fallbacks"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
