"""Breach cases: opened by the Monitoring Officer from a declaration, a concern or nothing
declared; recorded through to a disciplinary result; linked both ways for those allowed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Council, signed_in
from probity.concerns.models import BreachCase
from probity.concerns.selectors import committee_counts
from probity.concerns.services import (
    breach_open,
    breach_record,
    handler_assign,
    status_set,
)
from probity.concerns.tests.conftest import NOW, reported
from probity.core import clock
from probity.core.models import AuditEvent
from probity.declarations import services as declaration_services
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts
from probity.people.choices import OfficeKind
from probity.people.models import Person
from probity.people.tests.factories import hold_office, make_person

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(days=1)


@pytest.fixture
def gift(council: Council) -> Declaration:
    return declaration_services.gift_declare(
        actor=council.officer, facts=gift_facts(), submission_token=uuid.uuid4(), now=NOW
    )


@pytest.fixture
def hr(council: Council) -> Person:
    person = make_person("hr", service=council.planning, full_name="Hr Manager")
    hold_office(person, OfficeKind.HR_OD_MANAGER)
    return person


def test_the_mo_opens_a_case_from_a_declaration_and_records_it_to_the_end(
    council: Council, gift: Declaration, hr: Person
) -> None:
    mo = signed_in(council.mo)
    new = reverse("concerns:breach_new") + f"?declaration={gift.reference}"
    assert mo.get(new).status_code == 200
    response = mo.post(
        reverse("concerns:breach_new"),
        {"declaration": gift.reference, "allegation": "Accepted tickets from a bidder"},
    )
    assert response.status_code == 302
    case = BreachCase.objects.get()
    assert (case.person, case.declaration, case.basis) == (council.officer, gift, "declaration")
    assert "tickets" not in case.sealed
    record = reverse("concerns:breach_update", kwargs={"reference": case.reference})
    with clock.frozen(dt.datetime(2027, 4, 20, 10, 0, tzinfo=dt.UTC)):
        response = mo.post(
            record,
            {
                "investigation_started_on_0": "3",
                "investigation_started_on_1": "3",
                "investigation_started_on_2": "2027",
                "investigation": "Interviewed the officer",
                "outcome": "disciplinary",
                "outcome_on_0": "1",
                "outcome_on_1": "4",
                "outcome_on_2": "2027",
                "reasons": "Knew the bidder was bidding",
                "result": "first_warning",
                "result_on_0": "15",
                "result_on_1": "4",
                "result_on_2": "2027",
            },
        )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert (case.outcome, case.disciplinary_result) == ("disciplinary", "first_warning")
    assert case.disciplinary_result_on == dt.date(2027, 4, 15)
    assert AuditEvent.objects.filter(action="breach.recorded", subject=case.reference).exists()
    # The entry and the person link to the case, for the MO and HR; not for the officer's managers.
    entry = reverse("registers:entry", kwargs={"reference": gift.reference})
    person = reverse("registers:person", kwargs={"person_id": council.officer.pk})
    for viewer, sees in (
        (council.mo, True),
        (hr, True),
        (council.manager, False),
        (council.head, False),
    ):
        for url in (entry, person):
            response = signed_in(viewer).get(url)
            if response.status_code == 200:
                assert (case.reference in response.content.decode()) is sees, (viewer, url)
    detail = reverse("concerns:breach_detail", kwargs={"reference": case.reference})
    assert signed_in(hr).get(detail).status_code == 200
    assert signed_in(hr).get(record).status_code == 403
    for nobody in (council.officer, council.manager, council.head, council.auditor):
        assert signed_in(nobody).get(detail).status_code == 404


def test_a_case_from_a_concern_is_seen_by_its_handlers(council: Council) -> None:
    concern, _ = reported()
    handler_assign(actor=council.mo, concern=concern, person=council.stranger, now=LATER)
    status_set(
        actor=council.mo,
        concern=concern,
        status="closed",
        outcome="upheld",
        reasons="True",
        retain_until=dt.date(2033, 1, 1),
        now=LATER,
    )
    case = breach_open(
        actor=council.mo,
        person=council.officer,
        basis="concern",
        allegation="Double invoices",
        concern=concern,
        now=LATER,
    )
    page = signed_in(council.stranger).get(
        reverse("concerns:detail", kwargs={"reference": concern.reference})
    )
    assert case.reference in page.content.decode()
    detail = reverse("concerns:breach_detail", kwargs={"reference": case.reference})
    assert signed_in(council.stranger).get(detail).status_code == 200
    assert signed_in(council.officer).get(detail).status_code == 404


def test_a_case_for_something_not_declared(council: Council) -> None:
    mo = signed_in(council.mo)
    response = mo.post(
        reverse("concerns:breach_new"),
        {"person": council.manager.pk, "allegation": "An outside job found by an audit"},
    )
    assert response.status_code == 302
    case = BreachCase.objects.get()
    assert (case.basis, case.person, case.declaration) == ("undeclared", council.manager, None)
    # Not against themselves.
    response = mo.post(reverse("concerns:breach_new"), {"person": council.mo.pk, "allegation": "x"})
    assert BreachCase.objects.count() == 1
    assert response.status_code == 200


def test_only_the_mo_opens_cases(council: Council, gift: Declaration, hr: Person) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        breach_open(actor=hr, person=council.officer, basis="undeclared", allegation="x", now=LATER)
    assert signed_in(hr).get(reverse("concerns:breach_new")).status_code == 403
    case = breach_open(
        actor=council.mo,
        person=council.officer,
        basis="declaration",
        allegation="x",
        declaration=gift,
        now=LATER,
    )
    with pytest.raises(PermissionDenied):
        breach_record(
            actor=hr,
            case=case,
            investigation_started_on=None,
            investigation="",
            outcome="",
            outcome_on=None,
            reasons="",
            result="",
            result_on=None,
            now=LATER,
        )


def test_committee_counts_carry_no_names(council: Council, gift: Declaration) -> None:
    reported()
    reported(kind="corruption")
    concern, _ = reported(anonymous=False, name="Pat", contact="pat@example.com")
    breach_open(
        actor=council.mo,
        person=council.officer,
        basis="declaration",
        allegation="x",
        declaration=gift,
        now=LATER,
    )
    counts = committee_counts()
    assert counts.concerns_total == 3 and counts.concerns_anonymous == 2
    assert {r.label: r.count for r in counts.concerns_by_kind}["Fraud or theft"] == 2
    assert {r.label: r.count for r in counts.breach_by_basis}["From a declaration"] == 1
    assert "Pat" not in repr(counts) and concern.reference not in repr(counts)
    assert committee_counts(since=dt.date(2027, 3, 3)).concerns_total == 0
    page = signed_in(council.mo).get(reverse("concerns:counts")).content.decode()
    assert "Concerns by kind" in page and concern.reference not in page


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_links_cost_the_same_however_many_cases(council: Council, gift: Declaration) -> None:
    entry = reverse("registers:entry", kwargs={"reference": gift.reference})
    person = reverse("registers:person", kwargs={"person_id": council.officer.pk})
    mo, officer = signed_in(council.mo), signed_in(council.officer)
    open_case = lambda: breach_open(  # noqa: E731
        actor=council.mo,
        person=council.officer,
        basis="declaration",
        allegation="x",
        declaration=gift,
        now=LATER,
    )
    open_case()
    before = {url: _queries(mo, url) for url in (entry, person)}
    own_before = _queries(officer, entry)
    for _ in range(4):
        open_case()
    assert {url: _queries(mo, url) for url in (entry, person)} == before
    assert _queries(officer, entry) == own_before
    assert "Breach case" not in officer.get(entry).content.decode()  # nothing for the declarant


def test_committee_counts_take_two_queries(
    council: Council, django_assert_num_queries: Any
) -> None:
    for kind in ("fraud", "corruption", "other"):
        reported(kind=kind)
    with django_assert_num_queries(2):
        counts = committee_counts(since=dt.date(2027, 1, 1), until=dt.date(2027, 12, 31))
    assert counts.concerns_total == 3
