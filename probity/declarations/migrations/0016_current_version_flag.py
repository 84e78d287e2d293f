"""Each version says whether it is its declaration's current one (``VersionBase.is_current``).

Registers and search used to find current versions by joining every version to its declaration
and comparing numbers, row by row. With the flag, the indexes that serve each order (and the
trigram indexes of the search text) hold current versions only, so a page's keys, however deep,
are read from one index with no join (see ADR 0017).

The flag is an index kept by the services, not register content: like the search text, the
append-only trigger lets it alone be rewritten (when a newer version takes its place). Every other
column of a version still refuses UPDATE and DELETE.

On PostgreSQL the sort indexes also carry the version's id (``INCLUDE``), which Django's model
state cannot say for SQLite; they are built again here with it, as in 0014.
"""

from __future__ import annotations

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from probity.core.appendonly import protect

TABLES = (
    "declarations_gifthospitalityversion",
    "declarations_interestversion",
    "declarations_declarationversion",
)
#: (index, table, key columns) of the partial sort indexes this migration makes.
SORT_INDEXES = (
    ("gift_current_by_value", "declarations_gifthospitalityversion", "value, declaration_id"),
    (
        "gift_current_by_offered_on",
        "declarations_gifthospitalityversion",
        "offered_on, declaration_id",
    ),
    ("interest_current_by_starts_on", "declarations_interestversion", "starts_on, declaration_id"),
    (
        "version_current_by_starts_on",
        "declarations_declarationversion",
        "starts_on, declaration_id",
    ),
)


#: The columns the append-only trigger lets an UPDATE change alone (0013's, and the flag).
BEFORE = {
    "declarations_gifthospitalityversion": ("search_text",),
    "declarations_interestversion": ("search_text",),
    "declarations_declarationversion": ("sealed", "sealed_reason", "search_text"),
    "declarations_decision": ("sealed_text",),
}
REWRITABLE = {
    table: (*columns, "is_current") if table in TABLES else columns
    for table, columns in BEFORE.items()
}


def mark_current(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    protect(schema_editor, tuple(REWRITABLE), rewritable=REWRITABLE)
    postgresql = schema_editor.connection.vendor == "postgresql"
    for table in TABLES:
        if postgresql:
            schema_editor.execute(
                f"UPDATE {table} v SET is_current = TRUE FROM declarations_declaration d "  # noqa: S608
                "WHERE d.id = v.declaration_id AND v.number = d.current_version_number"
            )
        else:
            schema_editor.execute(
                f"UPDATE {table} SET is_current = TRUE WHERE number = ("  # noqa: S608
                "SELECT d.current_version_number FROM declarations_declaration d "
                f"WHERE d.id = {table}.declaration_id)"
            )


def _indexes(schema_editor: BaseDatabaseSchemaEditor, *, forwards: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in SORT_INDEXES:
        if forwards:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" ({columns}) INCLUDE (id) WHERE is_current'
            )
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        where = " WHERE is_current" if forwards else ""
        schema_editor.execute(
            f"CREATE INDEX {table}_search_trgm ON {table} USING gin (search_text gin_trgm_ops)"
            f"{where}"
        )


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _indexes(schema_editor, forwards=True)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _indexes(schema_editor, forwards=False)


def unmark(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    protect(schema_editor, tuple(BEFORE), rewritable=BEFORE)


def _flag() -> models.BooleanField[bool, bool]:
    return models.BooleanField(
        default=False,
        editable=False,
        help_text=(
            "Whether this is its declaration's current version: the stored form of "
            "``Declaration.current_version_number``, kept by the services in the same "
            "transaction, so registers and search read one table through partial indexes."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0015_route_step_waiting_index"),
        ("people", "0004_hr_feed"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="declarationversion", name="version_by_starts_on"),
        migrations.RemoveIndex(model_name="gifthospitalityversion", name="gift_by_value"),
        migrations.RemoveIndex(model_name="gifthospitalityversion", name="gift_by_offered_on"),
        migrations.RemoveIndex(model_name="interestversion", name="interest_by_starts_on"),
        migrations.AddField(model_name="declarationversion", name="is_current", field=_flag()),
        migrations.AddField(model_name="gifthospitalityversion", name="is_current", field=_flag()),
        migrations.AddField(model_name="interestversion", name="is_current", field=_flag()),
        migrations.RunPython(mark_current, unmark, elidable=False),
        migrations.AddIndex(
            model_name="declarationversion",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["starts_on", "declaration"],
                name="version_current_by_starts_on",
            ),
        ),
        migrations.AddIndex(
            model_name="gifthospitalityversion",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["value", "declaration"],
                name="gift_current_by_value",
            ),
        ),
        migrations.AddIndex(
            model_name="gifthospitalityversion",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["offered_on", "declaration"],
                name="gift_current_by_offered_on",
            ),
        ),
        migrations.AddIndex(
            model_name="interestversion",
            index=models.Index(
                condition=models.Q(("is_current", True)),
                fields=["starts_on", "declaration"],
                name="interest_current_by_starts_on",
            ),
        ),
        migrations.AddConstraint(
            model_name="declarationversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("declaration",),
                name="version_one_current",
            ),
        ),
        migrations.AddConstraint(
            model_name="gifthospitalityversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("declaration",),
                name="gift_one_current",
            ),
        ),
        migrations.AddConstraint(
            model_name="interestversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("declaration",),
                name="interest_one_current",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
