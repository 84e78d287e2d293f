"""Kept PDFs of adopted versions; on PostgreSQL their rows refuse UPDATE and DELETE."""

import django.db.models.deletion
from django.db import migrations, models

from probity.core.appendonly import protect, unprotect

TABLES = ("conduct_codepdf",)


def forwards(apps, schema_editor):
    protect(schema_editor, TABLES)


def backwards(apps, schema_editor):
    unprotect(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("conduct", "0006_code_version_discarded"),
    ]

    operations = [
        migrations.CreateModel(
            name="CodePdf",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "html_sha256",
                    models.CharField(
                        help_text="SHA-256 (hex) of the print page the PDF was made from.",
                        max_length=64,
                    ),
                ),
                ("pdf", models.BinaryField()),
                (
                    "pdf_sha256",
                    models.CharField(
                        help_text="SHA-256 (hex) of the PDF; its ETag.", max_length=64
                    ),
                ),
                ("size", models.PositiveIntegerField(help_text="The PDF's length in bytes.")),
                ("rendered_at", models.DateTimeField()),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pdfs",
                        to="conduct.codeversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version", "rendered_at", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("version", "html_sha256"), name="code_pdf_once")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
