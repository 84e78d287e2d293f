"""Pure rules for declarations: who reviews, what each person may do, how status moves.

Inputs are frozen facts; outputs are values. No ORM, settings, request or clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from probity.declarations.choices import (
    AdviceOffice,
    DeclarationKind,
    DeclarationStatus,
)
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

REFERENCE_PREFIXES: dict[str, str] = {
    DeclarationKind.GIFT_HOSPITALITY: "GH",
    DeclarationKind.PERSONAL_INTEREST: "PI",
}


class Action(StrEnum):
    NOTE = "note"
    REQUEST_INFO = "request_info"
    REFER = "refer"
    ADVISE = "advise"
    RESPOND = "respond"
    CORRECT = "correct"
    END = "end"
    WITHDRAW = "withdraw"
    RECORD = "record"
    VIEW_AUDIT = "view_audit"


class Step(StrEnum):
    """One step of a declaration's route."""

    LINE_MANAGER_NOTES = "line_manager_notes"
    MONITORING_OFFICER_REVIEWS = "monitoring_officer_reviews"
    MONITORING_OFFICER_RECORDS = "monitoring_officer_records"


@dataclass(frozen=True)
class EntryFacts:
    """What the rules need to know about one declaration."""

    kind: str
    status: str
    declarant_id: int
    declarant_line_manager_id: int | None
    declarant_service_id: int | None
    referred_to: str = ""
    special_category: bool = False
    ended: bool = False


class InvalidTransition(ValueError):
    """The action does not apply to a declaration in this state."""


def reference_for(*, kind: str, year: int, number: int) -> str:
    """GH-2027-0042: the kind's prefix, the year and a four-digit (or longer) number."""
    if number < 1:
        raise ValueError("Reference numbers start at 1.")
    return f"{REFERENCE_PREFIXES[kind]}-{year}-{number:04d}"


def review_route(*, kind: str, has_line_manager: bool) -> tuple[Step, ...]:
    """Who must see a new declaration, in order.

    The line manager notes it; a declarant with no line manager goes to the Monitoring Officer.
    Personal interests are then recorded in the register by the Monitoring Officer.
    """
    first = Step.LINE_MANAGER_NOTES if has_line_manager else Step.MONITORING_OFFICER_REVIEWS
    if kind == DeclarationKind.PERSONAL_INTEREST:
        return (first, Step.MONITORING_OFFICER_RECORDS)
    return (first,)


def is_reviewer(viewer: Viewer, entry: EntryFacts) -> bool:
    """The declarant's line manager; the Monitoring Officer when there is none."""
    if entry.declarant_id == viewer.person_id:
        return False
    if entry.declarant_line_manager_id is None:
        return viewer.is_monitoring_officer
    return entry.declarant_line_manager_id == viewer.person_id


def is_adviser(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whoever the declaration is referred to for advice, while it is referred."""
    if entry.status != DeclarationStatus.REFERRED or entry.declarant_id == viewer.person_id:
        return False
    if entry.referred_to == AdviceOffice.MONITORING_OFFICER:
        return viewer.is_monitoring_officer
    if entry.referred_to == AdviceOffice.HEAD_OF_SERVICE:
        return entry.declarant_service_id in viewer.headed_service_ids
    return False


def can_see(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whether the viewer may read this entry at all. Anyone else is told it does not exist."""
    if viewer.is_monitoring_officer or entry.declarant_id == viewer.person_id:
        return True
    if entry.declarant_id in viewer.report_ids or is_reviewer(viewer, entry):
        return True
    if is_adviser(viewer, entry):
        return True
    return viewer.is_auditor and not entry.special_category


@dataclass(frozen=True)
class RegisterScope:
    """Which entries of a register a viewer sees, as sets a query can use."""

    everything: bool = False
    declarant_ids: frozenset[int] = frozenset()
    exclude_special_category: bool = False
    advice_for_service_ids: frozenset[int] = frozenset()

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.declarant_ids and not self.advice_for_service_ids


def register_scope(viewer: Viewer) -> RegisterScope:
    """The register rows a viewer may see: the same answer as ``can_see``, for a whole table."""
    if viewer.is_monitoring_officer:
        return RegisterScope(everything=True)
    if viewer.is_auditor:
        return RegisterScope(everything=True, exclude_special_category=True)
    own = frozenset({viewer.person_id}) if viewer.is_subject_to_code else frozenset()
    return RegisterScope(
        declarant_ids=own | viewer.report_ids,
        advice_for_service_ids=viewer.headed_service_ids,
    )


def can_use_registers(viewer: Viewer) -> bool:
    """Whether the registers belong in this person's navigation at all."""
    return not register_scope(viewer).nothing


def available_actions(viewer: Viewer, entry: EntryFacts) -> frozenset[Action]:
    """Everything the viewer may do to this entry now."""
    if not can_see(viewer, entry):
        return frozenset()
    actions: set[Action] = set()
    status = entry.status
    if viewer.is_monitoring_officer:
        actions.add(Action.VIEW_AUDIT)
    if status == DeclarationStatus.WITHDRAWN:
        return frozenset(actions)
    own = entry.declarant_id == viewer.person_id
    if own:
        actions.add(Action.CORRECT)
        if entry.kind == DeclarationKind.PERSONAL_INTEREST and not entry.ended:
            actions.add(Action.END)
        if status == DeclarationStatus.INFO_REQUESTED:
            actions.add(Action.RESPOND)
    if is_reviewer(viewer, entry) and status == DeclarationStatus.SUBMITTED:
        actions.update({Action.NOTE, Action.REQUEST_INFO, Action.REFER})
    if is_adviser(viewer, entry):
        actions.add(Action.ADVISE)
    if viewer.is_monitoring_officer and not own:
        actions.add(Action.WITHDRAW)
        if entry.kind == DeclarationKind.PERSONAL_INTEREST and status == DeclarationStatus.NOTED:
            actions.add(Action.RECORD)
    return frozenset(actions)


_TRANSITIONS: dict[Action, tuple[frozenset[str], str]] = {
    Action.NOTE: (frozenset({DeclarationStatus.SUBMITTED}), DeclarationStatus.NOTED),
    Action.REQUEST_INFO: (
        frozenset({DeclarationStatus.SUBMITTED}),
        DeclarationStatus.INFO_REQUESTED,
    ),
    Action.REFER: (frozenset({DeclarationStatus.SUBMITTED}), DeclarationStatus.REFERRED),
    Action.ADVISE: (frozenset({DeclarationStatus.REFERRED}), DeclarationStatus.SUBMITTED),
    Action.RESPOND: (frozenset({DeclarationStatus.INFO_REQUESTED}), DeclarationStatus.SUBMITTED),
    Action.RECORD: (frozenset({DeclarationStatus.NOTED}), DeclarationStatus.RECORDED),
}
_OPEN = frozenset(s for s in DeclarationStatus.values if s != DeclarationStatus.WITHDRAWN)
_TRANSITIONS[Action.CORRECT] = (_OPEN, DeclarationStatus.SUBMITTED)
_TRANSITIONS[Action.END] = (_OPEN, DeclarationStatus.SUBMITTED)
_TRANSITIONS[Action.WITHDRAW] = (_OPEN, DeclarationStatus.WITHDRAWN)


def status_after(*, action: Action, kind: str, status: str) -> str:
    """The status a declaration moves to when ``action`` is taken, or ``InvalidTransition``.

    A gift or hospitality entry is complete once noted; recording applies to interests only.
    Every new version (a correction or an end) goes back to the reviewer.
    """
    if action not in _TRANSITIONS:
        raise InvalidTransition(f"{action} does not change the status.")
    allowed_from, to = _TRANSITIONS[action]
    if status not in allowed_from:
        raise InvalidTransition(f"Cannot {action} a declaration that is {status}.")
    if action == Action.RECORD and kind != DeclarationKind.PERSONAL_INTEREST:
        raise InvalidTransition("Only personal interests are recorded by the Monitoring Officer.")
    if action == Action.END and kind != DeclarationKind.PERSONAL_INTEREST:
        raise InvalidTransition("Only interests have an end date.")
    return to


def acting_as_label(viewer: Viewer, entry: EntryFacts, *, action: Action) -> str:
    """The capacity in which the viewer acts, for the record."""
    if action == Action.ADVISE and entry.referred_to == AdviceOffice.HEAD_OF_SERVICE:
        return "Head of Service"
    if action in {Action.RESPOND, Action.CORRECT, Action.END}:
        return "Declarant"
    if entry.declarant_line_manager_id == viewer.person_id and action in {
        Action.NOTE,
        Action.REQUEST_INFO,
        Action.REFER,
    }:
        return "Line manager"
    if viewer.holds(OfficeKind.MONITORING_OFFICER):
        return "Monitoring Officer"
    if viewer.is_monitoring_officer:
        return "Deputy Monitoring Officer"
    return "Reviewer"


def interest_is_ended(*, ends_on: dt.date | None, today: dt.date) -> bool:
    """An interest is ended once its end date has passed (it stays in the register)."""
    return ends_on is not None and ends_on < today
