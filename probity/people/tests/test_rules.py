"""Table tests for the pure people rules."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.people.choices import HoldingRole, OfficeKind
from probity.people.rules import HoldingFact, current_offices, holding_is_current, reports_of

TODAY = dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [
        (dt.date(2020, 1, 1), None, True),
        (TODAY, None, True),
        (dt.date(2027, 3, 16), None, False),
        (dt.date(2020, 1, 1), TODAY, True),
        (dt.date(2020, 1, 1), dt.date(2027, 3, 14), False),
    ],
)
def test_holding_is_current(starts: dt.date, ends: dt.date | None, expected: bool) -> None:
    holding = HoldingFact(OfficeKind.MONITORING_OFFICER, None, HoldingRole.HOLDER, starts, ends)
    assert holding_is_current(holding, today=TODAY) is expected


def test_current_offices_split_holders_deputies_and_services() -> None:
    past = dt.date(2020, 1, 1)
    held, deputised, headed = current_offices(
        [
            HoldingFact(OfficeKind.HEAD_OF_SERVICE, 7, HoldingRole.HOLDER, past, None),
            HoldingFact(OfficeKind.MONITORING_OFFICER, None, HoldingRole.DEPUTY, past, None),
            HoldingFact(OfficeKind.AUDITOR, None, HoldingRole.HOLDER, past, dt.date(2021, 1, 1)),
        ],
        today=TODAY,
    )
    assert held == {OfficeKind.HEAD_OF_SERVICE}
    assert deputised == {OfficeKind.MONITORING_OFFICER}
    assert headed == {7}


@pytest.mark.parametrize(
    ("manager", "edges", "expected"),
    [
        (1, {2: 1, 3: 1, 4: 2, 5: 4}, {2, 3, 4, 5}),
        (2, {2: 1, 3: 1, 4: 2, 5: 4}, {4, 5}),
        (5, {2: 1, 3: 1, 4: 2, 5: 4}, set()),
        (1, {}, set()),
        (1, {2: 1, 1: 2}, {2}),  # a cycle in bad data does not loop or include the manager
        (1, {2: 1, 3: None}, {2}),
    ],
)
def test_reports_of(manager: int, edges: dict[int, int | None], expected: set[int]) -> None:
    assert reports_of(manager, edges) == frozenset(expected)
