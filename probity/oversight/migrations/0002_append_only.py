"""On PostgreSQL, refuse UPDATE and DELETE on annual reviews, what is recorded on them, and stored
dashboard figures (nothing on SQLite). A review changes only when the third office signs off
(``is_open`` and ``completed_at``)."""

from django.db import migrations

from probity.core.appendonly import protect, unprotect

TABLES = (
    "oversight_annualreview",
    "oversight_reviewfinding",
    "oversight_reviewsignoff",
    "oversight_reviewcheck",
    "oversight_dashboardfigures",
)


def forwards(apps, schema_editor):
    protect(
        schema_editor, TABLES, rewritable={"oversight_annualreview": ("is_open", "completed_at")}
    )


def backwards(apps, schema_editor):
    unprotect(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_audit_append_only"),
        ("oversight", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
