"""Table tests for the pure people rules."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.people.choices import HoldingRole, OfficeKind
from probity.people.rules import (
    NOT_A_KEEPER,
    NOT_YOUR_OWN,
    NOT_YOURSELF,
    ONLY_CHIEF_EXECUTIVE,
    HoldingFact,
    OfficeActor,
    OfficeFact,
    Refusal,
    Shortening,
    back_dating_refusal,
    current_offices,
    holding_is_current,
    office_change_refusal,
    reports_of,
)

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


# Who may change which office -------------------------------------------------------------------

MO_OFFICE = OfficeFact(office_id=1, kind=OfficeKind.MONITORING_OFFICER)
CE_OFFICE = OfficeFact(office_id=2, kind=OfficeKind.CHIEF_EXECUTIVE)
FINANCE = OfficeFact(office_id=3, kind=OfficeKind.HEAD_OF_CORPORATE_FINANCE)
HOUSING = OfficeFact(office_id=4, kind=OfficeKind.HEAD_OF_SERVICE)
VACANT = OfficeFact(office_id=5, kind=OfficeKind.HR_OD_MANAGER)  # nobody holds it

MO = OfficeActor(person_id=10, is_monitoring_officer=True, held_office_ids=frozenset({1}))
DEPUTY_MO = OfficeActor(
    person_id=11, is_deputy_monitoring_officer=True, deputised_office_ids=frozenset({1})
)
CE = OfficeActor(person_id=12, is_chief_executive=True, held_office_ids=frozenset({2}))
HEAD = OfficeActor(person_id=13, held_office_ids=frozenset({4}))
MO_WHO_HEADS_HOUSING = OfficeActor(
    person_id=14, is_monitoring_officer=True, held_office_ids=frozenset({1, 4})
)
DEPUTY_MO_DUE_TO_HEAD_FINANCE = OfficeActor(
    person_id=15,
    is_deputy_monitoring_officer=True,
    deputised_office_ids=frozenset({1}),
    held_office_ids=frozenset({3}),  # starts later: still theirs
)
SUPERUSER = OfficeActor(person_id=None, by_superuser=True)
SUPERUSER_WITH_PERSON = OfficeActor(person_id=16, by_superuser=True)
OTHER = 99


@pytest.mark.parametrize(
    ("actor", "office", "appointee", "expected"),
    [
        # The deputy Monitoring Officer and the Monitoring Officer's office.
        pytest.param(DEPUTY_MO, MO_OFFICE, 11, NOT_YOURSELF, id="deputy-mo-makes-self-mo"),
        pytest.param(DEPUTY_MO, MO_OFFICE, OTHER, NOT_YOUR_OWN, id="deputy-mo-changes-mo-office"),
        pytest.param(DEPUTY_MO, MO_OFFICE, None, NOT_YOUR_OWN, id="deputy-mo-ends-a-deputy-mo"),
        pytest.param(DEPUTY_MO, FINANCE, 11, NOT_YOURSELF, id="deputy-mo-self-deputy-finance"),
        pytest.param(DEPUTY_MO, FINANCE, OTHER, None, id="deputy-mo-appoints-other-to-finance"),
        pytest.param(DEPUTY_MO, VACANT, OTHER, None, id="deputy-mo-fills-a-vacant-office"),
        # The Monitoring Officer.
        pytest.param(MO, MO_OFFICE, OTHER, NOT_YOUR_OWN, id="mo-changes-own-office"),
        pytest.param(MO, CE_OFFICE, OTHER, None, id="mo-changes-chief-executive"),
        pytest.param(MO, HOUSING, 10, NOT_YOURSELF, id="mo-makes-self-head"),
        pytest.param(MO, VACANT, OTHER, None, id="mo-fills-a-vacant-office"),
        pytest.param(MO_WHO_HEADS_HOUSING, HOUSING, OTHER, NOT_YOUR_OWN, id="mo-own-service"),
        pytest.param(
            DEPUTY_MO_DUE_TO_HEAD_FINANCE, FINANCE, OTHER, NOT_YOUR_OWN, id="office-due-to-hold"
        ),
        # The Chief Executive.
        pytest.param(CE, MO_OFFICE, OTHER, None, id="ce-changes-mo-office"),
        pytest.param(CE, MO_OFFICE, None, None, id="ce-ends-a-deputy-mo"),
        pytest.param(CE, MO_OFFICE, 12, NOT_YOURSELF, id="ce-makes-self-mo"),
        pytest.param(CE, CE_OFFICE, OTHER, NOT_YOUR_OWN, id="ce-changes-own-office"),
        pytest.param(CE, FINANCE, OTHER, NOT_A_KEEPER, id="ce-changes-another-office"),
        # Anyone else.
        pytest.param(HEAD, FINANCE, OTHER, NOT_A_KEEPER, id="head-changes-finance"),
        pytest.param(HEAD, MO_OFFICE, OTHER, ONLY_CHIEF_EXECUTIVE, id="head-changes-mo-office"),
        pytest.param(HEAD, HOUSING, OTHER, NOT_YOUR_OWN, id="head-changes-own-office"),
        # A superuser at the command line.
        pytest.param(SUPERUSER, MO_OFFICE, OTHER, None, id="superuser-changes-mo-office"),
        pytest.param(SUPERUSER, VACANT, OTHER, None, id="superuser-fills-vacant-office"),
        pytest.param(SUPERUSER_WITH_PERSON, MO_OFFICE, 16, NOT_YOURSELF, id="superuser-self"),
    ],
)
def test_office_change_refusal(
    actor: OfficeActor, office: OfficeFact, appointee: int | None, expected: str | None
) -> None:
    assert office_change_refusal(actor, office, appointee_id=appointee) == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [(MO, True), (DEPUTY_MO, True), (CE, True), (SUPERUSER, True), (HEAD, False)],
)
def test_who_may_open_the_offices_settings(actor: OfficeActor, expected: bool) -> None:
    assert actor.keeps_offices is expected


# Back-dating -----------------------------------------------------------------------------------

YESTERDAY = TODAY - dt.timedelta(days=1)
LAST_MONTH = dt.date(2027, 2, 15)


def _cut(*acts: dt.date) -> Shortening:
    return Shortening(
        person_name="Sam Holder",
        role="Holder",
        was=None,
        becomes=LAST_MONTH - dt.timedelta(days=1),
        acts=frozenset(acts),
    )


@pytest.mark.parametrize(
    ("takes_effect", "reason", "shortened", "expected"),
    [
        pytest.param(TODAY, "", [_cut()], None, id="today-needs-no-reason"),
        pytest.param(dt.date(2027, 4, 1), "", [_cut()], None, id="future-needs-no-reason"),
        pytest.param(LAST_MONTH, "", [_cut()], ("reason", None), id="back-dated-without-reason"),
        pytest.param(LAST_MONTH, "   ", [], ("reason", None), id="back-dated-blank-reason"),
        pytest.param(LAST_MONTH, "Appointed in February", [_cut()], None, id="with-reason"),
        pytest.param(LAST_MONTH, "Appointed in February", [], None, id="no-holder-to-cut"),
        pytest.param(
            LAST_MONTH,
            "Appointed in February",
            [_cut(dt.date(2027, 2, 20), dt.date(2027, 3, 1))],
            ("starts_on", "The date must be after 1 March 2027"),
            id="would-cut-a-record-with-decisions",
        ),
        pytest.param(
            YESTERDAY,
            "Started yesterday",
            [_cut(YESTERDAY)],
            ("starts_on", "after 14 March 2027"),
            id="decision-on-the-new-start-day",
        ),
    ],
)
def test_back_dating_refusal(
    takes_effect: dt.date,
    reason: str,
    shortened: list[Shortening],
    expected: tuple[str, str | None] | None,
) -> None:
    refusal = back_dating_refusal(
        takes_effect=takes_effect, today=TODAY, reason=reason, shortened=shortened
    )
    if expected is None:
        assert refusal is None
        return
    assert refusal is not None
    field, words = expected
    assert refusal.field == field
    if words:
        assert words in refusal.message
        assert "Sam Holder" in refusal.message


def test_back_dating_a_last_day_names_the_last_day_field() -> None:
    refusal = back_dating_refusal(
        takes_effect=LAST_MONTH,
        today=TODAY,
        reason="Left in February",
        shortened=[_cut(dt.date(2027, 3, 1))],
        field="ends_on",
    )
    assert refusal == Refusal(
        "ends_on",
        "The date must be 1 March 2027 or later: Sam Holder recorded decisions as holder up to "
        "1 March 2027, and that record must stay whole",
    )
