"""On PostgreSQL, an index of declarations by id that carries the declarant (ADR 0017 addendum).

A register filtered by directorate, service or person finds its candidate versions first (by a
search or dates), then needs each one's declarant. This index answers that from the index alone
(an index-only scan), instead of reading each declaration's row: at a million declarations it
took the filtered, searched gifts register's query from about 110 ms to about 40 ms of one core.
Other databases read the table, as before.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

NAME = "declaration_declarant_cover"


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON declarations_declaration (id) '
            "INCLUDE (declarant_id)"
        )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("declarations", "0018_queue_actionable")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
