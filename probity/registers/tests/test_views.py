"""Registers: scope, filters, sorting, paging, constant queries and safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from conftest import Council, signed_in
from probity.declarations import services
from probity.declarations.choices import GiftOutcome
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.people.models import Person
from probity.people.tests.factories import make_person
from probity.registers.exports import spreadsheet_safe

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
GIFTS = reverse("registers:list", kwargs={"slug": "gifts-and-hospitality"})
GIFTS_CSV = reverse("registers:csv", kwargs={"slug": "gifts-and-hospitality"})


def gift(person: Person, **changes: Any) -> Declaration:
    return services.gift_declare(
        actor=person, facts=gift_facts(**changes), submission_token=uuid.uuid4(), now=NOW
    )


def references(response: Any) -> set[str]:
    return {v.declaration.reference for v, _ in response.context["table"]}


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_each_viewer_sees_only_what_they_may(council: Council) -> None:
    mine = gift(council.officer)
    managers_own = gift(council.manager)
    strangers = gift(council.stranger)
    everything = {mine.reference, managers_own.reference, strangers.reference}
    assert references(signed_in(council.mo).get(GIFTS)) == everything
    assert references(signed_in(council.deputy).get(GIFTS)) == everything
    assert references(signed_in(council.auditor).get(GIFTS)) == everything
    assert references(signed_in(council.manager).get(GIFTS)) == {
        mine.reference,
        managers_own.reference,
    }
    assert references(signed_in(council.head).get(GIFTS)) == {
        mine.reference,
        managers_own.reference,
    }
    assert references(signed_in(council.officer).get(GIFTS)) == {mine.reference}
    assert signed_in(council.councillor).get(GIFTS).status_code == 403


def test_the_csv_holds_exactly_what_the_viewer_may_see(council: Council) -> None:
    mine = gift(council.officer)
    gift(council.stranger, giver_name="Secret Supplier Ltd")
    rows = csv_rows(signed_in(council.manager).get(GIFTS_CSV))
    assert rows[0][0] == "Reference"
    assert [r[0] for r in rows[1:]] == [mine.reference]
    assert "Secret Supplier Ltd" not in str(rows)


def test_the_csv_cannot_run_formulas_in_a_spreadsheet(council: Council) -> None:
    gift(
        council.officer,
        giver_name='=HYPERLINK("http://evil")',
        description="+1+1",
        outcome_reason="@SUM(A1)",
    )
    rows = csv_rows(signed_in(council.mo).get(GIFTS_CSV))
    cells = rows[1]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+1+1" in cells
    assert "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("-3", "'-3"),
        ("plain", "plain"),
        ("\tx", "'\tx"),
        (None, ""),
        ("a\x00b", "ab"),
    ],
)
def test_spreadsheet_safe(value: object, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


def test_filters_combine(council: Council) -> None:
    accepted = gift(
        council.officer,
        outcome=GiftOutcome.ACCEPTED,
        value=Decimal("20"),
        offered_on=dt.date(2027, 1, 5),
    )
    declined = gift(
        council.officer,
        outcome=GiftOutcome.DECLINED,
        value=Decimal("300"),
        offered_on=dt.date(2027, 2, 5),
    )
    client = signed_in(council.mo)
    assert references(client.get(GIFTS, {"outcome": "accepted"})) == {accepted.reference}
    assert references(client.get(GIFTS, {"value_min": "100"})) == {declined.reference}
    assert references(client.get(GIFTS, {"offered_from": "2027-02-01"})) == {declined.reference}
    assert references(client.get(GIFTS, {"q": accepted.reference})) == {accepted.reference}
    assert references(
        client.get(GIFTS, {"service": str(council.housing.pk), "outcome": "declined"})
    ) == {declined.reference}
    assert references(client.get(GIFTS, {"person": "offic"})) == {
        accepted.reference,
        declined.reference,
    }
    assert references(client.get(GIFTS, {"status": "noted"})) == set()


def test_bad_filter_values_show_an_error_not_a_crash(council: Council) -> None:
    gift(council.officer)
    response = signed_in(council.mo).get(
        GIFTS, {"value_min": "lots", "offered_from": "yesterday", "service": "999"}
    )
    assert response.status_code == 200
    assert "There is a problem with the filters" in response.content.decode()


def test_sorting_by_value_and_ignoring_unknown_sort_keys(council: Council) -> None:
    cheap = gift(council.officer, value=Decimal("5"))
    dear = gift(council.officer, value=Decimal("500"))
    client = signed_in(council.mo)
    ordered = [
        v.declaration.reference for v, _ in client.get(GIFTS, {"sort": "value"}).context["table"]
    ]
    assert ordered == [cheap.reference, dear.reference]
    ordered = [
        v.declaration.reference for v, _ in client.get(GIFTS, {"sort": "-value"}).context["table"]
    ]
    assert ordered == [dear.reference, cheap.reference]
    assert client.get(GIFTS, {"sort": "declaration__declarant__user__password"}).status_code == 200


def test_register_pages_make_the_same_number_of_queries_whatever_the_size(
    council: Council, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(council.mo)
    gift(council.officer)
    client.get(GIFTS)  # warm the session

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(GIFTS).status_code == 200
        return len(ctx.captured_queries)

    small = count_queries()
    for n in range(30):
        person = make_person(f"extra{n}", service=council.housing, line_manager=council.manager)
        gift(person)
        services.interest_declare(
            actor=person, facts=interest_facts(), submission_token=uuid.uuid4(), now=NOW
        )
    large = count_queries()
    assert large == small
    with django_assert_max_num_queries(small):
        client.get(GIFTS, {"page": "2", "sort": "value"})
    with django_assert_max_num_queries(small):
        client.get(reverse("registers:list", kwargs={"slug": "interests"}))


def test_paging(council: Council) -> None:
    for _ in range(27):
        gift(council.officer)
    client = signed_in(council.mo)
    first = client.get(GIFTS)
    assert len(first.context["table"]) == 25
    second = client.get(GIFTS, {"page": "2"})
    assert len(second.context["table"]) == 2
    assert client.get(GIFTS, {"page": "99"}).status_code == 200
    assert client.get(GIFTS, {"page": "x"}).status_code == 200


def test_an_entry_page_shows_history_and_decisions(council: Council) -> None:
    declaration = gift(council.officer)
    response = signed_in(council.mo).get(
        reverse("registers:entry", kwargs={"reference": declaration.reference})
    )
    body = response.content.decode()
    assert "Version 1" in body
    assert "Withdraw this entry" in body
    assert "See the audit trail" in body


def test_withdrawing_through_the_page(council: Council) -> None:
    declaration = gift(council.officer)
    client = signed_in(council.mo)
    url = reverse("registers:withdraw", kwargs={"reference": declaration.reference})
    response = client.post(url, {"comment": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(url, {"comment": "Entered twice by mistake."})
    assert response.status_code == 302
    entry = client.get(
        reverse("registers:entry", kwargs={"reference": declaration.reference})
    ).content.decode()
    assert "Entered twice by mistake." in entry
    assert "Withdrawn" in entry
    audit = client.get(
        reverse("registers:audit", kwargs={"reference": declaration.reference})
    ).content.decode()
    assert "Withdrawn" in audit


def test_a_long_register_is_counted_only_as_far_as_its_pages_need(
    council: Council, monkeypatch: pytest.MonkeyPatch
) -> None:
    from probity.core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    monkeypatch.setattr(paging, "PAGES_AHEAD", 0)
    for _ in range(32):
        gift(council.officer)
    client = signed_in(council.mo)
    first = client.get(GIFTS)
    body = first.content.decode()
    assert "More than 30 entries" in body
    assert first.context["page"].has_next()
    assert not first.context["exact_count"]
    # Asking for a deeper page counts far enough to reach it and shows what is there.
    second = client.get(GIFTS, {"page": "2"})
    assert len(second.context["table"]) == 7
    assert second.context["exact_count"]
    assert "32 entries" in second.content.decode()
    index = client.get(reverse("registers:index")).content.decode()
    assert "More than 30 entries you can see" in index
    # A filtered list short enough to count says exactly how many match.
    filtered = client.get(GIFTS, {"q": "nothing-matches-this"})
    assert "0 entries match your filters" in filtered.content.decode()


def test_the_register_search_finds_what_an_entry_says_without_accents(council: Council) -> None:
    wine = gift(council.officer, description="A case of Côtes du Rhône wine")
    other = gift(council.officer, description="Two tickets to the theatre")
    client = signed_in(council.mo)
    assert references(client.get(GIFTS, {"q": "cotes rhone"})) == {wine.reference}
    assert references(client.get(GIFTS, {"q": "THEATRE tickets"})) == {other.reference}
    assert references(client.get(GIFTS, {"q": "  "})) == {wine.reference, other.reference}
