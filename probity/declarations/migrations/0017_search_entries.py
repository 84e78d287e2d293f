"""Search entries: one narrow row per declaration with its current search text (ADR 0017).

Filled from the current versions, in the order they were declared, so that reading the newest
entries in order reads neighbouring pages. On PostgreSQL a trigram index serves the text.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VERSION_TABLES = (
    "declarations_gifthospitalityversion",
    "declarations_interestversion",
    "declarations_declarationversion",
)
TRIGRAM = "declarations_searchentry_text_trgm"
SAMPLE = 1000
STATISTICS = (
    ("declarations_searchentry", "text"),
    *((table, "search_text") for table in VERSION_TABLES),
)


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    current = " UNION ALL ".join(
        f"SELECT declaration_id, search_text FROM {table} WHERE is_current"  # noqa: S608 - fixed table names
        for table in VERSION_TABLES
    )
    schema_editor.execute(
        "INSERT INTO declarations_searchentry (declaration_id, submitted_at, text) "  # noqa: S608 - fixed table names
        f"SELECT d.id, d.submitted_at, v.search_text FROM ({current}) v "
        "JOIN declarations_declaration d ON d.id = v.declaration_id ORDER BY d.submitted_at, d.id"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {TRIGRAM} ON declarations_searchentry USING gin (text gin_trgm_ops)"
        )
        # A finer sample of the text, so the planner knows how common a word is: reading the
        # newest entries in order for a common one, the trigram index for a rare one.
        for table, column in STATISTICS:
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {SAMPLE}"
            )


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM}")
    schema_editor.execute("DELETE FROM declarations_searchentry")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0016_current_version_flag")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "declaration",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="declarations.declaration",
                    ),
                ),
                ("submitted_at", models.DateTimeField()),
                ("text", models.TextField(blank=True, default="")),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(fields=["submitted_at", "declaration"], name="search_entry_newest")
                ],
            },
        ),
        migrations.RunPython(fill, empty, elidable=False),
    ]
