"""Every write to declarations: one transaction each, with its audit event inside it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from probity.core.audit import audit_record, snapshot
from probity.core.clock import LONDON
from probity.declarations import notifications
from probity.declarations.choices import (
    AdviceOffice,
    DecisionAction,
    DeclarationKind,
    VersionChange,
)
from probity.declarations.facts import GiftFacts, InterestFacts
from probity.declarations.models import (
    Decision,
    Declaration,
    InterestVersion,
    ReferenceSequence,
    VersionBase,
)
from probity.declarations.rules import (
    Action,
    acting_as_label,
    available_actions,
    reference_for,
    status_after,
)
from probity.declarations.selectors import (
    entry_facts,
    version_current,
    version_model,
)
from probity.people.models import Person
from probity.people.rules import Viewer


class DuplicateSubmission(Exception):
    """The same form was submitted again; the declaration it made is attached."""

    def __init__(self, declaration: Declaration) -> None:
        super().__init__(declaration.reference)
        self.declaration = declaration


def _next_reference(*, kind: str, now: dt.datetime) -> str:
    year = now.astimezone(LONDON).year
    prefix = reference_for(kind=kind, year=year, number=1).split("-", 1)[0]
    sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return reference_for(kind=kind, year=year, number=sequence.last_number)


def _declare(
    *,
    kind: str,
    actor: Person,
    facts: GiftFacts | InterestFacts,
    submission_token: uuid.UUID,
    now: dt.datetime,
    source: str,
) -> Declaration:
    with transaction.atomic():
        existing = (
            Declaration.objects.select_for_update()
            .filter(submission_token=submission_token)
            .first()
        )
        if existing is not None:
            raise DuplicateSubmission(existing)
        declaration = Declaration.objects.create(
            reference=_next_reference(kind=kind, now=now),
            kind=kind,
            declarant=actor,
            submitted_by=actor,
            submitted_at=now,
            submission_token=submission_token,
            status_changed_at=now,
            current_version_number=1,
        )
        version = version_model(kind)._default_manager.create(
            declaration=declaration,
            number=1,
            change=VersionChange.ORIGINAL,
            created_by=actor,
            created_at=now,
            **facts.as_fields(),
        )
        audit_record(
            actor=actor.user,
            action="declaration.submitted",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"{declaration.get_kind_display()} declared",
            after={"declaration": snapshot(declaration), "version": snapshot(version)},
            source=source,
        )
        notifications.declaration_submitted(declaration=declaration, now=now)
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
    return _declare(
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
    return _declare(
        kind=DeclarationKind.PERSONAL_INTEREST,
        actor=actor,
        facts=facts,
        submission_token=submission_token,
        now=now,
        source=source,
    )


def _lock(declaration: Declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update().select_related("declarant").get(pk=declaration.pk)
    )


def _require(
    viewer: Viewer, declaration: Declaration, version: VersionBase, action: Action
) -> None:
    if action not in available_actions(
        viewer, entry_facts(declaration=declaration, version=version)
    ):
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
        new_status = status_after(action=action, kind=declaration.kind, status=declaration.status)
        model = version_model(declaration.kind)
        data = {
            name: getattr(current, name)
            for name in (f.name for f in model._meta.concrete_fields)
            if name
            not in {
                "id",
                "declaration",
                "number",
                "change",
                "supersedes",
                "change_reason",
                "created_by",
                "created_at",
            }
        }
        data.update(fields or {})
        before = {"declaration": snapshot(declaration), "version": snapshot(current)}
        version = model(
            declaration=declaration,
            number=current.number + 1,
            change=change,
            change_reason=reason,
            created_by=actor,
            created_at=now,
            **data,
        )
        version.supersedes = current
        version.save(force_insert=True)
        declaration.current_version_number = version.number
        _set_status(declaration, status=new_status, referred_to="", now=now)
        audit_record(
            actor=actor.user,
            action=f"declaration.{change}",
            target=declaration,
            at=now,
            subject=declaration.reference,
            summary=f"Version {version.number}: {version.get_change_display()}",
            before=before,
            after={"declaration": snapshot(declaration), "version": snapshot(version)},
            source=source,
        )
        if change != VersionChange.WITHDRAWAL:
            notifications.declaration_changed(declaration=declaration, version=version)
        else:
            notifications.declaration_withdrawn(declaration=declaration, reason=reason)
    return version


def declaration_correct(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    facts: GiftFacts | InterestFacts,
    reason: str,
    now: dt.datetime,
    source: str = "",
) -> VersionBase:
    """The declarant corrects their entry: a new version that points to the one it replaces."""
    expected = GiftFacts if declaration.kind == DeclarationKind.GIFT_HOSPITALITY else InterestFacts
    if not isinstance(facts, expected):
        raise TypeError("These facts are for a different kind of declaration.")
    return _new_version(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        action=Action.CORRECT,
        change=VersionChange.CORRECTION,
        fields=facts.as_fields(),
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
    """The declarant ends an interest: a new version with the end date; nothing is removed."""
    current = version_current(declaration=declaration)
    if not isinstance(current, InterestVersion):
        raise TypeError("Only interests have an end date.")
    if ends_on < current.starts_on:
        raise ValueError("An interest cannot end before it started.")
    return _new_version(
        actor=actor,
        viewer=viewer,
        declaration=declaration,
        action=Action.END,
        change=VersionChange.ENDED,
        fields={"ends_on": ends_on},
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
    """The Monitoring Officer withdraws an entry: marked withdrawn with who and why, kept."""
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


_DECISION_FOR: dict[Action, DecisionAction] = {
    Action.NOTE: DecisionAction.NOTED,
    Action.REQUEST_INFO: DecisionAction.INFO_REQUESTED,
    Action.REFER: DecisionAction.REFERRED,
    Action.ADVISE: DecisionAction.ADVICE_GIVEN,
    Action.RESPOND: DecisionAction.INFO_PROVIDED,
    Action.RECORD: DecisionAction.RECORDED,
}

_COMMENT_REQUIRED = {Action.REQUEST_INFO, Action.REFER, Action.ADVISE, Action.RESPOND}


def declaration_decide(
    *,
    actor: Person,
    viewer: Viewer,
    declaration: Declaration,
    action: Action,
    comment: str,
    now: dt.datetime,
    referred_to: str = "",
    source: str = "",
) -> Decision:
    """A review step: note, ask for information, refer, advise, answer, or record."""
    if action not in _DECISION_FOR:
        raise ValueError(f"{action} is not a decision.")
    if action in _COMMENT_REQUIRED and not comment.strip():
        raise ValueError("This decision needs a comment.")
    if action == Action.REFER and referred_to not in AdviceOffice.values:
        raise ValueError("Choose who to refer the declaration to.")
    with transaction.atomic():
        declaration = _lock(declaration)
        current = version_current(declaration=declaration)
        facts = entry_facts(declaration=declaration, version=current)
        _require(viewer, declaration, current, action)
        new_status = status_after(action=action, kind=declaration.kind, status=declaration.status)
        before = snapshot(declaration)
        decision = Decision.objects.create(
            declaration=declaration,
            version_number=current.number,
            action=_DECISION_FOR[action],
            actor=actor,
            acting_as=acting_as_label(viewer, facts, action=action),
            comment=comment,
            referred_to=referred_to if action == Action.REFER else "",
            created_at=now,
        )
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
            before=before,
            after={"declaration": snapshot(declaration), "decision": snapshot(decision)},
            source=source,
        )
        notifications.decision_made(declaration=declaration, decision=decision, now=now)
    return decision
