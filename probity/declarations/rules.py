"""Pure rules for declarations: each kind's route, who may see and do what, how status moves.

Inputs are frozen facts; outputs are values. No ORM, settings, request or clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from probity.declarations.choices import (
    AssignmentPurpose,
    DeclarationKind,
    DeclarationStatus,
    StepState,
)
from probity.people.choices import OfficeKind
from probity.people.rules import DEFAULT_FALLBACKS, Viewer

K = DeclarationKind
S = DeclarationStatus


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
    REROUTE = "reroute"
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
    consent_grade_name: str = ""
    fallbacks: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FALLBACKS))

    def as_record(self) -> dict[str, object]:
        """The values a declaration keeps of the settings its route was worked out with."""
        return {
            "consent_grade": self.consent_grade_name,
            "consent_grade_rank": self.consent_grade_rank,
            "referral_office": self.referral_office,
        }


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


RouteFn = Callable[[int | None, RoutePolicy], tuple[Step, ...]]


def _routes_to(*steps: Step) -> RouteFn:
    """A route that is the same whatever the declarant's grade."""
    return lambda grade_rank, policy: steps


def _outside_employment_route(grade_rank: int | None, policy: RoutePolicy) -> tuple[Step, ...]:
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
    return (Step("line_manager", Responsible.LINE_MANAGER, StepKind.NOTE, "Line manager is told"),)


@dataclass(frozen=True)
class KindRule:
    """Everything the pure rules know about one kind of declaration, in one place.

    ``route`` gives the steps for a declarant's grade rank under the council's settings;
    ``special`` marks special-category data (only the Monitoring Officer, deputies and the
    declarant read the details); ``confidential`` keeps it away from the declarant's management
    line and team; ``endable`` lets the declarant end it with a new version carrying an end date;
    ``nothing_to_declare`` marks a nil return, which live declarations contradict.
    """

    kind: str
    prefix: str
    route: RouteFn
    special: bool = False
    confidential: bool = False
    endable: bool = False
    nothing_to_declare: bool = False


#: One entry per kind. Every per-kind set and map below is read from this table.
KIND_RULES: tuple[KindRule, ...] = (
    KindRule(K.GIFT_HOSPITALITY, "GH", _routes_to(LM_NOTES)),
    KindRule(
        K.PERSONAL_INTEREST,
        "PI",
        _routes_to(
            LM_NOTES, _mo_records("Monitoring Officer records it", "Record in the register")
        ),
        endable=True,
    ),
    KindRule(
        K.CLOSED_ORGANISATION,
        "CO",
        _routes_to(
            Step(
                "line_manager",
                Responsible.LINE_MANAGER,
                StepKind.NOTE,
                "Line manager notes that it exists",
            ),
            _mo_records("Monitoring Officer holds the details", "Record in the register"),
        ),
        special=True,
        endable=True,
    ),
    KindRule(
        K.CONTRACTOR_RELATIONSHIP,
        "CR",
        _routes_to(
            LM_NOTES,
            _mo_records(
                "Monitoring Officer receives written notice",
                "Record written notice as received",
                stage=1,
            ),
        ),
        endable=True,
    ),
    KindRule(K.OUTSIDE_EMPLOYMENT, "OE", _outside_employment_route, endable=True),
    KindRule(
        K.PLANNING_APPLICATION,
        "PA",
        _routes_to(
            Step(
                "head_of_planning",
                Responsible.HEAD_OF_PLANNING,
                StepKind.RECORD,
                "Head of Planning routes it to the Planning Committee",
                record_label="Record that it will go to the Planning Committee",
            )
        ),
    ),
    KindRule(
        K.DISCRETIONARY_SERVICE,
        "DS",
        _routes_to(
            Step(
                "referral",
                Responsible.REFERRAL_OFFICE,
                StepKind.RECORD,
                "Senior management decide the case, away from the officer",
                record_label="Record the outcome of the referral",
            )
        ),
        confidential=True,
    ),
    KindRule(
        K.CONTRACT_USE,
        "CU",
        _routes_to(
            Step(
                "head_of_corporate_finance",
                Responsible.HEAD_OF_CORPORATE_FINANCE,
                StepKind.APPROVE,
                "Head of Corporate Finance gives written approval",
            )
        ),
    ),
    KindRule(K.SPONSORSHIP, "SP", _routes_to(LM_NOTES), endable=True),
    KindRule(
        K.S117_INTEREST,
        "CI",
        _routes_to(
            Step(
                "governance_lead",
                Responsible.GOVERNANCE_LEAD,
                StepKind.RECORD,
                "Head of Governance enters it in the section 117 book",
                record_label="Enter it in the section 117 book",
            )
        ),
        endable=True,
    ),
    KindRule(
        K.STAFF_DECISION,
        "SD",
        _routes_to(
            Step(
                "line_manager",
                Responsible.LINE_MANAGER,
                StepKind.RECORD,
                "Line manager takes the officer off the decision",
                record_label="Record that the officer is taken off the decision",
            )
        ),
    ),
    KindRule(K.NIL_RETURN, "NR", _routes_to(), nothing_to_declare=True),
)

KIND_RULE: dict[str, KindRule] = {rule.kind: rule for rule in KIND_RULES}
REFERENCE_PREFIXES: dict[str, str] = {rule.kind: rule.prefix for rule in KIND_RULES}
#: Special-category data: only the Monitoring Officer, deputies and the declarant read the details.
SPECIAL_CATEGORY_KINDS = frozenset(rule.kind for rule in KIND_RULES if rule.special)
#: Confidential referrals: kept away from the declarant's management line and team.
CONFIDENTIAL_KINDS = frozenset(rule.kind for rule in KIND_RULES if rule.confidential)
#: Kinds with an end date that can be ended by a new version.
ENDABLE_KINDS = frozenset(rule.kind for rule in KIND_RULES if rule.endable)


def route(*, kind: str, grade_rank: int | None, policy: RoutePolicy) -> tuple[Step, ...]:
    """Who must see, approve or record a declaration of this kind, in stages."""
    if kind not in KIND_RULE:
        raise ValueError(f"No route for {kind}")
    return KIND_RULE[kind].route(grade_rank, policy)


def needs_prior_consent(*, grade_rank: int | None, policy: RoutePolicy) -> bool:
    """Outside employment at or above the council's consent grade needs prior consent."""
    return grade_rank is not None and grade_rank >= policy.consent_grade_rank


@dataclass(frozen=True)
class EntryFacts:
    """What the rules need to know about one declaration.

    ``steps`` is the route fixed when it was submitted; ``done`` the keys of steps done on the
    current version; ``assignees`` maps each waiting step to the people who may act on it;
    ``adviser_ids`` are the people whose advice is asked while it is referred; ``involved_ids``
    everyone who is assigned to it now or has decided on it; ``consenter_ids`` people who already
    gave one of its prior approvals.
    """

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
    assignees: Mapping[str, frozenset[int]] = field(default_factory=dict)
    adviser_ids: frozenset[int] = frozenset()
    involved_ids: frozenset[int] = frozenset()
    consenter_ids: frozenset[int] = frozenset()

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


def step_states(
    *,
    steps: tuple[Step, ...],
    done: frozenset[str],
    refused: frozenset[str],
    withdrawn: bool = False,
) -> dict[str, StepState]:
    """Where each step stands: done, refused, waiting now, in a later stage, or no longer needed
    because the declaration was refused or withdrawn."""
    states: dict[str, StepState] = {}
    finished = withdrawn or bool(refused)
    waiting = {s.key for s in open_steps(steps, done)} if not finished else set()
    for step in steps:
        if step.key in refused:
            states[step.key] = StepState.REFUSED
        elif step.key in done:
            states[step.key] = StepState.DONE
        elif finished:
            states[step.key] = StepState.NOT_NEEDED
        elif step.key in waiting:
            states[step.key] = StepState.WAITING
        else:
            states[step.key] = StepState.PENDING
    return states


def is_responsible(viewer: Viewer, step: Step, entry: EntryFacts) -> bool:
    """Whether the viewer is one of the people a waiting step was assigned to.

    Assignment (``routing.assign``) already leaves out the declarant and whoever gave the other
    consent; both are checked again here so that no stale assignment lets them act.
    """
    if entry.declarant_id == viewer.person_id:
        return False
    if step.does == StepKind.APPROVE and viewer.person_id in entry.consenter_ids:
        return False
    return viewer.person_id in entry.assignees.get(step.key, frozenset())


def is_adviser(viewer: Viewer, entry: EntryFacts) -> bool:
    """Whoever the declaration is referred to for advice, while it is referred."""
    if entry.status != S.REFERRED or entry.declarant_id == viewer.person_id:
        return False
    return viewer.person_id in entry.adviser_ids


#: A declaration still waiting for a decision, which the Monitoring Officer may re-route.
REROUTABLE = frozenset({S.SUBMITTED, S.NOTED, S.IN_PROGRESS, S.INFO_REQUESTED, S.REFERRED})
_LEVEL = {Visibility.NONE: 0, Visibility.EXISTENCE: 1, Visibility.FULL: 2}
ALL_KINDS = frozenset(K.values)
ORDINARY_KINDS = ALL_KINDS - SPECIAL_CATEGORY_KINDS - CONFIDENTIAL_KINDS
NOT_SPECIAL_KINDS = ALL_KINDS - SPECIAL_CATEGORY_KINDS


@dataclass(frozen=True)
class Grant:
    """One reason a viewer may see entries: every condition that is set must hold.

    The same grants decide one entry (``visibility``) and whole lists (a query built from them
    in ``selectors.grant_filter``), so the two can never disagree.
    """

    level: Visibility
    kinds: frozenset[str] = ALL_KINDS
    declarant_ids: frozenset[int] | None = None  # the declarant is one of these
    line_manager_id: int | None = None  # the declarant's line manager is this person
    service_ids: frozenset[int] | None = None  # the declarant works in one of these services
    involved_id: int | None = None  # this person is assigned to it, advises on it or decided it

    def matches(self, entry: EntryFacts) -> bool:
        if entry.kind not in self.kinds:
            return False
        if self.declarant_ids is not None and entry.declarant_id not in self.declarant_ids:
            return False
        if self.line_manager_id is not None and (
            entry.declarant_line_manager_id != self.line_manager_id
        ):
            return False
        if self.service_ids is not None and entry.declarant_service_id not in self.service_ids:
            return False
        return self.involved_id is None or self.involved_id in entry.involved_ids


def _deciding_offices(kind: str, policy: RoutePolicy) -> frozenset[str]:
    """The offices (not the line manager, a Head of Service or the MO) any route of a kind names."""
    found: set[str] = set()
    for rank in (None, policy.consent_grade_rank):
        for step in route(kind=kind, grade_rank=rank, policy=policy):
            if step.responsible == Responsible.REFERRAL_OFFICE:
                found.add(policy.referral_office)
            elif step.responsible not in {
                Responsible.LINE_MANAGER,
                Responsible.HEAD_OF_SERVICE,
                Responsible.MONITORING_OFFICER,
            }:
                found.add(step.responsible.value)
    return frozenset(found)


def grants_for(viewer: Viewer, policy: RoutePolicy) -> tuple[Grant, ...]:
    """Every reason this viewer may see entries. The one source of who sees what.

    - The Monitoring Officer and deputies see everything.
    - Everyone subject to the code sees their own entries.
    - A manager sees the entries of their direct and indirect reports, except special-category
      and confidential ones; of a special-category entry only the direct line manager learns that
      it exists (ADR 0008).
    - Whoever is assigned to an entry, asked to advise on it, or has decided on it sees it (only
      that it exists, for a special-category entry).
    - The holder or deputy of an office that decides a kind sees that kind's register; a Head of
      Service sees the kinds a Head of Service consents to for the services they head.
    - The auditor sees every entry but special-category and confidential ones.
    """
    if viewer.is_monitoring_officer:
        return (Grant(Visibility.FULL),)
    me = viewer.person_id
    grants: list[Grant] = []
    if viewer.is_subject_to_code:
        grants.append(Grant(Visibility.FULL, declarant_ids=frozenset({me})))
    reports = viewer.report_ids | viewer.direct_report_ids
    if reports:
        grants.append(Grant(Visibility.FULL, kinds=ORDINARY_KINDS, declarant_ids=reports))
        grants.append(Grant(Visibility.EXISTENCE, kinds=SPECIAL_CATEGORY_KINDS, line_manager_id=me))
    grants.append(Grant(Visibility.FULL, kinds=NOT_SPECIAL_KINDS, involved_id=me))
    grants.append(Grant(Visibility.EXISTENCE, kinds=SPECIAL_CATEGORY_KINDS, involved_id=me))
    office_kinds = frozenset(
        kind
        for kind in ALL_KINDS
        if any(viewer.holds_or_deputises(OfficeKind(o)) for o in _deciding_offices(kind, policy))
    )
    if office_kinds:
        grants.append(Grant(Visibility.FULL, kinds=office_kinds - SPECIAL_CATEGORY_KINDS))
    if viewer.headed_service_ids:
        consented = frozenset(
            kind
            for kind in NOT_SPECIAL_KINDS
            if any(
                step.responsible == Responsible.HEAD_OF_SERVICE
                for rank in (None, policy.consent_grade_rank)
                for step in route(kind=kind, grade_rank=rank, policy=policy)
            )
        )
        if consented:
            grants.append(
                Grant(Visibility.FULL, kinds=consented, service_ids=viewer.headed_service_ids)
            )
    if viewer.is_auditor:
        grants.append(Grant(Visibility.FULL, kinds=ORDINARY_KINDS))
    return tuple(grants)


def visibility(
    viewer: Viewer, entry: EntryFacts, *, grants: tuple[Grant, ...] | None = None
) -> Visibility:
    """How much of an entry the viewer may read. Anyone at NONE is told it does not exist."""
    best = Visibility.NONE
    for grant in grants if grants is not None else grants_for(viewer, _policy_of(entry)):
        if grant.matches(entry) and _LEVEL[grant.level] > _LEVEL[best]:
            best = grant.level
    return best


def _policy_of(entry: EntryFacts) -> RoutePolicy:
    """The council's routing settings as the entry's facts carry them (the referral office today)."""
    return RoutePolicy(consent_grade_rank=0, referral_office=entry.referral_office)


def can_see(viewer: Viewer, entry: EntryFacts) -> bool:
    return visibility(viewer, entry) != Visibility.NONE


def kinds_visible(grants: tuple[Grant, ...]) -> frozenset[str]:
    """The kinds of register in which at least some row could be visible under these grants."""
    return frozenset(kind for grant in grants for kind in grant.kinds)


def available_actions(viewer: Viewer, entry: EntryFacts) -> frozenset[Action]:
    """Everything the viewer may do to this entry now."""
    seen = visibility(viewer, entry)
    if seen == Visibility.NONE:
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
    if own and status == S.SUBMITTED and entry.steps and not entry.done:
        actions.add(Action.WITHDRAW)  # made by mistake: until someone has decided on it
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
        if status in REROUTABLE and open_steps(entry.steps, entry.done):
            actions.add(Action.REROUTE)
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


def status_from_steps(
    *,
    steps: tuple[Step, ...],
    done: frozenset[str],
    refused: bool,
    conditional: bool = False,
) -> str:
    """The status a declaration's decisions add up to (``conditional``: an approval had conditions)."""
    if refused:
        return S.REFUSED
    if all(s.key in done for s in steps):
        if any(s.does == StepKind.APPROVE for s in steps):
            return S.APPROVED_WITH_CONDITIONS if conditional else S.APPROVED
        if any(s.does == StepKind.RECORD for s in steps) or not steps:
            return S.RECORDED
        return S.NOTED
    finished = [s for s in steps if s.key in done]
    if not finished:
        return S.SUBMITTED
    if all(s.does == StepKind.NOTE for s in finished):
        return S.NOTED
    return S.IN_PROGRESS


#: Statuses in which the reviewers wait: a question to the declarant or a referral for advice.
ON_HOLD = frozenset({S.INFO_REQUESTED, S.REFERRED})


_OPEN = frozenset(s for s in S.values if s not in {S.WITHDRAWN, S.REFUSED})


def status_after(
    *,
    action: Action,
    kind: str,
    status: str,
    steps: tuple[Step, ...] = (),
    done: frozenset[str] = frozenset(),
    refused: bool = False,
    conditional: bool = False,
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
        if status in ON_HOLD:
            raise InvalidTransition("A question or referral is already open.")
        return S.INFO_REQUESTED
    if action == Action.REFER:
        if status in ON_HOLD:
            raise InvalidTransition("A question or referral is already open.")
        return S.REFERRED
    if action == Action.RESPOND:
        if status != S.INFO_REQUESTED:
            raise InvalidTransition("No question is open.")
        return status_from_steps(steps=steps, done=done, refused=refused, conditional=conditional)
    if action == Action.ADVISE:
        if status != S.REFERRED:
            raise InvalidTransition("It is not referred for advice.")
        return status_from_steps(steps=steps, done=done, refused=refused, conditional=conditional)
    if action in STEP_ACTIONS:
        if status in ON_HOLD:
            raise InvalidTransition("Wait for the answer or the advice first.")
        return status_from_steps(steps=steps, done=done, refused=refused, conditional=conditional)
    raise InvalidTransition(f"{action} does not change the status.")


def assignment_actionable(*, purpose: str, status: str) -> bool:
    """Whether an assignment is in its person's queue now: a reviewer's while the declaration is
    open and not on hold (a question or a referral is open), an adviser's while it is referred.
    A finished entry keeps no assignments; were one left, it would wait for nobody."""
    if purpose == AssignmentPurpose.ADVISE:
        return status == S.REFERRED
    return status in _OPEN and status not in ON_HOLD


def acting_as_label(*, office: str, deputy: bool, responsible: str) -> str:
    """The capacity in which someone acts on a step, for the record ("Chief Executive, for the
    Head of Service" when the step passed to a fallback office)."""
    if office == "line_manager":
        label = "Line manager"
    else:
        label = str(OfficeKind(office).label)
        if deputy:
            label = f"Deputy {label}"
    if responsible and responsible != office:
        named = (
            "line manager" if responsible == "line_manager" else str(OfficeKind(responsible).label)
        )
        label = f"{label}, for the {named}"
    return label


def advice_label(*, referred_to: str, office: str, deputy: bool) -> str:
    """The capacity in which an adviser answers a referral."""
    return acting_as_label(office=office, deputy=deputy, responsible=referred_to)


def can_use_registers(viewer: Viewer, policy: RoutePolicy) -> bool:
    """Whether registers belong in this person's menu: they may see entries other than by being
    asked to act on them."""
    return any(g.involved_id is None for g in grants_for(viewer, policy))


def reviews_anything(viewer: Viewer, policy: RoutePolicy) -> bool:
    """Whether work can be routed to this person: a manager, or the holder or deputy of an office
    that decides declarations (directly or as another office's fallback)."""
    offices = (viewer.office_kinds | viewer.deputy_office_kinds) - {OfficeKind.AUDITOR}
    return bool(viewer.is_manager or offices or viewer.headed_service_ids)
