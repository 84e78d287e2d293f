"""Reading HR files (CSV or Excel .xlsx) into rows for the planner, and the blank templates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable

from probity.people.feed import COLUMNS, FeedRow, header_problems

XLSX_MAGIC = b"PK\x03\x04"
#: What is wrong with a file's header row (no problems: an empty list).
HeaderCheck = Callable[[list[str]], list[str]]


class FileProblem(ValueError):
    """The file cannot be read as an HR file at all (rather than one row being wrong)."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(
    records: Iterable[list[object]], header_check: HeaderCheck = header_problems
) -> tuple[list[str], list[FeedRow]]:
    iterator = iter(records)
    header_cells = next(iterator, None)
    if header_cells is None:
        raise FileProblem("The file is empty")
    header = [_cell(h).lower() for h in header_cells]
    while header and not header[-1]:
        header.pop()
    problems = header_check(header)
    if problems:
        raise FileProblem(". ".join(problems))
    rows: list[FeedRow] = []
    for index, record in enumerate(iterator, start=2):
        cells = [_cell(v) for v in record]
        if not any(cells):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        rows.append(FeedRow(number=index, cells=values))
    return header, rows


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("The file is not text in a known encoding; save it as CSV UTF-8")


def read_csv(data: bytes, *, header_check: HeaderCheck = header_problems) -> list[FeedRow]:
    text = _decode(data)
    try:
        _, rows = _rows(csv.reader(io.StringIO(text, newline="")), header_check)  # type: ignore[arg-type]
    except csv.Error as exc:
        raise FileProblem(f"The file is not a readable CSV file: {exc}") from exc
    return rows


def read_xlsx(data: bytes, *, header_check: HeaderCheck = header_problems) -> list[FeedRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FileProblem("The file is not a readable Excel (.xlsx) file") from exc
    try:
        sheet = workbook.worksheets[0]
        _, rows = _rows((list(r) for r in sheet.iter_rows(values_only=True)), header_check)
    finally:
        workbook.close()
    return rows


def read_file(
    name: str, data: bytes, *, header_check: HeaderCheck = header_problems
) -> list[FeedRow]:
    """Rows of a CSV or XLSX file, told apart by their content (the name is only a hint).
    ``header_check`` says what the header row must have (an HR file's columns by default)."""
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, header_check=header_check)
    if name.lower().endswith(".xlsx"):
        raise FileProblem("The file is named .xlsx but is not an Excel workbook")
    return read_csv(data, header_check=header_check)


EXAMPLE = {
    "employee_number": "100234",
    "first_name": "Priya",
    "last_name": "Shah",
    "email": "priya.shah@example.org",
    "job_title": "Planning Officer",
    "grade": "Scale E",
    "service": "Planning",
    "directorate": "Place",
    "line_manager_employee_number": "100101",
    "start_date": "2026-04-01",
    "end_date": "",
    "kind": "employee",
}


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.create_sheet("People", 0)
    del workbook[workbook.sheetnames[1]]
    sheet.append(list(COLUMNS))
    notes = workbook.create_sheet("How to fill it in")
    notes.append(["Column", "Example", "Notes"])
    for column in COLUMNS:
        notes.append([column, EXAMPLE[column], COLUMN_NOTES[column]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_csv(records: Iterable[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


COLUMN_NOTES = {
    "employee_number": "Required. HR's number for the person; unique in the file.",
    "first_name": "Required.",
    "last_name": "Required.",
    "email": "Required. Their work email address.",
    "job_title": "Optional.",
    "grade": "Optional. One of the grades set up in Probity (any case).",
    "service": "Optional. One of the services set up in Probity (any case).",
    "directorate": "Optional. If given, it must be the service's directorate.",
    "line_manager_employee_number": "Optional. Someone in the file or already in Probity.",
    "start_date": "Optional. YYYY-MM-DD (or DD/MM/YYYY).",
    "end_date": "Optional. Their last day; set it when they leave.",
    "kind": "employee (if empty), contractor or agency.",
}
