"""Every write to declarations: one transaction each, with its audit event inside it."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from probity.core import crypto
from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.declarations import notifications, sealing
from probity.declarations.choices import (
    AdviceOffice,
    AssignmentPurpose,
    DecisionAction,
    DeclarationKind,
    VersionChange,
)
from probity.declarations.corrections import NOTHING_CHANGED, NothingChanged, changes_nothing
from probity.declarations.facts import GiftFacts, InterestFacts
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import (
    Decision,
    Declaration,
    ReferenceSequence,
    SearchEntry,
    StepAssignment,
    VersionBase,
)
from probity.declarations.route_services import Told, steps_create, steps_reassign, steps_sync
from probity.declarations.rules import (
    ENDABLE_KINDS,
    SPECIAL_CATEGORY_KINDS,
    STEP_ACTIONS,
    Action,
    acting_as_label,
    available_actions,
    reference_for,
    status_after,
    status_from_steps,
    step_for,
)
from probity.declarations.search import version_search_text
from probity.declarations.selectors import (
    decisions_of,
    entry_facts,
    outcomes_of,
    route_for,
    route_policy,
    steps_for,
    version_current,
    version_model,
)
from probity.people.hooks import HoldingsChange, LineManagersChange
from probity.people.models import Person
from probity.people.rules import Viewer

SEALED_TITLE = "Details held by the Monitoring Officer"
Facts = GiftFacts | InterestFacts | dict[str, Any]


class DuplicateSubmission(Exception):
    """The same form was submitted again; the declaration it made is attached."""

    def __init__(self, declaration: Declaration) -> None:
        super().__init__(declaration.reference)
        self.declaration = declaration


def _once_per_token(submit: Callable[..., Declaration]) -> Callable[..., Declaration]:
    """Two requests with the same submission token at the same moment both pass the "already
    sent?" check; the database's unique token then refuses the second. Answer that one with the
    declaration the first made, as for any repeated submission."""

    @functools.wraps(submit)
    def wrapper(*args: Any, **kwargs: Any) -> Declaration:
        try:
            return submit(*args, **kwargs)
        except IntegrityError:
            token = kwargs.get("submission_token")
            existing = Declaration.objects.filter(submission_token=token).first() if token else None
            if existing is None:
                raise
            raise DuplicateSubmission(existing) from None

    return wrapper


def _next_reference(*, kind: str, now: dt.datetime) -> str:
    year = now.astimezone(LONDON).year
    prefix = reference_for(kind=kind, year=year, number=1).split("-", 1)[0]
    sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return reference_for(kind=kind, year=year, number=sequence.last_number)


def _version_fields(kind: str, facts: Facts) -> dict[str, Any]:
    """The columns a new version of this kind stores for these facts (sealed if special)."""
    fields = BY_KIND[kind].shape.version_fields(facts)
    if kind in SPECIAL_CATEGORY_KINDS:
        if not isinstance(facts, dict):
            raise TypeError("Special-category facts are kept as a dict, to be sealed.")
        fields.update(title=SEALED_TITLE, facts={}, sealed=crypto.seal(facts))
    return fields


@_once_per_token
def declaration_submit(
    *,
    kind: str,
    actor: Person,
    facts: Facts,
    submission_token: uuid.UUID,
    now: dt.datetime,
    source: str = "",
) -> Declaration:
    """Make a declaration of any kind. The same form sent twice makes one declaration."""
    if not actor.is_subject_to_code:
        raise PermissionDenied("Only officers and contractors make declarations.")
    fields = _version_fields(kind, facts)
    with transaction.atomic():
        existing = (
            Declaration.objects.select_for_update()
            .filter(submission_token=submission_token)
            .first()
        )
        if existing is not None:
            raise DuplicateSubmission(existing)
        declaration = Declaration(
            reference=_next_reference(kind=kind, now=now),
            kind=kind,
            declarant=actor,
            submitted_by=actor,
            submitted_at=now,
            submission_token=submission_token,
            special_category=kind in SPECIAL_CATEGORY_KINDS,
            status_changed_at=now,
            current_version_number=1,
        )
        policy = route_policy()
        declaration.routed_with = policy.as_record()
        declaration.status = status_from_steps(
            steps=route_for(declaration, policy), done=frozenset(), refused=False
        )
        declaration.save(force_insert=True)
        steps_create(declaration=declaration, policy=policy)
        version = version_model(kind)(
            declaration=declaration,
            number=1,
            is_current=True,
            change=VersionChange.ORIGINAL,
            created_by=actor,
            created_at=now,
            **fields,
        )
        version.search_text = version_search_text(version)
        version.save(force_insert=True)
        SearchEntry.objects.create(
            declaration=declaration, submitted_at=now, text=version.search_text
        )
        audit_record(
            actor=actor.user,
            action="declaration.submitted",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"{declaration.get_kind_display()} declared",
            **sealing.audit_data(
                declaration,
                before=None,
                after={"declaration": snapshot(declaration), "version": snapshot(version)},
            ),
            source=source,
        )
        told = steps_sync(declaration=declaration, now=now, decisions=[], policy=policy)
        notifications.declaration_submitted(
            declaration=declaration, told=told, now=now, version=version
        )
    return declaration


def gift_declare(
    *,
    actor: Person,
    facts: GiftFacts,
    submission_token: uuid.UUID,
    now: dt.datetime,
    source: str = "",
) -> Declaration:
    """Declare a gift or hospitality offer, accepted or declined."""
    return declaration_submit(
        kind=DeclarationKind.GIFT_HOSPITALITY,
        actor=actor,
        facts=facts,
        submission_token=submission_token,
        now=now,
        source=source,
    )


def interest_declare(
    *,
    actor: Person,
    facts: InterestFacts,
    submission_token: uuid.UUID,
    now: dt.datetime,
    source: str = "",
) -> Declaration:
    """Declare a personal interest of the officer's own or of a close relative."""
    return declaration_submit(
        kind=DeclarationKind.PERSONAL_INTEREST,
        actor=actor,
        facts=facts,
        submission_token=submission_token,
        now=now,
        source=source,
    )


def _lock(declaration: Declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("declarant__grade", "declarant__line_manager", "declarant__service")
        .get(pk=declaration.pk)
    )


def _require(
    viewer: Viewer, declaration: Declaration, version: VersionBase, action: Action
) -> None:
    facts = entry_facts(declaration=declaration, version=version)
    if action not in available_actions(viewer, facts):
        raise PermissionDenied(f"You cannot {action.replace('_', ' ')} this declaration.")


def _set_status(
    declaration: Declaration, *, status: str, referred_to: str, now: dt.datetime
) -> None:
    declaration.status = status
    declaration.referred_to = referred_to
    declaration.status_changed_at = now
    declaration.save(
        update_fields=["status", "referred_to", "status_changed_at", "current_version_number"]
    )


_VERSION_OWN_FIELDS = {
    "id",
    "declaration",
    "number",
    "change",
    "supersedes",
    "change_reason",
    "sealed_reason",
    "created_by",
    "created_at",
    "search_text",
    "is_current",
}


def _new_version(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    action: Action,
    change: VersionChange,
    fields: dict[str, Any] | None,
    reason: str,
    now: dt.datetime,
    source: str,
) -> VersionBase:
    with transaction.atomic():
        declaration = _lock(declaration)
        current = version_current(declaration=declaration)
        _require(viewer, declaration, current, action)
        new_status = status_after(
            action=action,
            kind=declaration.kind,
            status=declaration.status,
            steps=steps_for(declaration),
        )
        model = version_model(declaration.kind)
        data = {
            f.name: getattr(current, f.name)
            for f in model._meta.concrete_fields
            if f.name not in _VERSION_OWN_FIELDS
        }
        data.update(fields or {})
        before = {"declaration": snapshot(declaration), "version": snapshot(current)}
        version = model(
            declaration=declaration,
            number=current.number + 1,
            change=change,
            **sealing.reason_fields(declaration, reason),
            created_by=actor,
            created_at=now,
            **data,
        )
        version.supersedes = current
        version.search_text = version_search_text(version)
        # One current version per declaration (a unique constraint): the old one gives way first.
        model._default_manager.filter(pk=current.pk).update(is_current=False)
        version.is_current = True
        version.save(force_insert=True)
        SearchEntry.objects.filter(declaration=declaration).update(text=version.search_text)
        declaration.current_version_number = version.number
        _set_status(declaration, status=new_status, referred_to="", now=now)
        audit_record(
            actor=actor.user,
            action=f"declaration.{change}",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"Version {version.number}: {version.get_change_display()}",
            **sealing.audit_data(
                declaration,
                before=before,
                after={"declaration": snapshot(declaration), "version": snapshot(version)},
            ),
            source=source,
        )
        waiting_on = set(
            StepAssignment.objects.filter(declaration=declaration).values_list(
                "person_id", flat=True
            )
        )
        told = steps_sync(declaration=declaration, now=now, reassign=True)
        if change != VersionChange.WITHDRAWAL:
            notifications.declaration_changed(declaration=declaration, version=version, told=told)
        else:
            notifications.declaration_withdrawn(
                declaration=declaration,
                reason=reason,
                by_declarant=actor.pk == declaration.declarant_id,
                waiting_on=waiting_on,
            )
    return version


def declaration_correct(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    facts: Facts,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> VersionBase:
    """The declarant corrects their entry: a new version that points to the one it replaces."""
    current = version_current(declaration=declaration)
    _require(viewer, declaration, current, Action.CORRECT)  # refuse strangers first
    if changes_nothing(current, facts):
        raise NothingChanged(NOTHING_CHANGED)
    return _new_version(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        action=Action.CORRECT,
        change=VersionChange.CORRECTION,
        fields=_version_fields(declaration.kind, facts),
        reason=reason,
        now=now,
        source=source,
    )


def declaration_end(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    ends_on: dt.date,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> VersionBase:
    """The declarant ends an interest: a new version with the end date; nothing is removed."""
    if declaration.kind not in ENDABLE_KINDS:
        raise TypeError("This kind of declaration has no end date.")
    current = version_current(declaration=declaration)
    starts_on: dt.date | None = getattr(current, "starts_on", None)
    if starts_on is not None and ends_on < starts_on:
        raise ValueError("An interest cannot end before it started.")
    fields: dict[str, Any] = {"ends_on": ends_on}
    shape = BY_KIND[declaration.kind].shape
    sealed = shape.sealed_text(current)
    facts = crypto.unseal(sealed) if sealed else shape.facts_of(current)
    if facts is not None:
        fields = _version_fields(declaration.kind, shape.ended_facts(facts, ends_on))
        fields["ends_on"] = ends_on
    return _new_version(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        action=Action.END,
        change=VersionChange.ENDED,
        fields=fields,
        reason=reason,
        now=now,
        source=source,
    )


def interest_end(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    ends_on: dt.date,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> VersionBase:
    """End a personal interest (see ``declaration_end``)."""
    if declaration.kind != DeclarationKind.PERSONAL_INTEREST:
        raise TypeError("Only interests have an end date.")
    return declaration_end(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        ends_on=ends_on,
        reason=reason,
        now=now,
        source=source,
    )


def declaration_withdraw(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> VersionBase:
    """Withdraw an entry: marked withdrawn with who and why, and kept. The Monitoring Officer may
    withdraw any entry but their own; the declarant may withdraw theirs, made by mistake, until
    someone has decided on it."""
    if not reason.strip():
        raise ValueError("A withdrawal needs a reason.")
    return _new_version(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        action=Action.WITHDRAW,
        change=VersionChange.WITHDRAWAL,
        fields=None,
        reason=reason,
        now=now,
        source=source,
    )


def _acting_as(declaration: Declaration, actor: Person, *, action: Action, step_key: str) -> str:
    """The capacity in which the actor decides, read from the assignment that lets them act."""
    if action == Action.RESPOND:
        return "Declarant"
    assignments = StepAssignment.objects.filter(
        declaration=declaration, person=actor
    ).select_related("step")
    if action == Action.ADVISE:
        assignments = assignments.filter(purpose=AssignmentPurpose.ADVISE)
    else:
        assignments = assignments.filter(purpose=AssignmentPurpose.ACT)
        if step_key:
            assignments = assignments.filter(step__key=step_key)
    found = assignments.order_by("id").first()
    if found is None:
        return "Reviewer"
    responsible = found.step.office if found.step is not None else declaration.referred_to
    return acting_as_label(office=found.office, deputy=found.deputy, responsible=responsible)


_DECISION_FOR: dict[Action, DecisionAction] = {
    Action.NOTE: DecisionAction.NOTED,
    Action.APPROVE: DecisionAction.APPROVED,
    Action.REFUSE: DecisionAction.REFUSED,
    Action.RECORD: DecisionAction.RECORDED,
    Action.REQUEST_INFO: DecisionAction.INFO_REQUESTED,
    Action.REFER: DecisionAction.REFERRED,
    Action.ADVISE: DecisionAction.ADVICE_GIVEN,
    Action.RESPOND: DecisionAction.INFO_PROVIDED,
}

_COMMENT_REQUIRED = {
    Action.REQUEST_INFO,
    Action.REFER,
    Action.ADVISE,
    Action.RESPOND,
    Action.REFUSE,
}


def declaration_decide(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    action: Action,
    comment: str,
    now: dt.datetime,
    referred_to: str = "",
    conditions: str = "",
    review_on: dt.date | None = None,
    source: str = "",
) -> Decision:
    """A step of the route (note, approve, refuse, record) or of the conversation around it."""
    if action not in _DECISION_FOR:
        raise ValueError(f"{action} is not a decision.")
    if action in _COMMENT_REQUIRED and not comment.strip():
        raise ValueError(
            "A refusal needs a reason."
            if action == Action.REFUSE
            else "This decision needs a comment."
        )
    if action == Action.REFER and referred_to not in AdviceOffice.values:
        raise ValueError("Choose who to refer the declaration to.")
    if (
        action == Action.REFER
        and declaration.special_category
        and referred_to != AdviceOffice.MONITORING_OFFICER
    ):
        raise ValueError("Only the Monitoring Officer can advise on special-category entries.")
    if action != Action.APPROVE and (conditions or review_on):
        raise ValueError("Only an approval carries conditions or a review date.")
    with transaction.atomic():
        declaration = _lock(declaration)
        current = version_current(declaration=declaration)
        policy = route_policy()
        decisions = list(decisions_of(declaration=declaration))
        facts = entry_facts(
            declaration=declaration, version=current, policy=policy, decisions=decisions
        )
        if action not in available_actions(viewer, facts):
            raise PermissionDenied(f"You cannot {action.replace('_', ' ')} this declaration.")
        step = step_for(viewer, facts, action) if action in STEP_ACTIONS else None
        decision_action = _DECISION_FOR[action]
        if action == Action.APPROVE and conditions.strip():
            decision_action = DecisionAction.APPROVED_WITH_CONDITIONS
        decision = Decision(
            declaration=declaration,
            version_number=current.number,
            action=decision_action,
            actor=actor,
            acting_as=_acting_as(
                declaration, actor, action=action, step_key=step.key if step else ""
            ),
            **sealing.decision_fields(
                declaration,
                comment=comment,
                conditions=conditions if action == Action.APPROVE else "",
            ),
            referred_to=referred_to if action == Action.REFER else "",
            step=step.key if step else "",
            review_on=review_on if action == Action.APPROVE else None,
            created_at=now,
        )
        found = outcomes_of(declaration, [*decisions, decision])
        new_status = status_after(
            action=action,
            kind=declaration.kind,
            status=declaration.status,
            steps=facts.steps,
            done=found.done,
            refused=bool(found.refused),
            conditional=found.conditional,
        )
        decision.save(force_insert=True)
        before = snapshot(declaration)
        _set_status(
            declaration,
            status=new_status,
            referred_to=referred_to if action == Action.REFER else "",
            now=now,
        )
        audit_record(
            actor=actor.user,
            action=f"declaration.{decision.action}",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"{decision.get_action_display()} ({decision.acting_as})",
            **sealing.audit_data(
                declaration,
                before=before,
                after={"declaration": snapshot(declaration), "decision": snapshot(decision)},
            ),
            source=source,
        )
        told = steps_sync(declaration=declaration, now=now, decisions=[*decisions, decision])
        notifications.decision_made(declaration=declaration, decision=decision, told=told, now=now)
    return decision


def special_facts_read(
    *,
    reader: Person,
    declaration: Declaration,
    version: VersionBase,
    now: dt.datetime,
    source: str = "",
) -> dict[str, Any]:
    """Decrypt a special-category entry for someone allowed to read it, and record the read."""
    shape = BY_KIND[declaration.kind].shape
    sealed = shape.sealed_text(version)
    if not sealed:
        return shape.facts_of(version) or {}
    facts = crypto.unseal(sealed)
    with transaction.atomic():
        audit_record(
            actor=reader.user,
            action="declaration.special_category_read",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"Special-category details of version {version.number} read",
            source=source,
        )
    return facts


def declaration_reroute(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> Told:
    """The Monitoring Officer works out an open declaration's route again under today's settings,
    on purpose and with a reason. Steps already done stay done; the declarant is told."""
    if not reason.strip():
        raise ValueError("Enter the reason for re-routing")
    from probity.declarations.models import RouteStep
    from probity.declarations.route_services import steps_create

    with transaction.atomic():
        declaration = _lock(declaration)
        _require(viewer, declaration, version_current(declaration=declaration), Action.REROUTE)
        policy = route_policy()
        decisions = list(decisions_of(declaration=declaration))
        found = outcomes_of(declaration, decisions)
        old = list(RouteStep.objects.filter(declaration=declaration).order_by("position"))
        before = {
            "route": [r.label for r in old],
            "settings": dict(declaration.routed_with),
        }
        kept = {r.key for r in old if r.key in found.done}
        new_steps = route_for(declaration, policy)
        new_keys = {s.key for s in new_steps}
        for row in old:
            if row.key not in new_keys and row.key not in kept:
                StepAssignment.objects.filter(step=row).delete()
                row.delete()
        RouteStep.objects.filter(declaration=declaration, key__in=new_keys).delete()
        steps_create(declaration=declaration, policy=policy)
        declaration.routed_with = policy.as_record()
        declaration.status = status_from_steps(
            steps=new_steps,
            done=found.done & new_keys,
            refused=bool(found.refused),
            conditional=found.conditional,
        )
        declaration.status_changed_at = now
        declaration.save(update_fields=["routed_with", "status", "status_changed_at"])
        told = steps_sync(declaration=declaration, now=now, decisions=decisions, policy=policy)
        audit_record(
            actor=actor.user,
            action="declaration.rerouted",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"Re-routed under today's settings: {reason}"[:300],
            before=before,
            after={"route": [s.label for s in new_steps], "settings": policy.as_record()},
            source=source,
        )
        notifications.declaration_rerouted(declaration=declaration, told=told, now=now)
    return told


def assignments_after_holdings_change(change: HoldingsChange) -> None:
    """Registered with ``people.hooks``: pass waiting work on when office holders change."""
    from probity.declarations.models import RouteStep
    from probity.declarations.selectors import steps_waiting_on_offices
    from probity.people.models import Office

    offices = set(Office.objects.filter(pk__in=change.office_ids).values_list("kind", flat=True))
    steps = list(steps_waiting_on_offices(offices=offices))
    if change.person_ids:
        steps += list(
            RouteStep.objects.filter(
                state="waiting", assignments__person_id__in=sorted(change.person_ids)
            )
        )
    steps_reassign(steps=steps, now=change.now, actor=change.actor, reason=change.reason)


def assignments_after_line_manager_change(
    *, person_ids: frozenset[int], now: dt.datetime, actor: Person | None, reason: str
) -> int:
    """Pass waiting line-manager work on after someone's line manager changes."""
    from probity.declarations.selectors import steps_waiting_for_declarants

    return steps_reassign(
        steps=steps_waiting_for_declarants(person_ids=person_ids),
        now=now,
        actor=actor,
        reason=reason,
    )


def assignments_after_line_managers_change(change: LineManagersChange) -> None:
    """Registered with ``people.hooks``: pass waiting line-manager work on after HR changes
    someone's line manager."""
    assignments_after_line_manager_change(
        person_ids=change.person_ids, now=change.now, actor=change.actor, reason=change.reason
    )


def assignments_daily(*, now: dt.datetime) -> int:
    """Pass on waiting work whose people changed with the date: holdings that start today or
    ended yesterday, people who have left, and steps nobody could take. Safe to run again."""
    from django.db.models import Q

    from probity.declarations.models import RouteStep
    from probity.declarations.selectors import steps_waiting_on_offices
    from probity.people.models import OfficeHolding

    today = now.astimezone(LONDON).date()
    boundary = OfficeHolding.objects.filter(
        Q(starts_on=today) | Q(ends_on=today - dt.timedelta(days=1))
    ).values_list("office__kind", flat=True)
    steps = list(steps_waiting_on_offices(offices=set(boundary)))
    steps += list(
        RouteStep.objects.filter(
            state="waiting", assignments__person__leaving_date__lt=today
        ).distinct()
    )
    return steps_reassign(
        steps=steps, now=now, actor=None, reason="office holders changed on this date"
    )
