"""Table tests for the pure declaration rules."""

from __future__ import annotations

import pytest

from probity.declarations.choices import (
    AdviceOffice,
    AssignmentPurpose,
    DeclarationKind,
    DeclarationStatus,
)
from probity.declarations.routing import LINE_MANAGER, OfficePeople, Organisation, assign
from probity.declarations.rules import (
    Action,
    EntryFacts,
    InvalidTransition,
    Responsible,
    RoutePolicy,
    Step,
    StepKind,
    Visibility,
    assignment_actionable,
    available_actions,
    can_see,
    can_use_registers,
    grants_for,
    needs_prior_consent,
    open_steps,
    reference_for,
    reviews_anything,
    route,
    status_after,
    status_from_steps,
    visibility,
)
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

GIFT = DeclarationKind.GIFT_HOSPITALITY
INTEREST = DeclarationKind.PERSONAL_INTEREST
S = DeclarationStatus

OFFICER = 1
MANAGER = 2
HEAD = 3
MO = 4
AUDITOR = 5
STRANGER = 6
DEPUTY = 7
HR = 8
CEO = 9
GOVERNANCE = 11
SERVICE = 10
K = DeclarationKind

VIEWERS = {
    "officer": Viewer(person_id=OFFICER),
    "manager": Viewer(
        person_id=MANAGER, direct_report_ids=frozenset({OFFICER}), report_ids=frozenset({OFFICER})
    ),
    "head": Viewer(
        person_id=HEAD,
        office_kinds=frozenset({OfficeKind.HEAD_OF_SERVICE}),
        headed_service_ids=frozenset({SERVICE}),
        direct_report_ids=frozenset({MANAGER}),
        report_ids=frozenset({MANAGER, OFFICER}),
    ),
    "head_elsewhere": Viewer(
        person_id=HEAD + 100,
        office_kinds=frozenset({OfficeKind.HEAD_OF_SERVICE}),
        headed_service_ids=frozenset({SERVICE + 1}),
    ),
    "mo": Viewer(person_id=MO, office_kinds=frozenset({OfficeKind.MONITORING_OFFICER})),
    "deputy": Viewer(
        person_id=DEPUTY, deputy_office_kinds=frozenset({OfficeKind.MONITORING_OFFICER})
    ),
    "auditor": Viewer(person_id=AUDITOR, office_kinds=frozenset({OfficeKind.AUDITOR})),
    "stranger": Viewer(person_id=STRANGER),
    "councillor": Viewer(person_id=STRANGER + 1, is_subject_to_code=False, is_councillor=True),
    "hr": Viewer(person_id=HR, office_kinds=frozenset({OfficeKind.HR_OD_MANAGER})),
    "chief_executive": Viewer(person_id=CEO, office_kinds=frozenset({OfficeKind.CHIEF_EXECUTIVE})),
    "governance": Viewer(
        person_id=GOVERNANCE, deputy_office_kinds=frozenset({OfficeKind.GOVERNANCE_LEAD})
    ),
}


POLICY = RoutePolicy(consent_grade_rank=7)
SCALE_G = 7
SCALE_C = 3


OFFICES: dict[str, OfficePeople] = {
    OfficeKind.HEAD_OF_SERVICE: OfficePeople(holder_ids=frozenset({HEAD})),
    OfficeKind.MONITORING_OFFICER: OfficePeople(
        holder_ids=frozenset({MO}), deputy_ids=frozenset({DEPUTY})
    ),
    OfficeKind.HR_OD_MANAGER: OfficePeople(holder_ids=frozenset({HR})),
    OfficeKind.CHIEF_EXECUTIVE: OfficePeople(holder_ids=frozenset({CEO})),
    OfficeKind.GOVERNANCE_LEAD: OfficePeople(deputy_ids=frozenset({GOVERNANCE})),
}


def entry(
    kind: str = GIFT, status: str = S.SUBMITTED, grade: int | None = SCALE_C, **kw: object
) -> EntryFacts:
    """An entry as the services would store it: its route, and the people assigned to the
    waiting steps (and to a referral) by ``routing.assign`` over a small organisation."""
    facts: dict[str, object] = {
        "kind": kind,
        "status": status,
        "declarant_id": OFFICER,
        "declarant_line_manager_id": MANAGER,
        "declarant_service_id": SERVICE,
        "steps": route(kind=kind, grade_rank=grade, policy=POLICY),
    }
    if status == S.NOTED and "done" not in kw:
        facts["done"] = frozenset({"line_manager"})
    facts.update(kw)
    org = Organisation(
        declarant_id=facts["declarant_id"],  # type: ignore[arg-type]
        line_manager_id=facts["declarant_line_manager_id"],  # type: ignore[arg-type]
        offices=OFFICES,
    )
    route_steps: tuple[Step, ...] = facts["steps"]  # type: ignore[assignment]
    done: frozenset[str] = facts.get("done", frozenset())  # type: ignore[assignment]
    if "assignees" not in kw:
        assignees = {}
        for step in open_steps(route_steps, done):
            office = (
                LINE_MANAGER
                if step.responsible == Responsible.LINE_MANAGER
                else POLICY.referral_office
                if step.responsible == Responsible.REFERRAL_OFFICE
                else step.responsible.value
            )
            assignees[step.key] = assign(office, org).person_ids
        facts["assignees"] = assignees
    if "adviser_ids" not in kw and status == S.REFERRED and facts.get("referred_to"):
        facts["adviser_ids"] = assign(str(facts["referred_to"]), org).person_ids
    if "involved_ids" not in kw:
        assigned: dict[str, frozenset[int]] = facts["assignees"]  # type: ignore[assignment]
        adviser_ids: frozenset[int] = facts.get("adviser_ids", frozenset())  # type: ignore[assignment]
        facts["involved_ids"] = frozenset().union(*assigned.values(), adviser_ids)
    return EntryFacts(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("viewer", "facts", "expected"),
    [
        ("officer", entry(), True),
        ("manager", entry(), True),
        ("head", entry(), True),  # indirect report
        ("head_elsewhere", entry(), False),
        (
            "head_elsewhere",
            entry(status=S.REFERRED, referred_to=AdviceOffice.HEAD_OF_SERVICE),
            False,
        ),
        ("mo", entry(), True),
        ("deputy", entry(), True),
        ("auditor", entry(), True),
        ("auditor", entry(kind=K.CLOSED_ORGANISATION), False),
        ("mo", entry(kind=K.CLOSED_ORGANISATION), True),
        ("stranger", entry(), False),
        ("councillor", entry(), False),
        ("stranger", entry(declarant_line_manager_id=STRANGER), True),  # the current line manager
        ("mo", entry(declarant_line_manager_id=None), True),
    ],
)
def test_who_may_see_an_entry(viewer: str, facts: EntryFacts, expected: bool) -> None:
    assert can_see(VIEWERS[viewer], facts) is expected


def test_head_of_service_sees_a_referral_from_a_service_they_head_without_being_in_the_chain() -> (
    None
):
    head = Viewer(person_id=HEAD, headed_service_ids=frozenset({SERVICE}))
    referred = entry(status=S.REFERRED, referred_to=AdviceOffice.HEAD_OF_SERVICE)
    assert can_see(head, referred)
    assert not can_see(head, entry())


@pytest.mark.parametrize(
    ("viewer", "kind", "everything", "declarants"),
    [
        ("mo", GIFT, True, frozenset()),
        ("deputy", K.CLOSED_ORGANISATION, True, frozenset()),
        ("auditor", GIFT, True, frozenset({AUDITOR})),
        ("auditor", K.CLOSED_ORGANISATION, False, frozenset({AUDITOR})),
        ("auditor", K.DISCRETIONARY_SERVICE, False, frozenset({AUDITOR})),
        ("manager", GIFT, False, frozenset({MANAGER, OFFICER})),
        ("manager", K.CLOSED_ORGANISATION, False, frozenset({MANAGER})),
        ("manager", K.DISCRETIONARY_SERVICE, False, frozenset({MANAGER})),
        ("officer", GIFT, False, frozenset({OFFICER})),
        ("councillor", GIFT, False, frozenset()),
        ("hr", K.OUTSIDE_EMPLOYMENT, True, frozenset({HR})),
        ("hr", GIFT, False, frozenset({HR})),
        ("chief_executive", K.DISCRETIONARY_SERVICE, True, frozenset({CEO})),
        ("governance", K.S117_INTEREST, True, frozenset({GOVERNANCE})),
    ],
)
def test_register_grants(
    viewer: str, kind: str, everything: bool, declarants: frozenset[int]
) -> None:
    grants = [g for g in grants_for(VIEWERS[viewer], POLICY) if kind in g.kinds]
    unconditional = [
        g
        for g in grants
        if g.declarant_ids is None
        and g.line_manager_id is None
        and g.service_ids is None
        and g.involved_id is None
    ]
    assert bool(unconditional) is everything
    named = frozenset().union(*(g.declarant_ids or frozenset() for g in grants))
    assert named == declarants


def test_a_councillor_has_no_register() -> None:
    assert not can_use_registers(VIEWERS["councillor"], POLICY)
    assert can_use_registers(VIEWERS["officer"], POLICY)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("manager", True),
        ("hr", True),
        ("chief_executive", True),
        ("auditor", False),
        ("officer", False),
        ("mo", True),
    ],
)
def test_reviews_anything(viewer: str, expected: bool) -> None:
    assert reviews_anything(VIEWERS[viewer], POLICY) is expected


@pytest.mark.parametrize(
    ("viewer", "facts", "expected"),
    [
        # made by mistake: the declarant may withdraw it until someone decides on it
        ("officer", entry(), {Action.CORRECT, Action.WITHDRAW}),
        ("officer", entry(status=S.NOTED), {Action.CORRECT}),
        ("officer", entry(kind=INTEREST), {Action.CORRECT, Action.END, Action.WITHDRAW}),
        ("officer", entry(kind=INTEREST, ended=True), {Action.CORRECT, Action.WITHDRAW}),
        ("officer", entry(kind=K.NIL_RETURN, status=S.RECORDED), {Action.CORRECT}),
        ("officer", entry(status=S.INFO_REQUESTED), {Action.CORRECT, Action.RESPOND}),
        ("officer", entry(status=S.WITHDRAWN), set()),
        ("manager", entry(), {Action.NOTE, Action.REQUEST_INFO, Action.REFER}),
        ("manager", entry(status=S.NOTED), set()),
        ("manager", entry(status=S.REFERRED, referred_to=AdviceOffice.HEAD_OF_SERVICE), set()),
        ("head", entry(), set()),  # not the line manager
        (
            "head",
            entry(status=S.REFERRED, referred_to=AdviceOffice.HEAD_OF_SERVICE),
            {Action.ADVISE},
        ),
        ("head", entry(status=S.REFERRED, referred_to=AdviceOffice.MONITORING_OFFICER), set()),
        (
            "mo",
            entry(status=S.REFERRED, referred_to=AdviceOffice.MONITORING_OFFICER),
            {Action.ADVISE, Action.WITHDRAW, Action.REROUTE, Action.VIEW_AUDIT},
        ),
        (
            "mo",
            entry(kind=INTEREST, status=S.NOTED),
            {
                Action.RECORD,
                Action.REQUEST_INFO,
                Action.WITHDRAW,
                Action.REROUTE,
                Action.VIEW_AUDIT,
            },
        ),
        ("mo", entry(kind=GIFT, status=S.NOTED), {Action.WITHDRAW, Action.VIEW_AUDIT}),
        ("mo", entry(status=S.WITHDRAWN), {Action.VIEW_AUDIT}),
        (
            "mo",
            entry(declarant_line_manager_id=None),
            {
                Action.NOTE,
                Action.REQUEST_INFO,
                Action.REFER,
                Action.WITHDRAW,
                Action.REROUTE,
                Action.VIEW_AUDIT,
            },
        ),
        (
            "deputy",
            entry(kind=INTEREST, status=S.NOTED),
            {
                Action.RECORD,
                Action.REQUEST_INFO,
                Action.WITHDRAW,
                Action.REROUTE,
                Action.VIEW_AUDIT,
            },
        ),
        ("auditor", entry(), {Action.VIEW_AUDIT}),  # reads the trail, acts on nothing
        ("auditor", entry(status=S.WITHDRAWN), {Action.VIEW_AUDIT}),
        ("auditor", entry(kind=K.CLOSED_ORGANISATION), set()),  # special category: not even seen
        ("auditor", entry(kind=K.DISCRETIONARY_SERVICE), set()),  # confidential: not seen
        ("stranger", entry(), set()),
    ],
)
def test_available_actions(viewer: str, facts: EntryFacts, expected: set[Action]) -> None:
    assert available_actions(VIEWERS[viewer], facts) == frozenset(expected)


def test_the_monitoring_officer_does_not_review_or_withdraw_their_own_declaration() -> None:
    own = entry(declarant_id=MO, declarant_line_manager_id=None, status=S.NOTED)
    actions = available_actions(VIEWERS["mo"], own)
    assert Action.NOTE not in actions
    assert Action.WITHDRAW not in actions  # decided on: only a deputy may withdraw it now
    assert Action.CORRECT in actions
    assert Action.WITHDRAW in available_actions(VIEWERS["deputy"], own)


def steps(kind: str, grade: int | None = SCALE_C) -> tuple[Step, ...]:
    return route(kind=kind, grade_rank=grade, policy=POLICY)


@pytest.mark.parametrize(
    ("action", "kind", "status", "done", "refused", "expected"),
    [
        (Action.NOTE, GIFT, S.SUBMITTED, {"line_manager"}, False, S.NOTED),
        (Action.REQUEST_INFO, GIFT, S.SUBMITTED, set(), False, S.INFO_REQUESTED),
        (Action.RESPOND, GIFT, S.INFO_REQUESTED, set(), False, S.SUBMITTED),
        (Action.REFER, INTEREST, S.SUBMITTED, set(), False, S.REFERRED),
        (Action.ADVISE, INTEREST, S.REFERRED, set(), False, S.SUBMITTED),
        (Action.NOTE, INTEREST, S.SUBMITTED, {"line_manager"}, False, S.NOTED),
        (
            Action.RECORD,
            INTEREST,
            S.NOTED,
            {"line_manager", "monitoring_officer"},
            False,
            S.RECORDED,
        ),
        (Action.CORRECT, GIFT, S.NOTED, set(), False, S.SUBMITTED),
        (Action.CORRECT, INTEREST, S.RECORDED, set(), False, S.SUBMITTED),
        (Action.END, INTEREST, S.RECORDED, set(), False, S.SUBMITTED),
        (Action.WITHDRAW, GIFT, S.RECORDED, set(), False, S.WITHDRAWN),
        (Action.WITHDRAW, INTEREST, S.REFUSED, set(), False, S.WITHDRAWN),
        (
            Action.APPROVE,
            K.CONTRACT_USE,
            S.SUBMITTED,
            {"head_of_corporate_finance"},
            False,
            S.APPROVED,
        ),
        (Action.REFUSE, K.CONTRACT_USE, S.SUBMITTED, set(), True, S.REFUSED),
        (Action.RECORD, K.S117_INTEREST, S.SUBMITTED, {"governance_lead"}, False, S.RECORDED),
    ],
)
def test_status_after(
    action: Action, kind: str, status: str, done: set[str], refused: bool, expected: str
) -> None:
    result = status_after(
        action=action,
        kind=kind,
        status=status,
        steps=steps(kind),
        done=frozenset(done),
        refused=refused,
    )
    assert result == expected


@pytest.mark.parametrize(
    ("action", "kind", "status"),
    [
        (Action.NOTE, GIFT, S.WITHDRAWN),
        (Action.NOTE, GIFT, S.INFO_REQUESTED),
        (Action.RESPOND, GIFT, S.SUBMITTED),
        (Action.ADVISE, GIFT, S.SUBMITTED),
        (Action.REQUEST_INFO, GIFT, S.REFERRED),
        (Action.END, GIFT, S.NOTED),
        (Action.END, K.NIL_RETURN, S.RECORDED),
        (Action.WITHDRAW, GIFT, S.WITHDRAWN),
        (Action.CORRECT, INTEREST, S.WITHDRAWN),
        (Action.APPROVE, K.CONTRACT_USE, S.REFUSED),
        (Action.VIEW_AUDIT, GIFT, S.SUBMITTED),
    ],
)
def test_invalid_transitions_are_refused(action: Action, kind: str, status: str) -> None:
    with pytest.raises(InvalidTransition):
        status_after(action=action, kind=kind, status=status, steps=steps(kind))


@pytest.mark.parametrize(
    ("kind", "done", "refused", "expected"),
    [
        (GIFT, set(), False, S.SUBMITTED),
        (GIFT, {"line_manager"}, False, S.NOTED),
        (INTEREST, {"line_manager"}, False, S.NOTED),
        (INTEREST, {"line_manager", "monitoring_officer"}, False, S.RECORDED),
        (K.CONTRACTOR_RELATIONSHIP, {"monitoring_officer"}, False, S.IN_PROGRESS),
        (K.NIL_RETURN, set(), False, S.RECORDED),
        (K.CONTRACT_USE, set(), True, S.REFUSED),
    ],
)
def test_status_from_steps(kind: str, done: set[str], refused: bool, expected: str) -> None:
    assert status_from_steps(steps=steps(kind), done=frozenset(done), refused=refused) == expected


def test_outside_employment_at_the_consent_grade_needs_both_consents() -> None:
    both = steps(K.OUTSIDE_EMPLOYMENT, SCALE_G)
    assert {(s.responsible, s.does) for s in both} == {
        (Responsible.HEAD_OF_SERVICE, StepKind.APPROVE),
        (Responsible.HR_OD_MANAGER, StepKind.APPROVE),
    }
    one = frozenset({"head_of_service"})
    assert status_from_steps(steps=both, done=one, refused=False) == S.IN_PROGRESS
    assert status_from_steps(steps=both, done=one | {"hr_od"}, refused=False) == S.APPROVED
    assert status_from_steps(steps=both, done=one, refused=True) == S.REFUSED


@pytest.mark.parametrize(
    ("grade", "expected"), [(None, False), (SCALE_C, False), (SCALE_G, True), (SCALE_G + 3, True)]
)
def test_needs_prior_consent(grade: int | None, expected: bool) -> None:
    assert needs_prior_consent(grade_rank=grade, policy=POLICY) is expected


LM = Responsible.LINE_MANAGER
MOR = Responsible.MONITORING_OFFICER


@pytest.mark.parametrize(
    ("kind", "grade", "expected"),
    [
        (GIFT, SCALE_C, [(LM, StepKind.NOTE, 1)]),
        (INTEREST, SCALE_C, [(LM, StepKind.NOTE, 1), (MOR, StepKind.RECORD, 2)]),
        (K.CLOSED_ORGANISATION, SCALE_C, [(LM, StepKind.NOTE, 1), (MOR, StepKind.RECORD, 2)]),
        (K.CONTRACTOR_RELATIONSHIP, SCALE_C, [(LM, StepKind.NOTE, 1), (MOR, StepKind.RECORD, 1)]),
        (K.OUTSIDE_EMPLOYMENT, SCALE_C, [(LM, StepKind.NOTE, 1)]),
        (K.OUTSIDE_EMPLOYMENT, None, [(LM, StepKind.NOTE, 1)]),
        (K.PLANNING_APPLICATION, SCALE_C, [(Responsible.HEAD_OF_PLANNING, StepKind.RECORD, 1)]),
        (K.DISCRETIONARY_SERVICE, SCALE_C, [(Responsible.REFERRAL_OFFICE, StepKind.RECORD, 1)]),
        (K.CONTRACT_USE, SCALE_C, [(Responsible.HEAD_OF_CORPORATE_FINANCE, StepKind.APPROVE, 1)]),
        (K.SPONSORSHIP, SCALE_C, [(LM, StepKind.NOTE, 1)]),
        (K.S117_INTEREST, SCALE_C, [(Responsible.GOVERNANCE_LEAD, StepKind.RECORD, 1)]),
        (K.STAFF_DECISION, SCALE_C, [(LM, StepKind.RECORD, 1)]),
        (K.NIL_RETURN, SCALE_C, []),
    ],
)
def test_routes(
    kind: str, grade: int | None, expected: list[tuple[Responsible, StepKind, int]]
) -> None:
    assert [(s.responsible, s.does, s.stage) for s in steps(kind, grade)] == expected


@pytest.mark.parametrize(
    ("viewer", "kind", "expected"),
    [
        ("manager", K.CLOSED_ORGANISATION, Visibility.EXISTENCE),
        ("head", K.CLOSED_ORGANISATION, Visibility.NONE),  # not the direct line manager (ADR 8)
        ("officer", K.CLOSED_ORGANISATION, Visibility.FULL),
        ("mo", K.CLOSED_ORGANISATION, Visibility.FULL),
        ("deputy", K.CLOSED_ORGANISATION, Visibility.FULL),
        ("auditor", K.CLOSED_ORGANISATION, Visibility.NONE),
        ("hr", K.CLOSED_ORGANISATION, Visibility.NONE),
        ("manager", K.DISCRETIONARY_SERVICE, Visibility.NONE),
        ("auditor", K.DISCRETIONARY_SERVICE, Visibility.NONE),
        ("chief_executive", K.DISCRETIONARY_SERVICE, Visibility.FULL),
        ("mo", K.DISCRETIONARY_SERVICE, Visibility.FULL),
        ("hr", K.OUTSIDE_EMPLOYMENT, Visibility.FULL),  # keeps the register, any grade
        ("governance", K.S117_INTEREST, Visibility.FULL),
        ("auditor", K.S117_INTEREST, Visibility.FULL),
        ("stranger", K.S117_INTEREST, Visibility.NONE),
    ],
)
def test_visibility_by_kind(viewer: str, kind: str, expected: Visibility) -> None:
    assert visibility(VIEWERS[viewer], entry(kind=kind)) == expected


def test_hr_and_the_head_of_service_decide_outside_employment_at_the_consent_grade() -> None:
    facts = entry(kind=K.OUTSIDE_EMPLOYMENT, grade=SCALE_G)
    decide = {Action.APPROVE, Action.REFUSE, Action.REQUEST_INFO}
    assert visibility(VIEWERS["hr"], facts) == Visibility.FULL
    assert available_actions(VIEWERS["hr"], facts) == decide
    assert available_actions(VIEWERS["head"], facts) == decide
    assert available_actions(VIEWERS["manager"], facts) == set()
    half = entry(
        kind=K.OUTSIDE_EMPLOYMENT, grade=SCALE_G, status=S.IN_PROGRESS, done=frozenset({"hr_od"})
    )
    assert available_actions(VIEWERS["hr"], half) == set()
    assert Action.APPROVE in available_actions(VIEWERS["head"], half)


def test_the_monitoring_officer_records_only_after_the_line_manager_notes() -> None:
    assert Action.RECORD not in available_actions(VIEWERS["mo"], entry(kind=INTEREST))
    assert Action.RECORD in available_actions(VIEWERS["mo"], entry(kind=INTEREST, status=S.NOTED))


@pytest.mark.parametrize(
    ("kind", "year", "number", "expected"),
    [
        (GIFT, 2027, 42, "GH-2027-0042"),
        (INTEREST, 2026, 1, "PI-2026-0001"),
        (GIFT, 2027, 12345, "GH-2027-12345"),
    ],
)
def test_reference_for(kind: str, year: int, number: int, expected: str) -> None:
    assert reference_for(kind=kind, year=year, number=number) == expected


def test_reference_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        reference_for(kind=GIFT, year=2027, number=0)


def _holder_of(office: OfficeKind, *, deputy: bool = False) -> Viewer:
    kinds = frozenset({office.value})
    return Viewer(
        person_id=900,
        office_kinds=frozenset() if deputy else kinds,
        deputy_office_kinds=kinds if deputy else frozenset(),
        headed_service_ids=frozenset({SERVICE + 7})
        if office == OfficeKind.HEAD_OF_SERVICE
        else frozenset(),
    )


#: The kinds whose whole register each office keeps (beyond its own and its reports' entries).
OFFICE_REGISTERS: dict[OfficeKind, set[str]] = {
    OfficeKind.MONITORING_OFFICER: set(K.values),
    OfficeKind.CHIEF_EXECUTIVE: {K.DISCRETIONARY_SERVICE},  # the referral office by default
    OfficeKind.S151_OFFICER: set(),
    OfficeKind.HEAD_OF_SERVICE: set(),  # only their own services' outside employment
    OfficeKind.HR_OD_MANAGER: {K.OUTSIDE_EMPLOYMENT},
    OfficeKind.HEAD_OF_PLANNING: {K.PLANNING_APPLICATION},
    OfficeKind.HEAD_OF_CORPORATE_FINANCE: {K.CONTRACT_USE},
    OfficeKind.FRAUD_MANAGER: set(),
    OfficeKind.GOVERNANCE_LEAD: {K.S117_INTEREST},
    OfficeKind.AUDITOR: set(K.values) - {K.CLOSED_ORGANISATION, K.DISCRETIONARY_SERVICE},
}


@pytest.mark.parametrize("deputy", [False, True])
@pytest.mark.parametrize("office", list(OfficeKind))
@pytest.mark.parametrize("kind", list(K))
def test_every_office_holder_and_deputy_sees_exactly_the_registers_it_keeps(
    office: OfficeKind, kind: str, deputy: bool
) -> None:
    """Someone else's entry, not in the viewer's line and not assigned to them."""
    seen = visibility(_holder_of(office, deputy=deputy), entry(kind=kind, assignees={}))
    expected = kind in OFFICE_REGISTERS[office]
    assert (seen != Visibility.NONE) is expected


@pytest.mark.parametrize(
    ("viewer", "facts", "expected"),
    [
        # a manager of someone else sees nothing of this officer's entries
        (Viewer(person_id=STRANGER, direct_report_ids=frozenset({99})), entry(), Visibility.NONE),
        # a former manager (the officer now reports to someone else) no longer sees them...
        (Viewer(person_id=STRANGER), entry(), Visibility.NONE),
        # ...unless they decided on the entry, which they keep
        (
            Viewer(person_id=STRANGER),
            entry(involved_ids=frozenset({STRANGER})),
            Visibility.FULL,
        ),
        # someone assigned to a special-category entry (as the line manager's fallback) learns
        # only that it exists
        (
            Viewer(person_id=CEO),
            entry(kind=K.CLOSED_ORGANISATION, involved_ids=frozenset({CEO})),
            Visibility.EXISTENCE,
        ),
        # an indirect manager does not learn that a membership exists; the direct one does
        ("head", entry(kind=K.CLOSED_ORGANISATION), Visibility.NONE),
        ("manager", entry(kind=K.CLOSED_ORGANISATION), Visibility.EXISTENCE),
        # the deputy Monitoring Officer sees everything, the declarant their own
        ("deputy", entry(kind=K.DISCRETIONARY_SERVICE), Visibility.FULL),
        ("officer", entry(kind=K.DISCRETIONARY_SERVICE), Visibility.FULL),
    ],
)
def test_edges_of_who_may_see(
    viewer: str | Viewer, facts: EntryFacts, expected: Visibility
) -> None:
    who = VIEWERS[viewer] if isinstance(viewer, str) else viewer
    assert visibility(who, facts) == expected


@pytest.mark.parametrize(
    ("purpose", "status", "actionable"),
    [
        (AssignmentPurpose.ACT, S.SUBMITTED, True),
        (AssignmentPurpose.ACT, S.IN_PROGRESS, True),
        (AssignmentPurpose.ACT, S.INFO_REQUESTED, False),
        (AssignmentPurpose.ACT, S.REFERRED, False),
        (AssignmentPurpose.ADVISE, S.REFERRED, True),
        (AssignmentPurpose.ADVISE, S.INFO_REQUESTED, False),
        (AssignmentPurpose.ADVISE, S.SUBMITTED, False),
        (AssignmentPurpose.ADVISE, S.IN_PROGRESS, False),
        (AssignmentPurpose.ACT, S.NOTED, True),  # noted by the manager, still to be recorded
        # Finished entries keep no assignments; a stray one would wait for nobody.
        (AssignmentPurpose.ACT, S.WITHDRAWN, False),
        (AssignmentPurpose.ACT, S.REFUSED, False),
        (AssignmentPurpose.ADVISE, S.WITHDRAWN, False),
    ],
)
def test_which_assignments_are_in_a_queue_now(purpose: str, status: str, actionable: bool) -> None:
    assert assignment_actionable(purpose=purpose, status=status) is actionable
