"""Pure rules for declarations: each kind's route, who may see and do what, how status moves.

Inputs are frozen facts; outputs are values. No ORM, settings, request or clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from probity.declarations.choices import AdviceOffice, DeclarationKind, DeclarationStatus
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

K = DeclarationKind
S = DeclarationStatus

REFERENCE_PREFIXES: dict[str, str] = {
    K.GIFT_HOSPITALITY: "GH",
    K.PERSONAL_INTEREST: "PI",
    K.CLOSED_ORGANISATION: "CO",
    K.CONTRACTOR_RELATIONSHIP: "CR",
    K.OUTSIDE_EMPLOYMENT: "OE",
    K.PLANNING_APPLICATION: "PA",
    K.DISCRETIONARY_SERVICE: "DS",
    K.CONTRACT_USE: "CU",
    K.SPONSORSHIP: "SP",
    K.S117_INTEREST: "CI",
    K.STAFF_DECISION: "SD",
    K.NIL_RETURN: "NR",
}

#: Special-category data: only the Monitoring Officer, deputies and the declarant read the details.
SPECIAL_CATEGORY_KINDS = frozenset({K.CLOSED_ORGANISATION})
#: Confidential referrals: kept away from the declarant's management line and team.
CONFIDENTIAL_KINDS = frozenset({K.DISCRETIONARY_SERVICE})
#: Kinds with an end date that can be ended by a new version.
ENDABLE_KINDS = frozenset(
    {
        K.PERSONAL_INTEREST,
        K.CLOSED_ORGANISATION,
        K.CONTRACTOR_RELATIONSHIP,
        K.OUTSIDE_EMPLOYMENT,
        K.SPONSORSHIP,
        K.S117_INTEREST,
    }
)


class Action(StrEnum):
    NOTE = "note"
    APPROVE = "approve"
    REFUSE = "refuse"
    RECORD = "record"
    REQUEST_INFO = "request_info"
    REFER = "refer"
    ADVISE = "advise"
    RESPOND = "respond"
    CORRECT = "correct"
    END = "end"
    WITHDRAW = "withdraw"
    VIEW_AUDIT = "view_audit"


class Responsible(StrEnum):
    """Who must act on a step: the line manager, or whoever holds an office today."""

    LINE_MANAGER = "line_manager"
    MONITORING_OFFICER = OfficeKind.MONITORING_OFFICER.value
    HEAD_OF_SERVICE = OfficeKind.HEAD_OF_SERVICE.value
    HR_OD_MANAGER = OfficeKind.HR_OD_MANAGER.value
    HEAD_OF_PLANNING = OfficeKind.HEAD_OF_PLANNING.value
    HEAD_OF_CORPORATE_FINANCE = OfficeKind.HEAD_OF_CORPORATE_FINANCE.value
    GOVERNANCE_LEAD = OfficeKind.GOVERNANCE_LEAD.value
    REFERRAL_OFFICE = "referral_office"


class StepKind(StrEnum):
    NOTE = "note"  # sees it and notes it
    APPROVE = "approve"  # prior approval: approve (perhaps with conditions) or refuse
    RECORD = "record"  # records that something was done: a notice received, a routing, an outcome


@dataclass(frozen=True)
class Step:
    key: str
    responsible: Responsible
    does: StepKind
    label: str
    stage: int = 1
    record_label: str = ""


@dataclass(frozen=True)
class RoutePolicy:
    """Council settings the routes read."""

    consent_grade_rank: int
    referral_office: str = OfficeKind.CHIEF_EXECUTIVE


LM_NOTES = Step("line_manager", Responsible.LINE_MANAGER, StepKind.NOTE, "Line manager notes it")


def _mo_records(label: str, record_label: str, stage: int = 2) -> Step:
    return Step(
        "monitoring_officer",
        Responsible.MONITORING_OFFICER,
        StepKind.RECORD,
        label,
        stage,
        record_label,
    )


def route(*, kind: str, grade_rank: int | None, policy: RoutePolicy) -> tuple[Step, ...]:
    """Who must see, approve or record a declaration of this kind, in stages."""
    if kind in {K.GIFT_HOSPITALITY, K.SPONSORSHIP}:
        return (LM_NOTES,)
    if kind == K.PERSONAL_INTEREST:
        return (LM_NOTES, _mo_records("Monitoring Officer records it", "Record in the register"))
    if kind == K.CLOSED_ORGANISATION:
        return (
            Step(
                "line_manager",
                Responsible.LINE_MANAGER,
                StepKind.NOTE,
                "Line manager notes that it exists",
            ),
            _mo_records("Monitoring Officer holds the details", "Record in the register"),
        )
    if kind == K.CONTRACTOR_RELATIONSHIP:
        return (
            LM_NOTES,
            _mo_records(
                "Monitoring Officer receives written notice",
                "Record written notice as received",
                stage=1,
            ),
        )
    if kind == K.OUTSIDE_EMPLOYMENT:
        if needs_prior_consent(grade_rank=grade_rank, policy=policy):
            return (
                Step(
                    "head_of_service",
                    Responsible.HEAD_OF_SERVICE,
                    StepKind.APPROVE,
                    "Head of Service consents",
                ),
                Step(
                    "hr_od",
                    Responsible.HR_OD_MANAGER,
                    StepKind.APPROVE,
                    "HR and OD Manager consents",
                ),
            )
        return (
            Step("line_manager", Responsible.LINE_MANAGER, StepKind.NOTE, "Line manager is told"),
        )
    if kind == K.PLANNING_APPLICATION:
        return (
            Step(
                "head_of_planning",
                Responsible.HEAD_OF_PLANNING,
                StepKind.RECORD,
                "Head of Planning routes it to the Planning Committee",
                record_label="Record that it will go to the Planning Committee",
            ),
        )
    if kind == K.DISCRETIONARY_SERVICE:
        return (
            Step(
                "referral",
                Responsible.REFERRAL_OFFICE,
                StepKind.RECORD,
                "Senior management decide the case, away from the officer",
                record_label="Record the outcome of the referral",
            ),
        )
    if kind == K.CONTRACT_USE:
        return (
            Step(
                "head_of_corporate_finance",
                Responsible.HEAD_OF_CORPORATE_FINANCE,
                StepKind.APPROVE,
                "Head of Corporate Finance gives written approval",
            ),
        )
    if kind == K.S117_INTEREST:
        return (
            Step(
                "governance_lead",
                Responsible.GOVERNANCE_LEAD,
                StepKind.RECORD,
                "Head of Governance enters it in the section 117 book",
                record_label="Enter it in the section 117 book",
            ),
        )
    if kind == K.STAFF_DECISION:
        return (
            Step(
                "line_manager",
                Responsible.LINE_MANAGER,
                StepKind.RECORD,
                "Line manager takes the officer off the decision",
                record_label="Record that the officer is taken off the decision",
            ),
        )
    if kind == K.NIL_RETURN:
        return ()
    raise ValueError(f"No route for {kind}")


def needs_prior_consent(*, grade_rank: int | None, policy: RoutePolicy) -> bool:
    """Outside employment at or above the council's consent grade needs prior consent."""
    return grade_rank is not None and grade_rank >= policy.consent_grade_rank


@dataclass(frozen=True)
class EntryFacts:
    """What the rules need to know about one declaration."""

    kind: str
    status: str
    declarant_id: int
    declarant_line_manager_id: int | None
    declarant_service_id: int | None
    referred_to: str = ""
    ended: bool = False
    steps: tuple[Step, ...] = ()
    done: frozenset[str] = field(default_factory=frozenset)
    referral_office: str = OfficeKind.CHIEF_EXECUTIVE

    @property
    def special_category(self) -> bool:
        return self.kind in SPECIAL_CATEGORY_KINDS

    @property
    def confidential(self) -> bool:
        return self.kind in CONFIDENTIAL_KINDS


class Visibility(StrEnum):
    NONE = "none"
    EXISTENCE = "existence"  # sees that it exists and who holds it, not the details
    FULL = "full"


class InvalidTransition(ValueError):
    """The action does not apply to a declaration in this state."""


def reference_for(*, kind: str, year: int, number: int) -> str:
    """GH-2027-0042: the kind's prefix, the year and a four-digit (or longer) number."""
    if number < 1:
        raise ValueError("Reference numbers start at 1.")
    return f"{REFERENCE_PREFIXES[kind]}-{year}-{number:04d}"


def open_steps(steps: Iterable[Step], done: frozenset[str]) -> tuple[Step, ...]:
    """The steps waiting now: those not done in the earliest stage that is not complete."""
    pending = [s for s in steps if s.key not in done]
    if not pending:
        return ()
    stage = min(s.stage for s in pending)
    return tuple(s for s in pending if s.stage == stage)


def is_responsible(viewer: Viewer, step: Step, entry: EntryFacts) -> bool:
    """Whether the viewer acts for the office (or as the line manager) a step names."""
    if entry.declarant_id == viewer.person_id:
        return False
    who = step.responsible
    if who == Responsible.LINE_MANAGER:
        if entry.declarant_line_manager_id is None:
            return viewer.is_monitoring_officer
        return entry.declarant_line_manager_id == viewer.person_id
    if who == Responsible.MONITORING_OFFICER:
        return viewer.is_monitoring_officer
    if who == Responsible.HEAD_OF_SERVICE:
        return entry.declarant_service_id in viewer.headed_service_ids
    if who == Responsible.REFERRAL_OFFICE:
        return viewer.holds_or_deputises(OfficeKind(entry.referral_office))
    return viewer.holds_or_deputises(OfficeKind(who.value))


def is_adviser(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whoever the declaration is referred to for advice, while it is referred."""
    if entry.status != S.REFERRED or entry.declarant_id == viewer.person_id:
        return False
    if entry.referred_to == AdviceOffice.MONITORING_OFFICER:
        return viewer.is_monitoring_officer
    if entry.referred_to == AdviceOffice.HEAD_OF_SERVICE:
        return entry.declarant_service_id in viewer.headed_service_ids
    return False


def visibility(viewer: Viewer, entry: EntryFacts) -> Visibility:
    """How much of an entry the viewer may read. Anyone at NONE is told it does not exist."""
    if viewer.is_monitoring_officer or entry.declarant_id == viewer.person_id:
        return Visibility.FULL
    in_line = (
        entry.declarant_id in viewer.report_ids
        or entry.declarant_line_manager_id == viewer.person_id
    )
    if entry.special_category:
        return Visibility.EXISTENCE if in_line else Visibility.NONE
    if any(is_responsible(viewer, step, entry) for step in entry.steps):
        return Visibility.FULL
    if entry.confidential:
        return Visibility.NONE
    if in_line or is_adviser(viewer, entry) or viewer.is_auditor:
        return Visibility.FULL
    return Visibility.NONE


def can_see(viewer: Viewer, entry: EntryFacts) -> bool:
    return visibility(viewer, entry) != Visibility.NONE


@dataclass(frozen=True)
class RegisterScope:
    """Which entries of one kind's register a viewer sees, as sets a query can use."""

    everything: bool = False
    declarant_ids: frozenset[int] = frozenset()
    service_ids: frozenset[int] = frozenset()
    advice_for_service_ids: frozenset[int] = frozenset()

    @property
    def nothing(self) -> bool:
        return not (
            self.everything or self.declarant_ids or self.service_ids or self.advice_for_service_ids
        )


def _responsible_offices(kind: str, policy: RoutePolicy) -> frozenset[Responsible]:
    """Every office any route of this kind can name (at any grade)."""
    found: set[Responsible] = set()
    for rank in (None, policy.consent_grade_rank):
        found.update(step.responsible for step in route(kind=kind, grade_rank=rank, policy=policy))
    return frozenset(found)


def register_scope(viewer: Viewer, *, kind: str, policy: RoutePolicy) -> RegisterScope:
    """The rows of a kind's register a viewer may see (at least existence): matches ``visibility``."""
    if viewer.is_monitoring_officer:
        return RegisterScope(everything=True)
    offices = _responsible_offices(kind, policy)
    for who in offices - {
        Responsible.LINE_MANAGER,
        Responsible.HEAD_OF_SERVICE,
        Responsible.MONITORING_OFFICER,
    }:
        office = policy.referral_office if who == Responsible.REFERRAL_OFFICE else who.value
        if viewer.holds_or_deputises(OfficeKind(office)):
            return RegisterScope(everything=True)
    own = frozenset({viewer.person_id}) if viewer.is_subject_to_code else frozenset()
    if kind in CONFIDENTIAL_KINDS:
        return RegisterScope(declarant_ids=own)
    if viewer.is_auditor and kind not in SPECIAL_CATEGORY_KINDS:
        return RegisterScope(everything=True)
    heads = viewer.headed_service_ids if Responsible.HEAD_OF_SERVICE in offices else frozenset()
    advice = viewer.headed_service_ids if kind not in SPECIAL_CATEGORY_KINDS else frozenset()
    return RegisterScope(
        declarant_ids=own | viewer.report_ids | viewer.direct_report_ids,
        service_ids=heads,
        advice_for_service_ids=advice,
    )


def available_actions(viewer: Viewer, entry: EntryFacts) -> frozenset[Action]:
    """Everything the viewer may do to this entry now."""
    if not can_see(viewer, entry):
        return frozenset()
    actions: set[Action] = set()
    status = entry.status
    if viewer.is_monitoring_officer or (viewer.is_auditor and not entry.special_category):
        actions.add(Action.VIEW_AUDIT)
    if status == S.WITHDRAWN:
        return frozenset(actions)
    own = entry.declarant_id == viewer.person_id
    if own and status != S.REFUSED:
        actions.add(Action.CORRECT)
        if entry.kind in ENDABLE_KINDS and not entry.ended:
            actions.add(Action.END)
    if own and status == S.INFO_REQUESTED:
        actions.add(Action.RESPOND)
    if status not in {S.INFO_REQUESTED, S.REFERRED, S.REFUSED}:
        for step in open_steps(entry.steps, entry.done):
            if not is_responsible(viewer, step, entry):
                continue
            if step.does == StepKind.NOTE:
                actions.update({Action.NOTE, Action.REQUEST_INFO, Action.REFER})
            elif step.does == StepKind.APPROVE:
                actions.update({Action.APPROVE, Action.REFUSE, Action.REQUEST_INFO})
            else:
                actions.update({Action.RECORD, Action.REQUEST_INFO})
    if is_adviser(viewer, entry):
        actions.add(Action.ADVISE)
    if viewer.is_monitoring_officer and not own:
        actions.add(Action.WITHDRAW)
    return frozenset(actions)


STEP_ACTIONS = {
    Action.NOTE: StepKind.NOTE,
    Action.APPROVE: StepKind.APPROVE,
    Action.REFUSE: StepKind.APPROVE,
    Action.RECORD: StepKind.RECORD,
}


def step_for(viewer: Viewer, entry: EntryFacts, action: Action) -> Step:
    """The open step a viewer's note, approval, refusal or record answers."""
    wanted = STEP_ACTIONS[action]
    for step in open_steps(entry.steps, entry.done):
        if step.does == wanted and is_responsible(viewer, step, entry):
            return step
    raise InvalidTransition(f"Nothing is waiting for you to {action}.")


def status_from_steps(*, steps: tuple[Step, ...], done: frozenset[str], refused: bool) -> str:
    """The status a declaration's decisions add up to."""
    if refused:
        return S.REFUSED
    if all(s.key in done for s in steps):
        if any(s.does == StepKind.APPROVE for s in steps):
            return S.APPROVED
        if any(s.does == StepKind.RECORD for s in steps) or not steps:
            return S.RECORDED
        return S.NOTED
    finished = [s for s in steps if s.key in done]
    if not finished:
        return S.SUBMITTED
    if all(s.does == StepKind.NOTE for s in finished):
        return S.NOTED
    return S.IN_PROGRESS


_OPEN = frozenset(s for s in S.values if s not in {S.WITHDRAWN, S.REFUSED})


def status_after(
    *,
    action: Action,
    kind: str,
    status: str,
    steps: tuple[Step, ...] = (),
    done: frozenset[str] = frozenset(),
    refused: bool = False,
) -> str:
    """The status after ``action``; ``done`` and ``refused`` already include the action's effect."""
    if action == Action.WITHDRAW:
        if status == S.WITHDRAWN:
            raise InvalidTransition("It is already withdrawn.")
        return S.WITHDRAWN
    if status not in _OPEN:
        raise InvalidTransition(f"Cannot {action} a declaration that is {status}.")
    if action == Action.END and kind not in ENDABLE_KINDS:
        raise InvalidTransition("This kind of declaration has no end date.")
    if action in {Action.CORRECT, Action.END}:
        return status_from_steps(steps=steps, done=frozenset(), refused=False)
    if action == Action.REQUEST_INFO:
        if status in {S.INFO_REQUESTED, S.REFERRED}:
            raise InvalidTransition("A question or referral is already open.")
        return S.INFO_REQUESTED
    if action == Action.REFER:
        if status in {S.INFO_REQUESTED, S.REFERRED}:
            raise InvalidTransition("A question or referral is already open.")
        return S.REFERRED
    if action == Action.RESPOND:
        if status != S.INFO_REQUESTED:
            raise InvalidTransition("No question is open.")
        return status_from_steps(steps=steps, done=done, refused=refused)
    if action == Action.ADVISE:
        if status != S.REFERRED:
            raise InvalidTransition("It is not referred for advice.")
        return status_from_steps(steps=steps, done=done, refused=refused)
    if action in STEP_ACTIONS:
        if status in {S.INFO_REQUESTED, S.REFERRED}:
            raise InvalidTransition("Wait for the answer or the advice first.")
        return status_from_steps(steps=steps, done=done, refused=refused)
    raise InvalidTransition(f"{action} does not change the status.")


def acting_as_label(
    viewer: Viewer, entry: EntryFacts, *, action: Action, step: Step | None = None
) -> str:
    """The capacity in which the viewer acts, for the record."""
    if action in {Action.RESPOND, Action.CORRECT, Action.END}:
        return "Declarant"
    if action == Action.ADVISE:
        if entry.referred_to == AdviceOffice.HEAD_OF_SERVICE:
            return "Head of Service"
    elif step is not None and step.responsible == Responsible.LINE_MANAGER:
        if entry.declarant_line_manager_id == viewer.person_id:
            return "Line manager"
    elif step is not None:
        office = OfficeKind(
            entry.referral_office
            if step.responsible == Responsible.REFERRAL_OFFICE
            else step.responsible.value
        )
        if office == OfficeKind.HEAD_OF_SERVICE:
            return "Head of Service"
        if office != OfficeKind.MONITORING_OFFICER:
            label = str(office.label)
            return label if viewer.holds(office) else f"Deputy {label}"
    elif entry.declarant_line_manager_id == viewer.person_id:
        return "Line manager"
    if viewer.holds(OfficeKind.MONITORING_OFFICER):
        return "Monitoring Officer"
    if viewer.is_monitoring_officer:
        return "Deputy Monitoring Officer"
    return "Reviewer"


def can_use_registers(viewer: Viewer, policy: RoutePolicy) -> bool:
    """Whether any register has a row this person may see (so the registers belong in their menu)."""
    return any(not register_scope(viewer, kind=kind, policy=policy).nothing for kind in K.values)


def reviews_anything(viewer: Viewer, policy: RoutePolicy) -> bool:
    """Whether work can be routed to this person: a manager, or the holder or deputy of an office a route names."""
    routed = {r.value for r in Responsible} | {policy.referral_office}
    offices = (viewer.office_kinds | viewer.deputy_office_kinds) & routed
    return bool(viewer.is_manager or offices or viewer.headed_service_ids)
