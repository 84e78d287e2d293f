"""Table tests for who acts on a step: every office by the declarant holding it, deputising for it,
or nobody holding it; two consents from one person; fallback chains that run out."""

from __future__ import annotations

import pytest

from probity.declarations.routing import (
    ALREADY_CONSENTED,
    DECLARANT_HOLDS,
    DEFAULT_FALLBACKS,
    LINE_MANAGER,
    NO_HOLDER,
    ROUTABLE_OFFICES,
    OfficePeople,
    Organisation,
    assign,
    fallback_chain,
    fallbacks_valid,
)
from probity.people.choices import OfficeKind

OK = OfficeKind

DECLARANT = 1
MANAGER = 2
#: Holder and deputy of each office: distinct people per office.
HOLDER: dict[str, int] = {str(o): 100 + i for i, o in enumerate(ROUTABLE_OFFICES)}
DEPUTY: dict[str, int] = {str(o): 200 + i for i, o in enumerate(ROUTABLE_OFFICES)}


def everyone() -> dict[str, OfficePeople]:
    return {
        str(office): OfficePeople(
            holder_ids=frozenset({HOLDER[office]}), deputy_ids=frozenset({DEPUTY[office]})
        )
        for office in ROUTABLE_OFFICES
    }


def org(
    offices: dict[str, OfficePeople] | None = None, line_manager: int | None = MANAGER
) -> Organisation:
    return Organisation(
        declarant_id=DECLARANT,
        line_manager_id=line_manager,
        offices=offices if offices is not None else everyone(),
    )


@pytest.mark.parametrize("office", [str(o) for o in ROUTABLE_OFFICES])
def test_the_holder_and_deputies_of_a_staffed_office_act(office: str) -> None:
    found = assign(office, org())
    assert found.office == office
    assert found.person_ids == {HOLDER[office], DEPUTY[office]}
    assert not found.passed_over


@pytest.mark.parametrize("office", [str(o) for o in ROUTABLE_OFFICES])
def test_when_the_declarant_holds_the_office_it_passes_on_except_the_mos_deputies(
    office: str,
) -> None:
    offices = everyone()
    offices[office] = OfficePeople(
        holder_ids=frozenset({DECLARANT}), deputy_ids=frozenset({DEPUTY[office]})
    )
    found = assign(office, org(offices))
    assert DECLARANT not in found.person_ids
    if office == OK.MONITORING_OFFICER:
        # the statutory deputies take the Monitoring Officer's own declarations
        assert found.office == office
        assert found.person_ids == {DEPUTY[office]}
    else:
        fallback = DEFAULT_FALLBACKS[office]
        assert found.office == fallback
        assert found.person_ids == {HOLDER[fallback], DEPUTY[fallback]}
        assert found.passed_over == ((office, DECLARANT_HOLDS),)


@pytest.mark.parametrize("office", [str(o) for o in ROUTABLE_OFFICES])
def test_when_the_declarant_deputises_the_holder_and_not_the_declarant_acts(office: str) -> None:
    offices = everyone()
    offices[office] = OfficePeople(
        holder_ids=frozenset({HOLDER[office]}), deputy_ids=frozenset({DECLARANT})
    )
    found = assign(office, org(offices))
    assert found.office == office
    assert found.person_ids == {HOLDER[office]}


@pytest.mark.parametrize("office", [str(o) for o in ROUTABLE_OFFICES])
def test_an_office_with_nobody_in_it_passes_to_its_fallback(office: str) -> None:
    offices = everyone()
    del offices[office]
    found = assign(office, org(offices))
    fallback = DEFAULT_FALLBACKS[office]
    assert found.office == fallback
    assert found.person_ids == {HOLDER[fallback], DEPUTY[fallback]}
    assert found.passed_over == ((office, NO_HOLDER),)


@pytest.mark.parametrize("office", [str(o) for o in ROUTABLE_OFFICES])
def test_the_declarant_as_only_person_and_an_empty_fallback_go_further_down(office: str) -> None:
    offices = everyone()
    offices[office] = OfficePeople(holder_ids=frozenset({DECLARANT}))
    fallback = DEFAULT_FALLBACKS[office]
    del offices[fallback]
    found = assign(office, org(offices))
    assert DECLARANT not in found.person_ids
    further = DEFAULT_FALLBACKS[fallback]
    if further == office:
        # the Chief Executive and the Monitoring Officer fall back on each other: with one empty
        # and the other the declarant's, nobody is left, and the step waits on the MO's list
        assert found.stranded
    else:
        assert not found.stranded
        assert found.office == further


@pytest.mark.parametrize(
    ("responsible", "line_manager", "expected_office", "expected"),
    [
        (LINE_MANAGER, MANAGER, LINE_MANAGER, {MANAGER}),
        # nobody manages the declarant (the Chief Executive): the Monitoring Officer acts
        (
            LINE_MANAGER,
            None,
            OK.MONITORING_OFFICER,
            {HOLDER[OK.MONITORING_OFFICER], DEPUTY[OK.MONITORING_OFFICER]},
        ),
    ],
)
def test_line_manager_steps(
    responsible: str, line_manager: int | None, expected_office: str, expected: set[int]
) -> None:
    found = assign(responsible, org(line_manager=line_manager))
    assert found.office == expected_office
    assert found.person_ids == expected


def test_a_chain_with_nobody_in_it_leaves_the_step_stranded_and_says_why() -> None:
    found = assign(OK.HEAD_OF_SERVICE, org({}))
    assert found.stranded
    assert found.office == ""
    assert [office for office, _ in found.passed_over] == [
        OK.HEAD_OF_SERVICE,
        OK.CHIEF_EXECUTIVE,
        OK.MONITORING_OFFICER,
    ]


def test_the_chief_executives_own_referral_goes_to_the_monitoring_officer() -> None:
    offices = everyone()
    offices[OK.CHIEF_EXECUTIVE] = OfficePeople(holder_ids=frozenset({DECLARANT}))
    found = assign(OK.CHIEF_EXECUTIVE, org(offices, line_manager=None))
    assert found.office == OK.MONITORING_OFFICER
    assert DECLARANT not in found.person_ids


def test_the_monitoring_officers_own_with_no_deputy_goes_to_the_chief_executive() -> None:
    offices = everyone()
    offices[OK.MONITORING_OFFICER] = OfficePeople(holder_ids=frozenset({DECLARANT}))
    found = assign(OK.MONITORING_OFFICER, org(offices))
    assert found.office == OK.CHIEF_EXECUTIVE
    assert found.person_ids == {HOLDER[OK.CHIEF_EXECUTIVE], DEPUTY[OK.CHIEF_EXECUTIVE]}


def test_one_person_holding_both_consenting_offices_gives_only_one_consent() -> None:
    both = 500
    offices = everyone()
    offices[OK.HEAD_OF_SERVICE] = OfficePeople(holder_ids=frozenset({both}))
    offices[OK.HR_OD_MANAGER] = OfficePeople(holder_ids=frozenset({both}))
    first = assign(OK.HEAD_OF_SERVICE, org(offices))
    second = assign(OK.HR_OD_MANAGER, org(offices), excluded=first.person_ids)
    assert first.person_ids == {both}
    assert both not in second.person_ids
    assert second.office == DEFAULT_FALLBACKS[OK.HR_OD_MANAGER]
    assert second.passed_over == ((OK.HR_OD_MANAGER, ALREADY_CONSENTED),)


def test_a_line_manager_who_consented_already_is_passed_over() -> None:
    found = assign(LINE_MANAGER, org(), excluded=frozenset({MANAGER}))
    assert MANAGER not in found.person_ids
    assert found.office == OK.MONITORING_OFFICER


def test_a_council_can_change_where_work_passes() -> None:
    offices = everyone()
    del offices[OK.HEAD_OF_SERVICE]
    changed = {**DEFAULT_FALLBACKS, str(OK.HEAD_OF_SERVICE): str(OK.HR_OD_MANAGER)}
    found = assign(
        OK.HEAD_OF_SERVICE,
        Organisation(
            declarant_id=DECLARANT, line_manager_id=MANAGER, offices=offices, fallbacks=changed
        ),
    )
    assert found.office == OK.HR_OD_MANAGER


def test_fallback_chains_end_and_do_not_loop() -> None:
    assert fallback_chain(OK.HEAD_OF_SERVICE, DEFAULT_FALLBACKS) == (
        OK.HEAD_OF_SERVICE,
        OK.CHIEF_EXECUTIVE,
        OK.MONITORING_OFFICER,
    )


@pytest.mark.parametrize(
    ("fallbacks", "error"),
    [
        (DEFAULT_FALLBACKS, ""),
        ({OK.HEAD_OF_SERVICE: OK.HEAD_OF_SERVICE}, "itself"),
        ({OK.HEAD_OF_SERVICE: OK.AUDITOR}, "decides"),
        ({OK.HEAD_OF_PLANNING: OK.FRAUD_MANAGER, OK.FRAUD_MANAGER: OK.HEAD_OF_PLANNING}, "reach"),
    ],
)
def test_fallbacks_valid(fallbacks: dict[str, str], error: str) -> None:
    message = fallbacks_valid(fallbacks)
    assert (error in message) if error else message == ""
