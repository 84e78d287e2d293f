"""The shared date input: every input gets a GOV.UK message, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from probity.core import clock
from probity.core.forms import date_example, date_field

ABSURD = "12345678901234567890"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["3", "10", "2026"], dt.date(2026, 10, 3)),
        ([" 03 ", "010", "2026"], dt.date(2026, 10, 3)),
        (["29", "2", "2028"], dt.date(2028, 2, 29)),
    ],
)
def test_real_dates_are_accepted(parts: list[str], expected: dt.date) -> None:
    assert date_field("Date offered").clean(parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (["", "", ""], "Enter date offered"),
        (["1", "", "2026"], "Date offered must include a month"),
        (["", "3", "2026"], "Date offered must include a day"),
        (["1", "3", ""], "Date offered must include a year"),
        (["", "", "2026"], "Date offered must include a day and month"),
        (["31", "2", "2026"], "Date offered must be a real date"),
        (["0", "1", "2026"], "Date offered must be a real date"),
        (["1", "13", "2026"], "Date offered must be a real date"),
        (["1", "1", "0000"], "Date offered must be a real date"),
        ([ABSURD, "1", "2026"], "Date offered must be a real date"),
        (["1", ABSURD, "2026"], "Date offered must be a real date"),
        (["1", "1", ABSURD], "Date offered must be a real date"),
        (["1", "1", "99999"], "Date offered must be a real date"),
        (["first", "1", "2026"], "Date offered must be a real date"),
        (["-1", "1", "2026"], "Date offered must be a real date"),
        (["1.5", "1", "2026"], "Date offered must be a real date"),
        (["1", "1", "26"], "The year in date offered must include 4 numbers"),
    ],
)
def test_bad_dates_get_govuk_messages(parts: list[str], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        date_field("Date offered").clean(parts)
    assert error.value.messages == [message]


def test_an_optional_date_left_blank_is_none() -> None:
    assert date_field("Date it ended", required=False).clean(["", "", ""]) is None


def test_an_optional_date_half_filled_is_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="must include a year"):
        date_field("Date it ended", required=False).clean(["1", "3", ""])


@pytest.mark.parametrize(
    ("when", "today", "hint"),
    [
        ("past", dt.date(2026, 12, 2), "For example, 3 10 2026"),
        ("future", dt.date(2026, 12, 2), "For example, 31 1 2027"),
        ("past", dt.date(2027, 1, 15), "For example, 16 11 2026"),
    ],
)
def test_hints_show_a_date_the_field_accepts(when: str, today: dt.date, hint: str) -> None:
    assert date_example(when, today) == hint  # type: ignore[arg-type]


def test_the_hint_is_worked_out_when_the_form_is_shown() -> None:
    field = date_field("Date offered", help_text="Use the date on the invitation.")
    with clock.frozen(dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)):
        assert str(field.help_text) == "For example, 3 10 2026. Use the date on the invitation."
