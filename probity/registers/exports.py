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
from django.http import HttpRequest, StreamingHttpResponse

from probity.core.http import AuthenticatedHttpRequest
from probity.declarations.kinds import Column, CsvCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Rows fetched from the database at a time, and written to the client in one piece.
ROWS_PER_CHUNK = 2000
BOM = "\ufeff"  # so spreadsheet programs read UTF-8 correctly


def spreadsheet_safe(value: object) -> str:
    """Text a spreadsheet will never run as a formula (OWASP CSV injection guidance)."""
    text = "" if value is None else str(value)
    text = text.replace("\x00", "")
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


Row = Sequence[Any]


@dataclass(frozen=True)
class CsvPlan:
    """What a CSV of these columns reads (fields and annotations, each once) and how a row of
    those values becomes the row of cells written."""

    header: list[str]
    fields: tuple[str, ...]
    annotations: dict[str, Any]
    cells: Callable[[Row], list[str]]


def _reader(cell: CsvCell, at: dict[str, int]) -> Callable[[Row], str]:
    safe = spreadsheet_safe
    text = cell.text
    if text is None:
        (i,) = (at[f] for f in cell.fields)
        return lambda row: safe(row[i])
    if len(cell.fields) == 1:
        i = at[cell.fields[0]]
        return lambda row: safe(text(row[i]))
    places = [at[f] for f in cell.fields]
    return lambda row: safe(text(*[row[i] for i in places]))


def csv_plan(columns: Sequence[Column]) -> CsvPlan:
    fields: dict[str, int] = {}
    annotations: dict[str, Any] = {}
    for column in columns:
        if column.csv is None:
            raise ValueError(f"The column {column.label!r} has no reading for the CSV.")
        for name, expression in column.csv.annotations:
            annotations.setdefault(name, expression)
        for name in column.csv.fields:
            fields.setdefault(name, len(fields))
    readers = [_reader(c.csv, fields) for c in columns if c.csv is not None]

    def cells(row: Row) -> list[str]:
        return [read(row) for read in readers]

    return CsvPlan(
        header=[spreadsheet_safe(c.label) for c in columns],
        fields=tuple(fields),
        annotations=annotations,
        cells=cells,
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
    on_postgresql = connections[values.db].vendor == "postgresql"
    with transaction.atomic(using=values.db) if on_postgresql else nullcontext():
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
