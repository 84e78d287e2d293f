"""Writing many generated rows quickly: PostgreSQL ``COPY``, or ``bulk_create`` elsewhere.

Rows are tuples in the order of a ``Table``'s columns, with ids chosen by the caller. Columns of
a model that the caller does not fill (a field added later, with a default) are filled with the
field's default, so a new field never breaks the generator silently. JSON columns are given as
JSON text.

Only inserts are made: the PostgreSQL triggers that refuse UPDATE and DELETE on register tables
stay in place. For a large load on PostgreSQL the big tables' foreign keys and secondary indexes
are set aside and made again afterwards (one pass each, much faster than row by row), inside
the same transaction.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

from probity.core.bulkcopy import copy_statement

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    """The columns of a model that generated rows fill, in row order, then the rest."""

    model: type[models.Model]
    attnames: tuple[str, ...]
    fields: tuple[models.Field[Any, Any], ...]
    extra_values: tuple[Any, ...]
    json_positions: frozenset[int]

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    def position(self, attname: str) -> int:
        return self.attnames.index(attname)


def table(model: type[models.Model], attnames: Sequence[str]) -> Table:
    """Describe the rows of ``model``: ``attnames`` first, every other concrete field after."""
    concrete = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in attnames if name not in concrete]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    extra_fields = [f for name, f in concrete.items() if name not in attnames]
    extra_values = []
    for f in extra_fields:
        if f.default is NOT_PROVIDED and not f.null:
            raise ValueError(
                f"{model.__name__}.{f.name} has no default: the generator must fill it."
            )
        extra_values.append(f.get_default())
    fields = tuple(concrete[name] for name in attnames) + tuple(extra_fields)
    json_positions = frozenset(i for i, f in enumerate(fields) if isinstance(f, models.JSONField))
    extra = tuple(
        json.dumps(v) if i + len(attnames) in json_positions else v
        for i, v in enumerate(extra_values)
    )
    return Table(
        model=model,
        attnames=tuple(f.attname for f in fields),
        fields=fields,
        extra_values=extra,
        json_positions=json_positions,
    )


class Sink:
    """Where generated rows go."""

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Wait until everything written has been stored."""


class CopySink(Sink):
    """PostgreSQL: one ``COPY ... FROM STDIN`` per batch, through psycopg 3.

    With ``background``, batches are written by a thread of their own on the same connection
    (the same transaction), so PostgreSQL stores one batch while the next is being made. The
    caller must not use the connection until ``close``, which waits for the last batch and
    raises whatever error a batch met.
    """

    def __init__(self, *, background: bool = False) -> None:
        self.written: dict[str, int] = {}
        self._queue: queue.Queue[tuple[Table, list[Row]] | None] | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        if background:
            connection.ensure_connection()
            raw = connection.connection
            self._queue = queue.Queue(maxsize=4)
            self._thread = threading.Thread(target=self._run, args=(raw, self._queue), daemon=True)
            self._thread.start()

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        if not rows:
            return
        self.written[table.db_table] = self.written.get(table.db_table, 0) + len(rows)
        if self._queue is None:
            with connection.cursor() as cursor:
                _copy(cursor, table, rows)
            return
        self._raise()
        self._queue.put((table, list(rows)))

    def _run(self, raw: Any, jobs: queue.Queue[tuple[Table, list[Row]] | None]) -> None:
        while True:
            item = jobs.get()
            if item is None:
                return
            if self._error is not None:
                continue  # drain what is left; close() raises the error
            try:
                with raw.cursor() as cursor:
                    _copy(cursor, *item)
            except BaseException as exc:
                self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        if self._thread is not None and self._queue is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        self._raise()


def _copy(cursor: Any, table: Table, rows: Sequence[Row]) -> None:
    extra = table.extra_values
    with cursor.copy(copy_statement(table.model, table.fields)) as copy:
        write_row = copy.write_row
        if extra:
            for row in rows:
                write_row(row + extra)
        else:
            for row in rows:
                write_row(row)


class OrmSink(Sink):
    """Any other database (SQLite): model instances through ``bulk_create``, in batches."""

    batch_size = 500

    def write(self, table: Table, rows: Sequence[Row]) -> None:
        if not rows:
            return
        names = table.attnames
        json_positions = table.json_positions
        instances = []
        for row in rows:
            values = list(row + table.extra_values)
            for i in json_positions:
                values[i] = json.loads(values[i]) if values[i] is not None else None
            instances.append(table.model(**dict(zip(names, values, strict=True))))
        table.model._default_manager.bulk_create(instances, batch_size=self.batch_size)


def sink_for_connection(*, background: bool = False) -> Sink:
    """COPY on PostgreSQL (from a thread of its own with ``background``), else bulk_create."""
    return CopySink(background=background) if connection.vendor == "postgresql" else OrmSink()


# --- PostgreSQL: set foreign keys and secondary indexes aside during a large load ------------


@dataclass(frozen=True)
class SetAside:
    """Definitions of constraints and indexes dropped for a load, to make again after it."""

    foreign_keys: tuple[tuple[str, str, str], ...]  # (table, name, definition)
    indexes: tuple[tuple[str, str], ...]  # (name, CREATE INDEX statement)


def set_aside(tables: Iterable[str]) -> SetAside:
    """Drop the foreign keys and the indexes that back no constraint on these tables
    (PostgreSQL only; inside the caller's transaction, so a failed load puts them back)."""
    names = sorted(set(tables))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [names],
        )
        foreign_keys = tuple((t, n, d) for t, n, d in cursor.fetchall())
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
            "AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            [names],
        )
        indexes = tuple((n, d) for n, d in cursor.fetchall())
        for t, n, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(t)} DROP CONSTRAINT {quote(n)}")
        for n, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(n)}")
    return SetAside(foreign_keys=foreign_keys, indexes=indexes)


def put_back(aside: SetAside) -> None:
    """Make again what ``set_aside`` dropped; foreign keys are checked over the whole table."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _, statement in aside.indexes:
            cursor.execute(statement)
        for t, n, definition in aside.foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(t)} ADD CONSTRAINT {quote(n)} {definition}")


def max_ids(models_: Iterable[type[models.Model]]) -> dict[type[models.Model], int]:
    """The highest id in use in each table (0 when empty)."""
    found: dict[type[models.Model], int] = {}
    for model in models_:
        top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
        found[model] = int(top or 0)
    return found


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """Move each table's id sequence past the ids written (PostgreSQL; SQLite follows itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if not statements:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyse() -> None:
    """Refresh the planner's statistics after a large load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
