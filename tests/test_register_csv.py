"""The streamed register CSVs: byte for byte what the per-entry CSV wrote, for a generated council
with every kind in every state and awkward text; no more queries for more rows; exactly the rows
and order of the register's list, filters included.

The oracle below is the CSV as it was built before it streamed: each current version read as an
object (with its register's ``prepare``) and every column's ``value`` called on it.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import pytest_django
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import signed_in
from probity.core import clock
from probity.core.http import AuthenticatedHttpRequest
from probity.core.spreadsheets import FORMULA_STARTS, spreadsheet_safe
from probity.declarations import services
from probity.declarations.choices import (
    DeclarationKind,
    DeclarationStatus,
    GiftCategory,
    GiftOutcome,
    InterestHolder,
)
from probity.declarations.kinds import BY_KIND
from probity.declarations.models import Declaration
from probity.declarations.tests.factories import gift_facts, interest_facts
from probity.declarations.tests.test_kinds import FACTS
from probity.demo.generate import generate_council
from probity.demo.loader import load_demo
from probity.demo.personas import PERSONAS
from probity.people.models import Person
from probity.people.selectors import viewer_for_person
from probity.registers import exports, views

K = DeclarationKind
NOW = dt.datetime(2027, 6, 14, 15, 30, tzinfo=dt.UTC)
SLUGS = list(views.REGISTERS)
USERNAMES = [p.username for p in PERSONAS]

#: Text a spreadsheet could run, or a CSV writer must quote, or an encoder must get right.
AWKWARD = [
    "=SUM(A1:A9)",
    '-2+3, "quoted", and a comma',
    "+44 1632 960000",
    "@handle\nsecond line",
    "Café Zoë — naïve; 東京 ✓ €",
    "\ttab first",
    "line one\r\nline two",
    '"',
]


def _awkward_entries() -> None:
    """Entries whose text tries every edge of quoting, formulas, encoding and formatting."""
    officer = Person.objects.get(user__username="officer")
    manager = Person.objects.get(user__username="manager")
    viewer = viewer_for_person(person=officer, today=NOW.date())
    values = [Decimal("0"), Decimal("1234.5"), Decimal("12"), Decimal("1000000.99")]
    for i, text in enumerate(AWKWARD):
        declarant = officer if i % 2 else manager
        gift = services.gift_declare(
            actor=declarant,
            facts=gift_facts(
                giver_name=text,
                giver_link_detail="" if i % 3 else text,
                description=f"{text} {i}",
                value=values[i % len(values)],
                value_is_estimate=bool(i % 2),
                category=GiftCategory.GIFT if i % 2 else GiftCategory.HOSPITALITY,
                outcome=GiftOutcome.ACCEPTED if i % 2 else GiftOutcome.DECLINED,
                outcome_reason=text,
                offered_on=dt.date(2027, 1 + i, 1 + i),
            ),
            submission_token=uuid.uuid4(),
            now=NOW,
        )
        services.interest_declare(
            actor=declarant,
            facts=interest_facts(
                holder=InterestHolder.SELF if i % 2 else InterestHolder.RELATIVE,
                relative_relationship="" if i % 2 else text[:100],
                counterparty=text,
                description=text,
                ends_on=dt.date(2027, 5, 1) if i % 3 == 0 else None,
            ),
            submission_token=uuid.uuid4(),
            now=NOW,
        )
        for kind, facts in FACTS.items():
            form = BY_KIND[kind].form_class
            assert form is not None
            changed = {
                name: text
                for name, field in form.base_fields.items()
                if type(field) is forms.CharField and facts.get(name)
            }
            services.declaration_submit(
                kind=kind,
                actor=declarant,
                facts={**facts, **changed},
                submission_token=uuid.uuid4(),
                now=NOW,
            )
        if i == 1:  # a corrected entry: its register shows version 2
            services.declaration_correct(
                actor=officer,
                viewer=viewer,
                declaration=gift,
                facts=gift_facts(giver_name='Corrected, "again"', value=Decimal("7.05")),
                reason="The giver's name was wrong.",
                now=NOW,
            )


@pytest.fixture(scope="module")
def council(
    django_db_setup: None, django_db_blocker: pytest_django.DjangoDbBlocker
) -> Iterator[None]:
    """The demo council grown to a few hundred entries, once for the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo(now=NOW)
            generate_council(people=120, declarations=700, seed=5, now=NOW)
            _awkward_entries()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("council")]


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _client(username: str) -> Client:
    return signed_in(Person.objects.get(user__username=username))


def _streamed(username: str, slug: str, query: str = "") -> bytes | None:
    """The CSV as the view streams it (None where the register is closed to the viewer)."""
    response = _client(username).get(reverse("registers:csv", kwargs={"slug": slug}) + query)
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    assert response.streaming
    body: bytes = response.getvalue()
    return body


def _oracle(username: str, slug: str, query: str = "") -> bytes:
    """The CSV as it was written before it streamed, from version objects."""
    request = RequestFactory().get("/" + query)
    request.user = _user(username)
    auth_request: AuthenticatedHttpRequest = request  # type: ignore[assignment]
    _, grants, register = views._viewer_for_register(auth_request, views._register(slug))
    _, rows, _ = views._rows(register, grants, auth_request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(c.label) for c in register.csv_columns])
    for v in register.prepared(rows):
        writer.writerow([spreadsheet_safe(c.value(v)) for c in register.csv_columns])
    return response.content


def _references(body: bytes) -> list[str]:
    rows = list(csv.reader(body.decode("utf-8-sig").splitlines(keepends=True)))
    return [row[0] for row in rows[1:]]


def test_the_data_set_has_every_kind_state_and_awkward_value() -> None:
    kinds_states = set(Declaration.objects.values_list("kind", "status"))
    assert {k for k, _ in kinds_states} == set(K.values)
    statuses = {s for _, s in kinds_states}
    assert {
        DeclarationStatus.SUBMITTED,
        DeclarationStatus.WITHDRAWN,
        DeclarationStatus.APPROVED_WITH_CONDITIONS,
        DeclarationStatus.RECORDED,
    } <= statuses
    mo = _streamed("mo", "outside-employment")
    assert mo is not None
    rows = list(csv.reader(mo.decode("utf-8-sig").splitlines(keepends=True)))
    header = rows[0]
    conditions = {row[header.index("Conditions")] for row in rows[1:]}
    reviews = {row[header.index("Review date")] for row in rows[1:]}
    assert "None" in conditions and len(conditions) > 1
    assert "None set" in reviews and len(reviews) > 1


@pytest.mark.parametrize("slug", SLUGS)
def test_every_viewer_gets_the_same_bytes_as_before(slug: str) -> None:
    compared = 0
    for username in USERNAMES:
        streamed = _streamed(username, slug)
        if streamed is None:
            continue
        assert streamed == _oracle(username, slug), (username, slug)
        compared += 1
    assert compared >= 3  # the Monitoring Officer, the deputy and the auditor at least


def test_awkward_text_is_quoted_and_disarmed() -> None:
    body = _streamed("mo", "gifts-and-hospitality")
    assert body is not None
    assert body.startswith(b"\xef\xbb\xbfReference,Person,")
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    cells = [cell for row in rows for cell in row]
    assert "'=SUM(A1:A9)" in cells
    assert "'@handle\nsecond line" in cells
    assert "Café Zoë — naïve; 東京 ✓ €" in cells
    assert '"' in cells
    assert "1234.50" in cells and "0.00" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)


FILTERED = [
    ("gifts-and-hospitality", "?outcome=declined&value_min=50&sort=-value"),
    ("gifts-and-hospitality", "?q=caf%C3%A9&sort=offered_on"),
    ("gifts-and-hospitality", "?offered_from=2027-02-01&offered_to=2027-06-30&status=noted"),
    ("interests", "?interest_type=financial&sort=counterparty"),
    ("closed-organisations", "?started_from=2015-01-01"),
    ("outside-employment", "?status=approved_with_conditions"),
    ("referrals", "?person=a&sort=declaration__submitted_at"),
    ("nil-returns", "?status=nonsense&sort=nonsense"),
]


@pytest.mark.parametrize(("slug", "query"), FILTERED)
@pytest.mark.parametrize("username", ["mo", "manager", "auditor"])
def test_filters_and_sorting_apply_as_in_the_list(slug: str, query: str, username: str) -> None:
    streamed = _streamed(username, slug, query)
    if streamed is None:
        return
    assert streamed == _oracle(username, slug, query)
    assert _references(streamed) == _listed(username, slug, query)


def _listed(username: str, slug: str, query: str = "") -> list[str]:
    """Every reference of the register's list, page by page, in its order."""
    client = _client(username)
    found: list[str] = []
    page = 1
    while True:
        separator = "&" if query else "?"
        url = reverse("registers:list", kwargs={"slug": slug}) + f"{query}{separator}page={page}"
        response = client.get(url)
        assert response.status_code == 200
        found += [v.declaration.reference for v, _ in response.context["table"]]
        if not response.context["page"].has_next():
            return found
        page += 1


@pytest.mark.parametrize(
    ("username", "slug"),
    [
        ("mo", "gifts-and-hospitality"),
        ("manager", "gifts-and-hospitality"),
        ("officer", "interests"),
        ("auditor", "interests"),
        ("manager", "closed-organisations"),
        ("head-of-service", "outside-employment"),
        ("hr", "staff-decisions"),
    ],
)
def test_a_viewer_gets_exactly_the_rows_of_the_list_in_its_order(username: str, slug: str) -> None:
    streamed = _streamed(username, slug)
    if streamed is None:
        assert (
            _client(username).get(reverse("registers:list", kwargs={"slug": slug})).status_code
            == 403
        )
        return
    listed = _listed(username, slug)
    assert listed, (username, slug)
    assert _references(streamed) == listed


@pytest.mark.parametrize(
    "slug", ["gifts-and-hospitality", "outside-employment", "closed-organisations"]
)
def test_the_query_count_does_not_grow_with_the_rows(
    slug: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small batches: several fetches and several chunks even for this council.
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 7)
    counts = []
    sizes = []
    for query in ("?status=withdrawn", ""):
        client = _client("mo")
        url = reverse("registers:csv", kwargs={"slug": slug}) + query
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            chunks = list(response.streaming_content)  # type: ignore[attr-defined]
        counts.append(len(queries))
        sizes.append(len(_references(b"".join(chunks))))
        assert len(chunks) > 1
    assert sizes[1] > 3 * sizes[0] > 0
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_the_download_keeps_its_name_type_and_caching() -> None:
    with clock.frozen(NOW):
        response = _client("mo").get(
            reverse("registers:csv", kwargs={"slug": "gifts-and-hospitality"})
        )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="gifts-and-hospitality-2027-06-14.csv"'
    )
    assert response["Cache-Control"] == "no-store"


def test_the_benchmark_copies_the_query_the_csv_streams() -> None:
    request = RequestFactory().get("/")
    request.user = _user("mo")
    values = exports.bench_csv_queryset(request, "gifts-and-hospitality")
    streamed = _streamed("mo", "gifts-and-hospitality")
    assert streamed is not None
    assert [row[0] for row in values] == _references(streamed)


def test_every_csv_column_reads_plain_values() -> None:
    for register in views.REGISTERS.values():
        plan = exports.csv_plan(register.csv_columns)
        assert plan.header == [c.label for c in register.csv_columns]
        assert all("." not in f for f in plan.fields)


def test_a_download_given_up_midway_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that goes away (the server closes the stream): the rows read ahead stop, the
    transaction ends and the connection still answers."""
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 3)
    request = RequestFactory().get("/")
    request.user = _user("mo")
    auth_request: AuthenticatedHttpRequest = request  # type: ignore[assignment]
    _, values, plan = views.register_csv_values(auth_request, "gifts-and-hospitality")
    stream = exports._stream(values, plan)
    read = [next(stream) for _ in range(3)]  # the header and two blocks of rows
    stream.close()
    assert len(_references(b"".join(read))) == 6
    assert not [t for t in threading.enumerate() if t.name == "csv-fetch-ahead"]
    assert Declaration.objects.filter(kind=K.GIFT_HOSPITALITY).exists()
