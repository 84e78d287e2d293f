"""Table tests for the pure declaration rules."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.declarations.choices import AdviceOffice, DeclarationKind, DeclarationStatus
from probity.declarations.rules import (
    Action,
    EntryFacts,
    InvalidTransition,
    Step,
    available_actions,
    can_see,
    interest_is_ended,
    reference_for,
    register_scope,
    review_route,
    status_after,
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
SERVICE = 10

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
}


def entry(kind: str = GIFT, status: str = S.SUBMITTED, **kw: object) -> EntryFacts:
    facts: dict[str, object] = {
        "kind": kind,
        "status": status,
        "declarant_id": OFFICER,
        "declarant_line_manager_id": MANAGER,
        "declarant_service_id": SERVICE,
    }
    facts.update(kw)
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
        ("auditor", entry(special_category=True), False),
        ("mo", entry(special_category=True), True),
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
    ("viewer", "everything", "exclude_special", "declarants"),
    [
        ("mo", True, False, frozenset()),
        ("deputy", True, False, frozenset()),
        ("auditor", True, True, frozenset()),
        ("manager", False, False, frozenset({MANAGER, OFFICER})),
        ("officer", False, False, frozenset({OFFICER})),
        ("councillor", False, False, frozenset()),
    ],
)
def test_register_scope(
    viewer: str, everything: bool, exclude_special: bool, declarants: frozenset[int]
) -> None:
    scope = register_scope(VIEWERS[viewer])
    assert scope.everything is everything
    assert scope.exclude_special_category is exclude_special
    assert scope.declarant_ids == declarants


def test_a_councillor_has_no_register() -> None:
    assert register_scope(VIEWERS["councillor"]).nothing


@pytest.mark.parametrize(
    ("viewer", "facts", "expected"),
    [
        ("officer", entry(), {Action.CORRECT}),
        ("officer", entry(kind=INTEREST), {Action.CORRECT, Action.END}),
        ("officer", entry(kind=INTEREST, ended=True), {Action.CORRECT}),
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
            {Action.ADVISE, Action.WITHDRAW, Action.VIEW_AUDIT},
        ),
        (
            "mo",
            entry(kind=INTEREST, status=S.NOTED),
            {Action.RECORD, Action.WITHDRAW, Action.VIEW_AUDIT},
        ),
        ("mo", entry(kind=GIFT, status=S.NOTED), {Action.WITHDRAW, Action.VIEW_AUDIT}),
        ("mo", entry(status=S.WITHDRAWN), {Action.VIEW_AUDIT}),
        (
            "mo",
            entry(declarant_line_manager_id=None),
            {Action.NOTE, Action.REQUEST_INFO, Action.REFER, Action.WITHDRAW, Action.VIEW_AUDIT},
        ),
        (
            "deputy",
            entry(kind=INTEREST, status=S.NOTED),
            {Action.RECORD, Action.WITHDRAW, Action.VIEW_AUDIT},
        ),
        ("auditor", entry(), set()),
        ("stranger", entry(), set()),
    ],
)
def test_available_actions(viewer: str, facts: EntryFacts, expected: set[Action]) -> None:
    assert available_actions(VIEWERS[viewer], facts) == frozenset(expected)


def test_the_monitoring_officer_does_not_review_or_withdraw_their_own_declaration() -> None:
    own = entry(declarant_id=MO, declarant_line_manager_id=None)
    actions = available_actions(VIEWERS["mo"], own)
    assert Action.NOTE not in actions
    assert Action.WITHDRAW not in actions
    assert Action.CORRECT in actions


@pytest.mark.parametrize(
    ("action", "kind", "status", "expected"),
    [
        (Action.NOTE, GIFT, S.SUBMITTED, S.NOTED),
        (Action.REQUEST_INFO, GIFT, S.SUBMITTED, S.INFO_REQUESTED),
        (Action.RESPOND, GIFT, S.INFO_REQUESTED, S.SUBMITTED),
        (Action.REFER, INTEREST, S.SUBMITTED, S.REFERRED),
        (Action.ADVISE, INTEREST, S.REFERRED, S.SUBMITTED),
        (Action.RECORD, INTEREST, S.NOTED, S.RECORDED),
        (Action.CORRECT, GIFT, S.NOTED, S.SUBMITTED),
        (Action.CORRECT, INTEREST, S.RECORDED, S.SUBMITTED),
        (Action.END, INTEREST, S.RECORDED, S.SUBMITTED),
        (Action.WITHDRAW, GIFT, S.RECORDED, S.WITHDRAWN),
        (Action.WITHDRAW, INTEREST, S.INFO_REQUESTED, S.WITHDRAWN),
    ],
)
def test_status_after(action: Action, kind: str, status: str, expected: str) -> None:
    assert status_after(action=action, kind=kind, status=status) == expected


@pytest.mark.parametrize(
    ("action", "kind", "status"),
    [
        (Action.NOTE, GIFT, S.NOTED),
        (Action.NOTE, GIFT, S.WITHDRAWN),
        (Action.RESPOND, GIFT, S.SUBMITTED),
        (Action.RECORD, GIFT, S.NOTED),
        (Action.RECORD, INTEREST, S.SUBMITTED),
        (Action.END, GIFT, S.NOTED),
        (Action.WITHDRAW, GIFT, S.WITHDRAWN),
        (Action.CORRECT, INTEREST, S.WITHDRAWN),
        (Action.VIEW_AUDIT, GIFT, S.SUBMITTED),
    ],
)
def test_invalid_transitions_are_refused(action: Action, kind: str, status: str) -> None:
    with pytest.raises(InvalidTransition):
        status_after(action=action, kind=kind, status=status)


@pytest.mark.parametrize(
    ("kind", "has_manager", "expected"),
    [
        (GIFT, True, (Step.LINE_MANAGER_NOTES,)),
        (GIFT, False, (Step.MONITORING_OFFICER_REVIEWS,)),
        (INTEREST, True, (Step.LINE_MANAGER_NOTES, Step.MONITORING_OFFICER_RECORDS)),
        (INTEREST, False, (Step.MONITORING_OFFICER_REVIEWS, Step.MONITORING_OFFICER_RECORDS)),
    ],
)
def test_review_route(kind: str, has_manager: bool, expected: tuple[Step, ...]) -> None:
    assert review_route(kind=kind, has_line_manager=has_manager) == expected


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


@pytest.mark.parametrize(
    ("ends_on", "expected"),
    [
        (None, False),
        (dt.date(2027, 3, 1), False),
        (dt.date(2027, 2, 28), True),
        (dt.date(2027, 3, 2), False),
    ],
)
def test_interest_is_ended(ends_on: dt.date | None, expected: bool) -> None:
    assert interest_is_ended(ends_on=ends_on, today=dt.date(2027, 3, 1)) is expected
