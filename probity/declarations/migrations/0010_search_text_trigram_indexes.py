"""On PostgreSQL, trigram (pg_trgm) GIN indexes serve ``LIKE '%words%'`` on the search text.

SQLite has no such index: there the search reads the column with ``LIKE``. Nothing happens there.
"""

from django.db import migrations

TABLES = (
    "declarations_gifthospitalityversion",
    "declarations_interestversion",
    "declarations_declarationversion",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_trgm "
            f"ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("declarations", "0009_fill_version_search_text")]

    operations = [migrations.RunPython(create, drop)]
