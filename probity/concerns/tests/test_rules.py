"""Table tests of the pure rules: who may see a concern or breach case, and how a concern moves."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.concerns.choices import ConcernStatus, Recipient
from probity.concerns.rules import (
    Access,
    BreachFacts,
    ConcernFacts,
    breach_access,
    breach_record_refusal,
    concern_access,
    erase_due,
    may_open_breach_case,
    offices_told,
    recipient_choices,
    status_change_refusal,
)
from probity.people.choices import OfficeKind
from probity.people.rules import Viewer

MO = Viewer(person_id=1, office_kinds=frozenset({OfficeKind.MONITORING_OFFICER}))
DEPUTY_MO = Viewer(person_id=2, deputy_office_kinds=frozenset({OfficeKind.MONITORING_OFFICER}))
FRAUD = Viewer(person_id=3, office_kinds=frozenset({OfficeKind.FRAUD_MANAGER}))
FRAUD_DEPUTY = Viewer(person_id=4, deputy_office_kinds=frozenset({OfficeKind.FRAUD_MANAGER}))
MANAGER = Viewer(person_id=5, direct_report_ids=frozenset({6}), report_ids=frozenset({6}))
OFFICER = Viewer(person_id=6)
HANDLER = Viewer(person_id=7)
HR = Viewer(person_id=8, office_kinds=frozenset({OfficeKind.HR_OD_MANAGER}))
HEAD = Viewer(person_id=9, report_ids=frozenset({5, 6}), direct_report_ids=frozenset({5}))
AUDITOR = Viewer(person_id=10, office_kinds=frozenset({OfficeKind.AUDITOR}))

TO_FRAUD = ConcernFacts(recipient=Recipient.FRAUD_MANAGER, handler_ids=frozenset({7}))
TO_MO = ConcernFacts(recipient=Recipient.MONITORING_OFFICER)
TO_MANAGER = ConcernFacts(recipient=Recipient.LINE_MANAGER, recipient_person_id=5)


@pytest.mark.parametrize(
    ("viewer", "concern", "expected"),
    [
        (MO, TO_FRAUD, Access.MANAGE),
        (DEPUTY_MO, TO_FRAUD, Access.MANAGE),  # a deputy acts for the office
        (FRAUD, TO_FRAUD, Access.MANAGE),
        (FRAUD_DEPUTY, TO_FRAUD, Access.MANAGE),
        (FRAUD, TO_MO, Access.NONE),  # the fraud manager sees only what was sent to them
        (HANDLER, TO_FRAUD, Access.HANDLE),
        (HANDLER, TO_MO, Access.NONE),
        (MANAGER, TO_MANAGER, Access.MANAGE),
        (MANAGER, TO_FRAUD, Access.NONE),
        (HEAD, TO_MANAGER, Access.NONE),  # the recipient's own manager does not see it
        (OFFICER, TO_MANAGER, Access.NONE),
        (HR, TO_FRAUD, Access.NONE),
        (AUDITOR, TO_MO, Access.NONE),
        # the person it is about, whatever office they hold
        (
            MO,
            ConcernFacts(recipient=Recipient.MONITORING_OFFICER, subject_ids=frozenset({1})),
            Access.NONE,
        ),
        (
            DEPUTY_MO,
            ConcernFacts(recipient=Recipient.MONITORING_OFFICER, subject_ids=frozenset({1})),
            Access.MANAGE,
        ),
        (
            FRAUD,
            ConcernFacts(recipient=Recipient.FRAUD_MANAGER, subject_ids=frozenset({3})),
            Access.NONE,
        ),
        # the handler is the line manager who is also reported about
        (
            MANAGER,
            ConcernFacts(
                recipient=Recipient.LINE_MANAGER,
                recipient_person_id=5,
                handler_ids=frozenset({5}),
                subject_ids=frozenset({5}),
            ),
            Access.NONE,
        ),
        # a line manager of the person it is about learns nothing
        (
            MANAGER,
            ConcernFacts(recipient=Recipient.FRAUD_MANAGER, subject_ids=frozenset({6})),
            Access.NONE,
        ),
        (
            HEAD,
            ConcernFacts(recipient=Recipient.FRAUD_MANAGER, subject_ids=frozenset({6})),
            Access.NONE,
        ),
    ],
)
def test_concern_access(viewer: Viewer, concern: ConcernFacts, expected: Access) -> None:
    assert concern_access(viewer, concern) == expected


@pytest.mark.parametrize(
    ("signed_in", "anonymous", "has_manager", "expected"),
    [
        (True, False, True, ["line_manager", "fraud_manager", "monitoring_officer"]),
        (True, True, True, ["fraud_manager", "monitoring_officer"]),  # anonymous: no line manager
        (True, False, False, ["fraud_manager", "monitoring_officer"]),
        (False, False, False, ["fraud_manager", "monitoring_officer"]),
        (False, True, False, ["fraud_manager", "monitoring_officer"]),
    ],
)
def test_recipient_choices(
    signed_in: bool, anonymous: bool, has_manager: bool, expected: list[str]
) -> None:
    assert (
        recipient_choices(signed_in=signed_in, anonymous=anonymous, has_line_manager=has_manager)
        == expected
    )


@pytest.mark.parametrize(
    ("recipient", "staffed", "expected"),
    [
        (
            Recipient.FRAUD_MANAGER,
            {"fraud_manager", "monitoring_officer"},
            ("fraud_manager", "monitoring_officer"),
        ),
        (
            Recipient.FRAUD_MANAGER,
            {"monitoring_officer"},
            ("monitoring_officer",),
        ),  # office with no holder
        (Recipient.MONITORING_OFFICER, {"fraud_manager"}, ("monitoring_officer",)),
        (Recipient.LINE_MANAGER, set(), ("monitoring_officer",)),
    ],
)
def test_offices_told(recipient: str, staffed: set[str], expected: tuple[str, ...]) -> None:
    assert offices_told(recipient, staffed=frozenset(staffed)) == expected


TODAY = dt.date(2027, 3, 3)
LATER = dt.date(2033, 3, 3)
S = ConcernStatus


@pytest.mark.parametrize(
    ("current", "new", "outcome", "reasons", "keep", "erased", "refused"),
    [
        (S.RECEIVED, S.ASSESSING, "", "", None, False, ""),
        (S.ASSESSING, S.INVESTIGATING, "", "", None, False, ""),
        (S.RECEIVED, S.INVESTIGATING, "", "", None, False, "cannot move"),
        (S.INVESTIGATING, S.CLOSED, "upheld", "Found true", LATER, False, ""),
        (S.INVESTIGATING, S.CLOSED, "", "Found true", LATER, False, "outcome"),
        (S.INVESTIGATING, S.CLOSED, "upheld", "  ", LATER, False, "reasons"),
        (S.INVESTIGATING, S.CLOSED, "upheld", "Found", None, False, "date"),
        (S.INVESTIGATING, S.CLOSED, "upheld", "Found", TODAY, False, "future"),
        (S.CLOSED, S.INVESTIGATING, "", "", None, False, ""),  # reopened
        (S.CLOSED, S.RECEIVED, "", "", None, False, "cannot move"),
        (S.CLOSED, S.CLOSED, "upheld", "Found", LATER, False, ""),  # the keep date changed
        (S.CLOSED, S.CLOSED, "upheld", "Found", LATER, True, "erased"),
        (S.ASSESSING, S.ASSESSING, "", "", None, False, ""),
    ],
)
def test_status_change(
    current: str,
    new: str,
    outcome: str,
    reasons: str,
    keep: dt.date | None,
    erased: bool,
    refused: str,
) -> None:
    refusal = status_change_refusal(
        current=current,
        new=new,
        outcome=outcome,
        reasons=reasons,
        retain_until=keep,
        today=TODAY,
        erased=erased,
    )
    if refused:
        assert refused in refusal
    else:
        assert refusal == ""


@pytest.mark.parametrize(
    ("keep", "status", "erased", "expected"),
    [
        (dt.date(2027, 3, 2), S.CLOSED, False, True),
        (TODAY, S.CLOSED, False, False),  # kept through its last day
        (dt.date(2027, 3, 2), S.INVESTIGATING, False, False),
        (dt.date(2027, 3, 2), S.CLOSED, True, False),
        (None, S.CLOSED, False, False),
    ],
)
def test_erase_due(keep: dt.date | None, status: str, erased: bool, expected: bool) -> None:
    assert erase_due(retain_until=keep, erased=erased, status=status, today=TODAY) is expected


CASE = BreachFacts(
    person_id=6, concern_handler_ids=frozenset({7}), concern_subject_ids=frozenset({5})
)


@pytest.mark.parametrize(
    ("viewer", "case", "expected"),
    [
        (MO, CASE, Access.MANAGE),
        (DEPUTY_MO, CASE, Access.MANAGE),
        (HR, CASE, Access.HANDLE),
        (HANDLER, CASE, Access.HANDLE),
        (OFFICER, CASE, Access.NONE),  # the person it is about
        (MANAGER, CASE, Access.NONE),  # the concern was about them
        (HEAD, CASE, Access.NONE),
        (FRAUD, CASE, Access.NONE),
        (MO, BreachFacts(person_id=1), Access.NONE),  # a case about the Monitoring Officer
        (DEPUTY_MO, BreachFacts(person_id=1), Access.MANAGE),
        (HANDLER, BreachFacts(person_id=6), Access.NONE),
    ],
)
def test_breach_access(viewer: Viewer, case: BreachFacts, expected: Access) -> None:
    assert breach_access(viewer, case) == expected


def test_only_the_monitoring_officer_opens_breach_cases_and_never_on_themselves() -> None:
    assert may_open_breach_case(MO, person_id=6)
    assert may_open_breach_case(DEPUTY_MO, person_id=1)
    assert not may_open_breach_case(MO, person_id=1)
    assert not may_open_breach_case(HR, person_id=6)


OPENED = dt.date(2027, 1, 10)


@pytest.mark.parametrize(
    ("outcome", "outcome_on", "result", "result_on", "refused"),
    [
        ("", None, "", None, ""),
        ("no_breach", dt.date(2027, 2, 1), "", None, ""),
        ("no_breach", None, "", None, "date of the outcome"),
        ("", dt.date(2027, 2, 1), "", None, "Choose the outcome"),
        ("disciplinary", dt.date(2027, 2, 1), "final_warning", dt.date(2027, 3, 1), ""),
        (
            "advice_given",
            dt.date(2027, 2, 1),
            "final_warning",
            dt.date(2027, 3, 1),
            "only follow a referral",
        ),
        ("disciplinary", dt.date(2027, 2, 1), "final_warning", None, "date of the disciplinary"),
        (
            "disciplinary",
            dt.date(2027, 2, 1),
            "final_warning",
            dt.date(2027, 1, 20),
            "before the referral",
        ),
        ("disciplinary", dt.date(2027, 1, 1), "", None, "between"),
        ("disciplinary", dt.date(2027, 3, 4), "", None, "between"),
    ],
)
def test_breach_record(
    outcome: str, outcome_on: dt.date | None, result: str, result_on: dt.date | None, refused: str
) -> None:
    refusal = breach_record_refusal(
        outcome=outcome,
        outcome_on=outcome_on,
        result=result,
        result_on=result_on,
        opened_on=OPENED,
        today=TODAY,
    )
    if refused:
        assert refused in refusal
    else:
        assert refusal == ""
