"""The pure readings of CSV cells from plain values, against the functions the pages use."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import DateTimeField, Value
from django.db.models.sql import Query

from probity.core.spreadsheets import spreadsheet_safe
from probity.core.templatetags.probity import uk_datetime
from probity.declarations.consents import Consent, consent_of_rows
from probity.declarations.kinds import _MomentText, _uk_datetime_of_text
from probity.registers.exports import _Lines, _write_rows


def _moments() -> list[dt.datetime]:
    """Every quarter hour of the days around the clock changes, and odd seconds elsewhere."""
    found = []
    for day in (dt.date(2027, 3, 27), dt.date(2027, 10, 30), dt.date(1995, 12, 31)):
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        found += [start + dt.timedelta(minutes=15 * n, seconds=n % 60) for n in range(4 * 72)]
    found.append(dt.datetime(2027, 6, 1, 23, 59, 59, 999999, tzinfo=dt.UTC))
    return found


@pytest.mark.parametrize("moment", _moments())
def test_a_moment_read_as_text_is_written_as_the_pages_write_it(moment: dt.datetime) -> None:
    expected = uk_datetime(moment)
    naive = moment.replace(tzinfo=None)
    texts = [
        naive.isoformat(" "),  # SQLite
        naive.isoformat(" ") + "+00",  # PostgreSQL in UTC
        moment.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30))).isoformat(" "),
        moment.astimezone(dt.timezone(dt.timedelta(hours=-3))).isoformat(" ")[:-3],
    ]
    for text in texts:
        assert _uk_datetime_of_text(text) == expected, text


@pytest.mark.django_db
def test_the_database_reads_a_moment_as_the_pages_write_it() -> None:
    """On PostgreSQL the database writes the words itself (in London time, by its own zone
    rules); elsewhere it gives the ISO text read above. Either way, the page's words."""
    query = Query(None)
    compiler = query.get_compiler(connection=connection)
    with connection.cursor() as cursor:
        for moment in _moments():
            expression = _MomentText(Value(moment, output_field=DateTimeField()))
            sql, params = compiler.compile(expression.resolve_expression(query))
            cursor.execute(f"SELECT {sql}", params)
            text = cursor.fetchone()[0]
            assert _uk_datetime_of_text(text) == uk_datetime(moment), (moment, text)


def test_no_moment_is_empty() -> None:
    assert _uk_datetime_of_text(None) == ""
    assert _uk_datetime_of_text("") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, Consent("", None)),
        ("[]", Consent("", None)),
        (
            '[["2027-03-02 10:00:01", 7, " Second. ", "2028-01-01"],'
            ' ["2027-03-02 10:00:00", 9, "First.", null],'
            ' ["2027-03-02 10:00:01", 3, "First.", "2027-12-31"],'
            ' ["2027-03-03T10:00:00+00:00", 1, "", null]]',
            Consent("First. Second.", dt.date(2027, 12, 31)),
        ),
    ],
)
def test_consents_add_up_as_on_the_page(raw: str | None, expected: Consent) -> None:
    assert consent_of_rows(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1", "'=1"), ("a\x00=b", "a=b"), ("\x00=b", "'=b"), (12, "12"), ("", ""), (None, "")],
)
def test_spreadsheet_safe_edges(value: object, expected: str) -> None:
    assert spreadsheet_safe(value) == expected


@pytest.mark.parametrize(
    "rows",
    [
        [["GH-1", "Ann", "", "3 March 2027"], ["GH-2", "a, b", "c", ",", ""]],
        [["one", 'say "hi"', "x"], ["line\nbreak", "y", "z"], ["cr\r", "q", ","]],
        [["a", None, Decimal("12.50"), 3, True], ["b", "c", "d", "e", "f"]],
        [[""], ["solo"], [None], ["a,b"], ["a", "b", "c"], ["a,b", "c"]],
        [["Café, Zoë", "東京 ✓ €", "'=SUM(A1)"], ["\ttab", "x", "y"]],
    ],
)
def test_rows_are_written_as_the_csv_writer_writes_them(rows: list[list[Any]]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected).writerows(rows)
    lines = _Lines()
    _write_rows(iter(rows), lines, csv.writer(lines))
    assert lines.take() == expected.getvalue().encode("utf-8")
