"""Table tests of the induction and training rules, and the query sides that must agree."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.cycle.rules import (
    InductionItems,
    OverdueFacts,
    StarterFacts,
    induction_deadline,
    induction_told,
    is_new_starter,
    plan_attendance,
    refresher_due,
    years_before,
)
from probity.cycle.schedule import Target

TODAY = dt.date(2027, 3, 1)
D = dt.timedelta


@pytest.mark.parametrize(
    ("kind", "start", "leaving", "expected"),
    [
        ("employee", TODAY, None, True),  # starts today
        ("employee", TODAY + D(days=30), None, True),  # starts in the future
        ("employee", TODAY - D(days=28), None, True),  # deadline is today: still new
        ("employee", TODAY - D(days=29), None, False),  # deadline was yesterday: not new
        ("employee", TODAY - D(days=3650), None, False),  # the existing workforce
        ("employee", None, None, False),  # no start date: nobody can say
        ("employee", TODAY - D(days=5), TODAY - D(days=1), False),  # already left
        ("employee", TODAY - D(days=5), TODAY, True),  # leaves today: still working
        ("contractor", TODAY - D(days=2), None, True),  # the code applies to them
        ("agency", TODAY - D(days=2), None, True),
        ("councillor", TODAY - D(days=2), None, False),  # the code does not
        ("external_auditor", TODAY, None, False),
    ],
)
def test_who_is_a_new_starter(
    kind: str, start: dt.date | None, leaving: dt.date | None, expected: bool
) -> None:
    facts = StarterFacts(kind=kind, start_date=start, leaving_date=leaving)
    assert is_new_starter(facts, today=TODAY, induction_days=28) is expected


def test_the_deadline_counts_from_the_start_date() -> None:
    assert induction_deadline(dt.date(2027, 2, 1), 28) == dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("code", "declared", "trained", "done", "complete"),
    [
        (False, False, False, 0, False),
        (True, False, False, 1, False),
        (True, True, False, 2, False),
        (False, True, True, 2, False),
        (True, True, True, 3, True),
    ],
)
def test_items_make_a_complete_induction(
    code: bool, declared: bool, trained: bool, done: int, complete: bool
) -> None:
    items = InductionItems(code, declared, trained)
    assert (items.done, items.complete) == (done, complete)


DEADLINE = dt.date(2027, 3, 1)
LM = Target.LINE_MANAGER
MO = Target.MONITORING_OFFICER


def facts(**changes: object) -> OverdueFacts:
    base: dict[str, object] = {
        "deadline": DEADLINE,
        "complete": False,
        "left": False,
        "has_line_manager": True,
        "manager_told": False,
        "officer_told": False,
    }
    base.update(changes)
    return OverdueFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "changes", "told", "after"),
    [
        (DEADLINE, {}, (), 14),  # on the deadline: not overdue yet
        (DEADLINE + D(days=1), {}, (LM,), 14),  # first day overdue: the line manager
        (DEADLINE + D(days=1), {"has_line_manager": False}, (MO,), 14),  # no manager: the MO
        (DEADLINE + D(days=2), {}, (LM,), 14),  # a day missed is caught up
        (DEADLINE + D(days=2), {"manager_told": True}, (), 14),  # never twice
        (DEADLINE + D(days=14), {"manager_told": True}, (), 14),
        (DEADLINE + D(days=15), {"manager_told": True}, (MO,), 14),  # two weeks later: the MO
        (DEADLINE + D(days=15), {"manager_told": True, "officer_told": True}, (), 14),
        (DEADLINE + D(days=15), {"has_line_manager": False, "officer_told": True}, (), 14),
        (DEADLINE + D(days=20), {}, (LM, MO), 14),  # nothing ran for weeks: both, once
        (DEADLINE + D(days=20), {"has_line_manager": False}, (MO,), 14),  # the MO once only
        (DEADLINE + D(days=5), {"complete": True}, (), 14),
        (DEADLINE + D(days=5), {"left": True}, (), 14),
        # The council's own number of days; the day counts from the deadline.
        (DEADLINE + D(days=3), {"manager_told": True}, (), 3),
        (DEADLINE + D(days=4), {"manager_told": True}, (MO,), 3),
        (DEADLINE + D(days=2), {"manager_told": True}, (MO,), 1),  # the shortest allowed
        (DEADLINE + D(days=91), {"manager_told": True}, (MO,), 90),
        (DEADLINE + D(days=90), {"manager_told": True}, (), 90),
        (DEADLINE + D(days=2), {}, (LM, MO), 1),  # a run missed: both on the same day
        # Made shorter while the MO was already told: never twice.
        (DEADLINE + D(days=30), {"manager_told": True, "officer_told": True}, (), 1),
        # Made longer after the manager was told: the MO waits for the new day.
        (DEADLINE + D(days=15), {"manager_told": True}, (), 30),
    ],
)
def test_who_is_told_of_an_overdue_induction(
    today: dt.date, changes: dict[str, object], told: tuple[Target, ...], after: int
) -> None:
    assert induction_told(facts(**changes), today=today, officer_after_days=after) == told


@pytest.mark.parametrize(
    ("last", "today", "years", "due"),
    [
        (None, TODAY, 3, True),  # never trained
        (dt.date(2024, 3, 1), TODAY, 3, False),  # exactly three years ago: not older yet
        (dt.date(2024, 2, 29), TODAY, 3, True),  # a day more
        (dt.date(2026, 6, 1), TODAY, 3, False),
        (dt.date(2026, 2, 28), TODAY, 1, True),
        (dt.date(2025, 2, 28), dt.date(2028, 2, 29), 3, False),  # 29 February: the 28th
        (dt.date(2025, 2, 27), dt.date(2028, 2, 29), 3, True),
    ],
)
def test_who_is_due_a_refresher(
    last: dt.date | None, today: dt.date, years: int, due: bool
) -> None:
    assert refresher_due(last, today=today, years=years) is due


def test_years_before_a_leap_day() -> None:
    assert years_before(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)


BY_NUMBER = {"100": 1, "200": 2, "300": 3}
BY_EMAIL = {
    "ann@example.org": frozenset({1}),
    "bo@example.org": frozenset({2}),
    "shared@example.org": frozenset({3, 4}),
}


@pytest.mark.parametrize(
    ("cells", "person_id", "error"),
    [
        ({"employee_number": "100"}, 1, ""),
        ({"email": "Ann@Example.org"}, 1, ""),
        ({"employee_number": "100", "email": "ann@example.org"}, 1, ""),
        ({"employee_number": "100", "email": "bo@example.org"}, None, "not the same person"),
        ({"employee_number": "999"}, None, "No one has the employee number 999"),
        ({"email": "who@example.org"}, None, "No one has the email address who@example.org"),
        ({"email": "shared@example.org"}, None, "More than one person"),
        ({"employee_number": " ", "email": ""}, None, "Enter an employee number or an email"),
    ],
)
def test_each_attendance_row_names_one_person_or_says_why_not(
    cells: dict[str, str], person_id: int | None, error: str
) -> None:
    plan = plan_attendance(
        [(2, cells)], by_number=BY_NUMBER, by_email=BY_EMAIL, attended=frozenset()
    )
    if error:
        assert not plan.adds
        assert plan.errors[0].row == 2
        assert error in plan.errors[0].message
    else:
        assert [a.person_id for a in plan.adds] == [person_id]
        assert not plan.errors


def test_people_recorded_already_or_named_twice_add_nothing() -> None:
    rows = [
        (2, {"employee_number": "100"}),
        (3, {"employee_number": "200"}),
        (4, {"email": "bo@example.org"}),
    ]
    plan = plan_attendance(rows, by_number=BY_NUMBER, by_email=BY_EMAIL, attended=frozenset({1}))
    assert [a.person_id for a in plan.adds] == [2]
    assert [a.row for a in plan.already] == [2, 4]
    again = plan_attendance(
        rows, by_number=BY_NUMBER, by_email=BY_EMAIL, attended=frozenset({1, 2})
    )
    assert not again.adds
    assert again.digest() != plan.digest()
