"""Inserting many rows in one pass: PostgreSQL ``COPY``, or ``bulk_create`` elsewhere.

For imports of tens of thousands of rows, where building an INSERT statement in Python costs
more than the database's work. Only inserts; ids are not returned (read them back by a natural
key). JSON values are given as Python values and written as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def copy_statement(model: type[models.Model], fields: Sequence[models.Field[Any, Any]]) -> str:
    """PostgreSQL's ``COPY … FROM STDIN`` into ``model``'s table, these columns in this order (the
    names come from the model, never from input)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in the order of ``attnames``) into ``model``'s table."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    json_at = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor
            with raw.copy(copy_statement(model, fields)) as copy:
                for row in rows:
                    copy.write_row(
                        [
                            json.dumps(v) if i in json_at and v is not None else v
                            for i, v in enumerate(row)
                        ]
                    )
                    count += 1
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(attnames, row, strict=True))))
        count += 1
        if len(batch) >= 500:
            model._default_manager.bulk_create(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
    return count
