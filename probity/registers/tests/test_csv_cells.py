"""The pure readings of CSV cells from plain values, against the functions the pages use."""

from __future__ import annotations

import datetime as dt

import pytest

from probity.core.spreadsheets import spreadsheet_safe
from probity.core.templatetags.probity import uk_datetime
from probity.declarations.consents import Consent, consent_of_rows
from probity.declarations.kinds import _uk_datetime_of_text


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
