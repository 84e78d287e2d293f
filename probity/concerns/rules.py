"""Pure rules for concerns and breach cases: who may see or act, and how a case moves.

No ORM, clock or settings: the facts are passed in. Tables of cases in tests/test_rules.py.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from probity.concerns.choices import ConcernStatus, Recipient
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer


class Access(enum.IntEnum):
    """What a viewer may do with a concern, each level including the ones below."""

    NONE = 0  # 404: they may not know it exists
    HANDLE = 1  # read, keep notes, message the reporter, add files, set status and outcome
    MANAGE = 2  # all that, and choose who handles it and who it is about


@dataclass(frozen=True)
class ConcernFacts:
    recipient: str
    recipient_person_id: int | None = None
    handler_ids: frozenset[int] = field(default_factory=frozenset)
    subject_ids: frozenset[int] = field(default_factory=frozenset)


def receives(viewer: Viewer, concern: ConcernFacts) -> bool:
    """Whether the viewer is (or deputises for) whoever the reporter sent it to."""
    if concern.recipient == Recipient.LINE_MANAGER:
        return concern.recipient_person_id == viewer.person_id
    if concern.recipient == Recipient.FRAUD_MANAGER:
        return viewer.holds_or_deputises(OfficeKind.FRAUD_MANAGER)
    if concern.recipient == Recipient.MONITORING_OFFICER:
        return viewer.is_monitoring_officer
    return False


def concern_access(viewer: Viewer, concern: ConcernFacts) -> Access:
    """Who may see a concern.

    A person it is about never sees it, whatever office they hold or whoever assigned them: not
    as Monitoring Officer, not as the receiving line manager, not as a handler. Otherwise the
    receiving office (holder or deputy) and the Monitoring Officer (or a deputy) manage it, and
    handlers they choose handle it. Nobody else, a line manager of the person it is about
    included, may know it exists.
    """
    if viewer.person_id in concern.subject_ids:
        return Access.NONE
    if viewer.is_monitoring_officer or receives(viewer, concern):
        return Access.MANAGE
    if viewer.person_id in concern.handler_ids:
        return Access.HANDLE
    return Access.NONE


def recipient_choices(*, signed_in: bool, anonymous: bool, has_line_manager: bool) -> list[str]:
    """Whom a reporter may send a concern to.

    Only signed-in staff with a line manager may choose their line manager, and only when they
    give their name: sending an anonymous report to one manager would say which team it came from.
    """
    choices: list[str] = []
    if signed_in and has_line_manager and not anonymous:
        choices.append(Recipient.LINE_MANAGER)
    choices += [Recipient.FRAUD_MANAGER, Recipient.MONITORING_OFFICER]
    return choices


def offices_told(recipient: str, *, staffed: frozenset[str]) -> tuple[str, ...]:
    """The offices told a concern has arrived. ``staffed`` lists the office kinds with someone in
    them today (holder or deputy). The Monitoring Officer is told of every concern; a concern for
    an office with nobody in it goes to the Monitoring Officer only."""
    told: list[str] = []
    if recipient == Recipient.FRAUD_MANAGER and OfficeKind.FRAUD_MANAGER in staffed:
        told.append(OfficeKind.FRAUD_MANAGER)
    told.append(OfficeKind.MONITORING_OFFICER)
    return tuple(told)


#: Where a concern may go from each status. A closed concern may be reopened for investigation.
TRANSITIONS: dict[str, frozenset[str]] = {
    ConcernStatus.RECEIVED: frozenset({ConcernStatus.ASSESSING, ConcernStatus.CLOSED}),
    ConcernStatus.ASSESSING: frozenset({ConcernStatus.INVESTIGATING, ConcernStatus.CLOSED}),
    ConcernStatus.INVESTIGATING: frozenset({ConcernStatus.ASSESSING, ConcernStatus.CLOSED}),
    ConcernStatus.CLOSED: frozenset({ConcernStatus.INVESTIGATING}),
}


def status_change_refusal(
    *,
    current: str,
    new: str,
    outcome: str,
    reasons: str,
    retain_until: dt.date | None,
    today: dt.date,
    erased: bool,
) -> str:
    """Why this status change may not be made ("" when it may)."""
    if erased:
        return "This concern's content has been erased: it can no longer change."
    if new == current:
        if new == ConcernStatus.CLOSED and not (outcome and reasons.strip() and retain_until):
            return "A closed concern needs an outcome, reasons and a date to keep it until."
        return ""
    if new not in TRANSITIONS.get(current, frozenset()):
        return "A concern cannot move from this status to that one."
    if new == ConcernStatus.CLOSED:
        if not outcome:
            return "Choose an outcome to close the concern."
        if not reasons.strip():
            return "Give the reasons for the outcome."
        if retain_until is None:
            return "Enter the date until which the concern must be kept."
    if retain_until is not None and retain_until <= today:
        return "The date to keep the concern until must be in the future."
    return ""


def erase_due(*, retain_until: dt.date | None, erased: bool, status: str, today: dt.date) -> bool:
    """Whether a concern's personal content must now be erased: closed, kept until a day that
    has passed, and not already erased."""
    return (
        not erased
        and status == ConcernStatus.CLOSED
        and retain_until is not None
        and retain_until < today
    )


# --- breach cases ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BreachFacts:
    person_id: int
    concern_handler_ids: frozenset[int] = field(default_factory=frozenset)
    concern_subject_ids: frozenset[int] = field(default_factory=frozenset)


def breach_access(viewer: Viewer, case: BreachFacts) -> Access:
    """The Monitoring Officer (and deputies) manage breach cases; HR & OD (holder or deputy) and
    the handlers of the concern it came from may read it. The person it is about never sees it
    here, nor does anyone the concern it came from is about."""
    if viewer.person_id == case.person_id or viewer.person_id in case.concern_subject_ids:
        return Access.NONE
    if viewer.is_monitoring_officer:
        return Access.MANAGE
    if viewer.holds_or_deputises(OfficeKind.HR_OD_MANAGER):
        return Access.HANDLE
    if viewer.person_id in case.concern_handler_ids:
        return Access.HANDLE
    return Access.NONE


def may_open_breach_case(viewer: Viewer, *, person_id: int) -> bool:
    """Only the Monitoring Officer or a deputy, and never against themselves."""
    return viewer.is_monitoring_officer and viewer.person_id != person_id


def breach_record_refusal(
    *,
    outcome: str,
    outcome_on: dt.date | None,
    result: str,
    result_on: dt.date | None,
    opened_on: dt.date,
    today: dt.date,
) -> str:
    """Why a breach case's outcome and disciplinary result may not be recorded as given."""
    if outcome and outcome_on is None:
        return "Enter the date of the outcome."
    if outcome_on is not None and not outcome:
        return "Choose the outcome the date belongs to."
    for day in (outcome_on, result_on):
        if day is not None and (day < opened_on or day > today):
            return "Dates must be between the day the case was opened and today."
    if result and outcome != "disciplinary":
        return "A disciplinary result can only follow a referral to the disciplinary procedure."
    if result and result_on is None:
        return "Enter the date of the disciplinary result."
    if result_on is not None and not result:
        return "Choose the disciplinary result the date belongs to."
    if result_on is not None and outcome_on is not None and result_on < outcome_on:
        return "The disciplinary result cannot come before the referral."
    return ""
