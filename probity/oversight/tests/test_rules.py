"""Table tests for the pure rules of the annual review and the dashboards."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.oversight.rules import (
    SignOffFact,
    ageing_bucket,
    council_year_start,
    is_complete,
    may_add_finding,
    may_sign_off,
    months_back,
    next_review_due,
)

CE, S151, MO = "chief_executive", "s151_officer", "monitoring_officer"


@pytest.mark.parametrize(
    ("case", "office", "person", "holds", "signed", "complete", "allowed"),
    [
        ("holder signs", CE, 1, {CE: "holder"}, (), False, True),
        ("deputy signs for the office", S151, 2, {S151: "deputy"}, (), False, True),
        ("deputy of a vacant office signs", MO, 3, {MO: "deputy"}, (), False, True),
        ("vacant office, no one holds it: this person does not", MO, 4, {}, (), False, False),
        (
            "someone outside the three offices",
            "head_of_service",
            5,
            {"head_of_service": "holder"},
            (),
            False,
            False,
        ),
        ("holds another review office only", MO, 1, {CE: "holder"}, (), False, False),
        (
            "re-signing the same office is refused",
            CE,
            1,
            {CE: "holder"},
            (SignOffFact(CE, 1),),
            False,
            False,
        ),
        (
            "the deputy cannot sign once the holder has",
            CE,
            9,
            {CE: "deputy"},
            (SignOffFact(CE, 1),),
            False,
            False,
        ),
        (
            "same person, second office: refused",
            MO,
            1,
            {CE: "holder", MO: "holder"},
            (SignOffFact(CE, 1),),
            False,
            False,
        ),
        (
            "same person, first of two offices: allowed",
            MO,
            1,
            {CE: "holder", MO: "holder"},
            (),
            False,
            True,
        ),
        (
            "deputy of one office already signed as holder of another",
            S151,
            3,
            {MO: "holder", S151: "deputy"},
            (SignOffFact(MO, 3),),
            False,
            False,
        ),
        (
            "a completed review",
            CE,
            1,
            {CE: "holder"},
            (SignOffFact(S151, 2), SignOffFact(MO, 3)),
            True,
            False,
        ),
        (
            "the third office signs",
            CE,
            1,
            {CE: "holder"},
            (SignOffFact(S151, 2), SignOffFact(MO, 3)),
            False,
            True,
        ),
    ],
)
def test_may_sign_off(
    case: str,
    office: str,
    person: int,
    holds: dict[str, str],
    signed: tuple[SignOffFact, ...],
    complete: bool,
    allowed: bool,
) -> None:
    verdict = may_sign_off(
        office=office, person_id=person, holds=holds, signed=signed, complete=complete
    )
    assert verdict.allowed is allowed, case
    assert bool(verdict.reason) is not allowed, case


@pytest.mark.parametrize(
    ("signed", "complete", "allowed"),
    [
        ((), False, True),
        ((SignOffFact(CE, 1),), False, False),  # a finding after a sign-off is refused
        ((SignOffFact(CE, 1), SignOffFact(S151, 2), SignOffFact(MO, 3)), True, False),
    ],
)
def test_may_add_finding(signed: tuple[SignOffFact, ...], complete: bool, allowed: bool) -> None:
    assert may_add_finding(signed=signed, complete=complete).allowed is allowed


def test_is_complete_needs_all_three_offices() -> None:
    assert not is_complete((SignOffFact(CE, 1), SignOffFact(S151, 2)))
    assert is_complete((SignOffFact(CE, 1), SignOffFact(S151, 2), SignOffFact(MO, 3)))


@pytest.mark.parametrize(
    ("days", "bucket"), [(0, 0), (7, 0), (8, 1), (14, 1), (15, 2), (28, 2), (29, 3), (400, 3)]
)
def test_ageing_bucket(days: int, bucket: int) -> None:
    assert ageing_bucket(days) == bucket


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (dt.date(2027, 3, 31), dt.date(2026, 4, 1)),
        (dt.date(2027, 4, 1), dt.date(2027, 4, 1)),
        (dt.date(2027, 12, 31), dt.date(2027, 4, 1)),
    ],
)
def test_council_year_start(today: dt.date, start: dt.date) -> None:
    assert council_year_start(today) == start


def test_months_back_crosses_years() -> None:
    months = months_back(dt.date(2027, 2, 15), 3)
    assert months == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]
    assert len(months_back(dt.date(2027, 2, 15), 24)) == 24


@pytest.mark.parametrize(
    ("last", "today", "due"),
    [
        (None, dt.date(2027, 5, 1), dt.date(2027, 5, 1)),
        (dt.date(2026, 6, 30), dt.date(2027, 5, 1), dt.date(2027, 6, 30)),
        (dt.date(2028, 2, 29), dt.date(2028, 3, 1), dt.date(2029, 2, 28)),
    ],
)
def test_next_review_due(last: dt.date | None, today: dt.date, due: dt.date) -> None:
    assert next_review_due(last, today=today) == due
