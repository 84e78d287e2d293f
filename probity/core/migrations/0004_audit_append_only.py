"""On PostgreSQL, refuse UPDATE and DELETE on audit events (nothing on SQLite)."""

from django.db import migrations

from probity.core.appendonly import protect, unprotect

TABLES = ("core_auditevent",)


def forwards(apps, schema_editor):
    protect(schema_editor, TABLES)


def backwards(apps, schema_editor):
    unprotect(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_chain"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
