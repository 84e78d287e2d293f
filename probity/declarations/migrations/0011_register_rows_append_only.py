"""On PostgreSQL, refuse UPDATE and DELETE on declaration versions and decisions (nothing on SQLite).

Sealed (encrypted) values may be rewritten alone, by ``rotate_encryption_key``.
"""

from django.db import migrations

from probity.core.appendonly import protect, unprotect

TABLES = (
    "declarations_gifthospitalityversion",
    "declarations_interestversion",
    "declarations_declarationversion",
    "declarations_decision",
)


def forwards(apps, schema_editor):
    protect(
        schema_editor,
        TABLES,
        rewritable={
            "declarations_declarationversion": ("sealed", "sealed_reason"),
            "declarations_decision": ("sealed_text",),
        },
    )


def backwards(apps, schema_editor):
    unprotect(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_append_only"),
        ("declarations", "0010_search_text_trigram_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
