"""CSV downloads that are safe to open in a spreadsheet, streamed from plain value rows.

A register's CSV can hold a million rows. It is read as tuples (``values_list``) of just the
fields its columns need, joined in the one query, through a server-side cursor on PostgreSQL,
and written a batch of rows at a time as the client reads: the first byte leaves at once and
the worker's memory holds one batch, whatever the size of the register.
"""

from __future__ import annotations

import csv
import queue
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, cast

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from probity.core.http import AuthenticatedHttpRequest
from probity.core.spreadsheets import FORMULA_FIRST
from probity.core.spreadsheets import spreadsheet_safe as spreadsheet_safe  # also for callers
from probity.declarations.kinds import Column, CsvCell

#: Rows fetched from the database at a time, and written to the client in one piece.
ROWS_PER_CHUNK = 2000
#: How long the thread fetching rows ahead waits, at most, before it looks again whether the
#: download was given up (a client gone away), in seconds.
_HAND_OVER_WAIT = 0.05
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
    scope: dict[str, Any] = {"safe": spreadsheet_safe, "FIRST": FORMULA_FIRST, "str": str}
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
            if cell.labels is not None:
                # The usual values' texts looked up in line; the function for any other.
                scope[f"l{n}"] = cell.labels
                value = f"(l{n}.get({args}) or {value})"
        if cell.safe and cell.text is None:
            # Written as text here, as the CSV writer would (str; nothing for None), so the
            # row's cells can be joined (``_write_rows``).
            parts.append(f'("" if (x := {value}) is None else x if x.__class__ is str else str(x))')
        elif cell.safe:
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
        self.write: Callable[[str], object] = self.parts.append

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def _write_rows(rows: Iterable[list[str]], lines: _Lines, writer: Any) -> None:
    """Write rows of cells to ``lines`` exactly as ``writer`` (a ``csv.writer`` of the default
    dialect, writing to ``lines``) would, faster.

    The writer looks at every character of every cell, a good part of a download's time. Most
    rows need no quoting: joined with commas, a row with no quote, no line break and no comma
    but those between its cells is written as it is; a row whose only awkward character is a
    comma has the cells holding one quoted. Any other row, or one with a cell that is not
    text, is left to the writer."""
    append = lines.write
    for cells in rows:
        commas = len(cells) - 1
        if commas < 1:  # a row of one cell has rules of its own (an empty one is quoted)
            writer.writerow(cells)
            continue
        try:
            line = ",".join(cells)
        except TypeError:  # a cell that is not text
            writer.writerow(cells)
            continue
        if '"' in line or "\n" in line or "\r" in line:
            writer.writerow(cells)
            continue
        if line.count(",") != commas:
            line = ",".join([f'"{cell}"' if "," in cell else cell for cell in cells])
        append(line)
        append("\r\n")


def _stream(values: QuerySet[Any], plan: CsvPlan) -> Generator[bytes, None, None]:
    lines = _Lines()
    writer = csv.writer(lines)
    lines.write(BOM)
    writer.writerow(plan.header)
    yield lines.take()  # the first byte leaves before the query runs
    cells = plan.cells
    connection = connections[values.db]
    if connection.vendor != "postgresql":
        for batch in _batches(values.iterator(chunk_size=ROWS_PER_CHUNK), ROWS_PER_CHUNK):
            _write_rows(map(cells, batch), lines, writer)
            yield lines.take()
        return
    # A transaction keeps the cursor on the server without materialising the whole result (a
    # cursor outside one is declared WITH HOLD, which copies every row first).
    with transaction.atomic(using=values.db):
        # Plan for reading every row, as COPY would, not for the first tenth of them (the
        # default for a cursor): hash joins and one sort rather than a nested loop per row.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        # Closed before the transaction ends, however the download ends (the thread stops).
        with closing(_fetched_ahead(values)) as blocks:
            for block in blocks:
                _write_rows(map(cells, block), lines, writer)
                yield lines.take()


_DONE = object()


def _fetched_ahead(values: QuerySet[Any]) -> Generator[Iterable[Row], None, None]:
    """The value rows in blocks of ``ROWS_PER_CHUNK`` from a server-side cursor, each fetched
    by a thread of its own while the block before it is written.

    psycopg lets other threads run while it waits for PostgreSQL, so the database's work and
    the writing of the CSV overlap rather than take turns. One block waits at most: memory
    holds the block being written, the one waiting and the one being fetched. Rows come out
    as ``values_list`` gives them (the same converters, for JSON say)."""
    compiler = values.query.get_compiler(using=values.db)
    # The query is declared here, in this thread, on this request's connection.
    blocks = compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=ROWS_PER_CHUNK)
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    ahead: queue.Queue[object] = queue.Queue(maxsize=1)
    given_up = threading.Event()

    def hand_over(item: object) -> bool:
        while not given_up.is_set():
            try:
                ahead.put(item, timeout=_HAND_OVER_WAIT)
            except queue.Full:
                continue
            return True
        return False

    def fetch() -> None:
        try:
            for block in blocks:
                if not hand_over(block):
                    return
        except Exception as error:  # raised again in the thread that writes
            hand_over(error)
            return
        finally:
            close = getattr(blocks, "close", None)  # closes the cursor on the server
            if close is not None:
                close()
        hand_over(_DONE)

    fetcher = threading.Thread(target=fetch, name="csv-fetch-ahead", daemon=True)
    fetcher.start()
    try:
        while (item := ahead.get()) is not _DONE:
            if isinstance(item, Exception):
                raise item
            block = cast(list[Row], item)
            yield compiler.apply_converters(block, converters) if converters else block
    finally:
        given_up.set()
        fetcher.join()


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
