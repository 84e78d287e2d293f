"""On PostgreSQL, the register sort indexes also carry what tells a current version.

A register page is found in two steps: the keys of its rows, then the rows (``core.paging``). The
first step walks the index of the sort order and checks each row is its declaration's current
version. With the version number in the sort index and the declaration's kind and current number
in an index of its own, that walk reads indexes only, never the tables, however deep the page.

The sort indexes keep their names and columns (Django's model state is unchanged); PostgreSQL
builds them again with ``INCLUDE``. SQLite has no such indexes and keeps the plain ones.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

#: (index, table, key columns) of the sort indexes made in 0012.
SORT_INDEXES = (
    ("gift_by_value", "declarations_gifthospitalityversion", "value, declaration_id"),
    ("gift_by_offered_on", "declarations_gifthospitalityversion", "offered_on, declaration_id"),
    ("interest_by_starts_on", "declarations_interestversion", "starts_on, declaration_id"),
    ("version_by_starts_on", "declarations_declarationversion", "starts_on, declaration_id"),
)
CURRENT = "declaration_current_version"


def _build(schema_editor: BaseDatabaseSchemaEditor, *, covering: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in SORT_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        include = " INCLUDE (number)" if covering else ""
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{table}" ({columns}){include}')
    if covering:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{CURRENT}" ON "declarations_declaration" (id) '
            "INCLUDE (kind, current_version_number)"
        )
    else:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{CURRENT}"')


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _build(schema_editor, covering=True)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _build(schema_editor, covering=False)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0013_search_text_covers_details")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
