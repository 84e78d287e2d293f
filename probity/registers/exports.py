"""CSV downloads that are safe to open in a spreadsheet, streamed from plain value rows.

A register's CSV can hold a million rows. It is read as tuples (``values_list``) of just the
fields its columns need, joined in the one query, through a server-side cursor on PostgreSQL,
and written a batch of rows at a time as the client reads: the first byte leaves at once and
the worker's memory holds one batch, whatever the size of the register.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from probity.core.http import AuthenticatedHttpRequest
from probity.core.spreadsheets import FORMULA_FIRST
from probity.core.spreadsheets import spreadsheet_safe as spreadsheet_safe  # also for callers
from probity.declarations.kinds import Column, CsvCell

#: Rows fetched from the database at a time, and written to the client in one piece.
ROWS_PER_CHUNK = 2000
BOM = "\ufeff"  # so spreadsheet programs read UTF-8 correctly

Row = Sequence[Any]


@dataclass(frozen=True)
class CsvPlan:
    """What a CSV of these columns reads (fields and annotations, each once) and how a row of
    those values becomes the row of cells written."""

    header: list[str]
    fields: tuple[str, ...]
    annotations: dict[str, Any]
    cells: Callable[[Row], list[str]]


def _row_function(cells: Sequence[CsvCell], at: dict[str, int]) -> Callable[[Row], list[str]]:
    """One function from a row of values to its list of cells, written out for these columns
    (``r[0]``, ``t3(r[4], r[5])``...): a row is one call, where a loop would make several for
    each cell. Text that could start a formula goes through ``spreadsheet_safe``; the usual
    text, checked in line, is written as it is."""
    scope: dict[str, Any] = {"safe": spreadsheet_safe, "FIRST": FORMULA_FIRST}
    parts = []
    for n, cell in enumerate(cells):
        args = ", ".join(f"r[{at[name]}]" for name in cell.fields)
        if cell.text is None:
            if len(cell.fields) != 1:
                raise ValueError("A cell without a text function reads exactly one field.")
            value = args
        else:
            scope[f"t{n}"] = cell.text
            value = f"t{n}({args})"
        if cell.safe:
            parts.append(value)
        else:
            parts.append(
                f"(x if (x := {value}).__class__ is str and x[:1] not in FIRST"
                f' and "\\x00" not in x else safe(x))'
            )
    source = "def cells(r):\n    return [\n        " + ",\n        ".join(parts) + ",\n    ]\n"
    # The source holds only indexes and names made above, never data.
    exec(compile(source, "<csv row>", "exec"), scope)  # noqa: S102
    function: Callable[[Row], list[str]] = scope["cells"]
    return function


def csv_plan(columns: Sequence[Column]) -> CsvPlan:
    fields: dict[str, int] = {}
    annotations: dict[str, Any] = {}
    cells = []
    for column in columns:
        if column.csv is None:
            raise ValueError(f"The column {column.label!r} has no reading for the CSV.")
        cells.append(column.csv)
        for name, expression in column.csv.annotations:
            annotations.setdefault(name, expression)
        for name in column.csv.fields:
            fields.setdefault(name, len(fields))
    return CsvPlan(
        header=[spreadsheet_safe(c.label) for c in columns],
        fields=tuple(fields),
        annotations=annotations,
        cells=_row_function(cells, fields),
    )


def csv_values(rows: QuerySet[Any], plan: CsvPlan) -> QuerySet[Any]:
    """The plain value rows a CSV of ``plan`` streams, from the rows (and order) given."""
    annotated: QuerySet[Any] = rows.annotate(**plan.annotations)
    return annotated.values_list(*plan.fields)


class _Lines:
    """A file for ``csv.writer`` that keeps what is written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def _stream(values: QuerySet[Any], plan: CsvPlan) -> Iterator[bytes]:
    lines = _Lines()
    writer = csv.writer(lines)
    lines.write(BOM)
    writer.writerow(plan.header)
    yield lines.take()  # the first byte leaves before the query runs
    # On PostgreSQL a transaction keeps the cursor on the server without materialising the
    # whole result (a cursor outside one is declared WITH HOLD, which copies every row first).
    connection = connections[values.db]
    on_postgresql = connection.vendor == "postgresql"
    with transaction.atomic(using=values.db) if on_postgresql else nullcontext():
        if on_postgresql:
            # Plan for reading every row, as COPY would, not for the first tenth of them (the
            # default for a cursor): hash joins and one sort rather than a nested loop per row.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        rows = values.iterator(chunk_size=ROWS_PER_CHUNK)
        cells = plan.cells
        for batch in _batches(rows, ROWS_PER_CHUNK):
            writer.writerows(map(cells, batch))
            yield lines.take()


def _batches(items: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    append = batch.append
    for item in items:
        append(item)
        if len(batch) == size:
            yield batch
            batch.clear()
    if batch:
        yield batch


def streamed_csv(*, filename: str, values: QuerySet[Any], plan: CsvPlan) -> StreamingHttpResponse:
    """The CSV of these value rows, streamed as the client reads it."""
    response = StreamingHttpResponse(_stream(values, plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bench_csv_queryset(request: HttpRequest, slug: str) -> QuerySet[Any]:
    """The value rows the register's CSV streams for this viewer and query string, for the
    benchmark to time PostgreSQL ``COPY`` of the same query beside the download."""
    from probity.registers.views import register_csv_values

    return register_csv_values(cast(AuthenticatedHttpRequest, request), slug)[1]


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A small table (a dashboard's, say) as a CSV written at once, safe in a spreadsheet."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 correctly
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
