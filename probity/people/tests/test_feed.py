"""The HR file planner, row by row: what each kind of row does, and every kind of bad row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from probity.people.feed import (
    COLUMNS,
    Current,
    FeedRow,
    Organisation,
    header_problems,
    plan,
)
from probity.people.feed_files import FileProblem, read_csv, read_file, template_csv, write_csv

TODAY = dt.date(2027, 3, 3)
ORG = Organisation.of(
    grades=["Scale E", "Scale G"],
    services={"Planning": "Place", "Housing Options": "People"},
    directorates=["Place", "People"],
)


def cells(**changes: str) -> dict[str, str]:
    base = {
        "employee_number": "E1",
        "first_name": "Ann",
        "last_name": "Able",
        "email": "ann@example.org",
        "job_title": "Officer",
        "grade": "Scale E",
        "service": "Planning",
        "directorate": "Place",
        "line_manager_employee_number": "",
        "start_date": "2020-04-01",
        "end_date": "",
        "kind": "employee",
    }
    base.update(changes)
    return base


def rows(*many: dict[str, str]) -> list[FeedRow]:
    return [FeedRow(number=n, cells=c) for n, c in enumerate(many, start=2)]


def current(number: str, person_id: int, **changes: Any) -> Current:
    not_in_feed = changes.pop("not_in_feed", False)
    kept = changes.pop("kept_by_hr", True)
    record = {
        "full_name": "Ann Able",
        "email": "ann@example.org",
        "job_title": "Officer",
        "grade": "Scale E",
        "service": "Planning",
        "line_manager": "",
        "start_date": "2020-04-01",
        "leaving_date": "",
        "kind": "employee",
    }
    record.update(changes)
    return Current(person_id, number, record, not_in_feed=not_in_feed, kept_by_hr=kept)


def run(feed: list[FeedRow], people: list[Current] = (), full: bool = False):  # type: ignore[assignment, no-untyped-def]
    return plan(
        feed, current={p.employee_number: p for p in people}, org=ORG, full=full, today=TODAY
    )


def test_a_new_row_is_an_add_in_the_files_terms() -> None:
    result = run(rows(cells()))
    assert [a.employee_number for a in result.adds] == ["E1"]
    assert result.adds[0].record["full_name"] == "Ann Able"
    assert result.adds[0].record["kind"] == "employee"
    assert result.applicable and result.changes_anything


def test_the_same_person_again_is_unchanged() -> None:
    result = run(rows(cells()), [current("E1", 1)])
    assert result.unchanged == 1
    assert not result.changes_anything


def test_names_and_case_of_lookups_do_not_make_changes() -> None:
    result = run(
        rows(cells(grade="scale e", service="PLANNING", directorate="place", first_name=" Ann ")),
        [current("E1", 1)],
    )
    assert result.unchanged == 1


def test_a_change_lists_only_the_fields_that_differ() -> None:
    result = run(rows(cells(job_title="Senior Officer", grade="Scale G")), [current("E1", 1)])
    (change,) = result.changes
    assert change.before == {"job_title": "Officer", "grade": "Scale E"}
    assert change.after == {"job_title": "Senior Officer", "grade": "Scale G"}


def test_a_change_of_manager() -> None:
    result = run(
        rows(cells(line_manager_employee_number="M2")),
        [current("E1", 1, line_manager="M1"), current("M1", 2), current("M2", 3)],
    )
    assert result.changes[0].after == {"line_manager": "M2"}


def test_an_end_date_makes_a_leaver() -> None:
    result = run(rows(cells(end_date="2027-03-31")), [current("E1", 1)])
    assert [c.employee_number for c in result.leavers] == ["E1"]
    assert not result.changes


def test_dates_in_uk_form_are_read() -> None:
    result = run(rows(cells(start_date="01/04/2020")), [current("E1", 1)])
    assert result.unchanged == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (cells(employee_number=""), "employee_number is missing"),
        (cells(first_name=""), "first_name is missing"),
        (cells(last_name=""), "last_name is missing"),
        (cells(email=""), "email is missing"),
        (cells(email="ann.example.org"), "is not an email address"),
        (cells(email="ann@example"), "is not an email address"),
        (cells(grade="Scale Q"), "unknown grade 'Scale Q'"),
        (cells(service="Parks"), "unknown service 'Parks'"),
        (cells(directorate="Nowhere"), "unknown directorate 'Nowhere'"),
        (cells(directorate="People"), "is in the directorate 'Place', not 'People'"),
        (cells(start_date="2027-02-30"), "bad date in start_date: '2027-02-30'"),
        (cells(start_date="yesterday"), "bad date in start_date"),
        (cells(end_date="31/13/2027"), "bad date in end_date"),
        (cells(start_date="2027-03-01", end_date="2027-02-01"), "end_date is before start_date"),
        (cells(kind="councillor"), "bad kind 'councillor'"),
        (cells(line_manager_employee_number="E1"), "own line manager"),
        (cells(line_manager_employee_number="X9"), "unknown manager"),
        (cells(job_title="x" * 151), "job_title is longer than 150"),
        (cells(employee_number="9" * 41), "employee_number is longer than 40"),
    ],
)
def test_bad_rows_are_named_with_their_row_and_reason(row: dict[str, str], reason: str) -> None:
    result = run(rows(cells(employee_number="OK1"), row))
    (error,) = result.errors
    assert error.row == 3
    assert reason in error.reason
    assert not result.applicable
    assert [a.employee_number for a in result.adds] == ["OK1"]


def test_a_duplicate_employee_number_names_the_first_row() -> None:
    result = run(rows(cells(), cells(email="other@example.org")))
    (error,) = result.errors
    assert (error.row, error.reason) == (3, "duplicate employee number: E1 is also on row 2")


def test_a_manager_loop_in_the_file_is_named_on_every_row_in_it() -> None:
    result = run(
        rows(
            cells(employee_number="A", line_manager_employee_number="B"),
            cells(employee_number="B", line_manager_employee_number="C"),
            cells(employee_number="C", line_manager_employee_number="A"),
            cells(employee_number="D", line_manager_employee_number="A"),
        )
    )
    assert [e.row for e in result.errors] == [2, 3, 4]
    assert result.errors[0].reason == "manager loop: A → B → C → A"
    assert [a.employee_number for a in result.adds] == ["D"]


def test_a_loop_through_people_already_recorded() -> None:
    # M1 is recorded as reporting to E1; the file makes E1 report to M1.
    result = run(
        rows(cells(line_manager_employee_number="M1")),
        [current("E1", 1), current("M1", 2, line_manager="E1")],
    )
    assert result.errors[0].reason == "manager loop: E1 → M1 → E1"


def test_a_manager_can_be_a_new_starter_later_in_the_file() -> None:
    result = run(
        rows(
            cells(employee_number="E2", line_manager_employee_number="E3"),
            cells(employee_number="E3", email="boss@example.org"),
        )
    )
    assert len(result.adds) == 2 and not result.errors


def test_someone_hr_does_not_keep_is_not_changed_by_the_file() -> None:
    result = run(rows(cells()), [current("E1", 1, kind="councillor", kept_by_hr=False)])
    assert "HR does not keep" in result.errors[0].reason


def test_a_full_file_lists_the_missing_and_deletes_nobody() -> None:
    people = [
        current("E1", 1),
        current("GONE", 2),
        current("LISTED", 3, not_in_feed=True),
        current("LEFT", 4, leaving_date="2026-01-01"),
        current("CLLR", 5, kept_by_hr=False),
    ]
    result = run(rows(cells()), people, full=True)
    assert sorted(p.employee_number for p in result.missing) == ["GONE", "LISTED"]
    assert result.newly_missing == [2]
    partial = run(rows(cells()), people, full=False)
    assert not partial.missing and not partial.newly_missing


def test_someone_listed_as_missing_who_is_back_comes_off_the_list() -> None:
    result = run(rows(cells()), [current("E1", 1, not_in_feed=True)], full=True)
    assert result.back_in == [1]
    assert result.unchanged == 1 and result.changes_anything


def test_the_digest_follows_what_would_be_written() -> None:
    one = run(rows(cells()))
    assert one.digest() == run(rows(cells())).digest()
    assert one.digest() != run(rows(cells(job_title="Other"))).digest()


def test_header_problems() -> None:
    assert header_problems(list(COLUMNS)) == []
    assert "no column kind" in header_problems(list(COLUMNS[:-1]))[0]
    assert "does not know: shoe_size" in header_problems([*COLUMNS, "shoe_size"])[0]


def test_csv_round_trip_and_row_numbers_skip_blank_lines() -> None:
    data = write_csv([cells(), dict.fromkeys(COLUMNS, ""), cells(employee_number="E2")])
    feed = read_csv(data)
    assert [r.number for r in feed] == [2, 4]
    assert feed[1].cells["employee_number"] == "E2"


def test_the_template_reads_as_an_empty_file() -> None:
    assert read_csv(template_csv()) == []
    assert read_csv("\ufeff".encode() + template_csv()) == []


def test_unreadable_files_say_why() -> None:
    with pytest.raises(FileProblem, match="empty"):
        read_csv(b"")
    with pytest.raises(FileProblem, match="no column"):
        read_csv(b"employee_number,first_name\r\n1,Ann\r\n")
    with pytest.raises(FileProblem, match="not an Excel"):
        read_file("people.xlsx", b"employee_number\r\n")
    with pytest.raises(FileProblem, match="not a readable Excel"):
        read_file("people.xlsx", b"PK\x03\x04garbage")


def test_xlsx_cells_of_every_type_are_read_as_text() -> None:
    from io import BytesIO

    from openpyxl import Workbook

    from probity.people.feed_files import template_xlsx

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            1234,
            "Ann",
            "Able",
            "ann@example.org",
            None,
            "Scale E",
            "Planning",
            None,
            99.0,
            dt.datetime(2020, 4, 1),
            dt.date(2027, 3, 31),
            None,
        ]
    )
    out = BytesIO()
    workbook.save(out)
    (row,) = read_file("people.xlsx", out.getvalue())
    assert row.cells["employee_number"] == "1234"
    assert row.cells["line_manager_employee_number"] == "99"
    assert row.cells["start_date"] == "2020-04-01"
    assert row.cells["end_date"] == "2027-03-31"
    assert row.cells["job_title"] == ""
    assert read_file("template.xlsx", template_xlsx()) == []
