"""Each stored assignment says whether it is in its person's queue now (ADR 0017 addendum).

Existing rows are filled from their declaration's status by the rule the services now keep:
a reviewer's assignment is out of the queue while a question or referral is open (or the entry
is finished); an adviser's is in it only while the declaration is referred.
"""

from typing import Any

from django.db import migrations, models

#: A reviewer waits while a question or referral is open; a finished entry waits for nobody.
NOT_FOR_REVIEWERS = ("info_requested", "referred", "withdrawn", "refused")


def fill(apps: Any, schema_editor: Any) -> None:
    StepAssignment = apps.get_model("declarations", "StepAssignment")
    Declaration = apps.get_model("declarations", "Declaration")
    held = Declaration.objects.filter(status__in=NOT_FOR_REVIEWERS).values("pk")
    StepAssignment.objects.filter(purpose="act", declaration__in=held).update(actionable=False)
    referred = Declaration.objects.filter(status="referred").values("pk")
    StepAssignment.objects.filter(purpose="advise").exclude(declaration__in=referred).update(
        actionable=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0017_search_entries"),
        ("people", "0004_hr_feed"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="stepassignment",
            name="assignment_person_since",
        ),
        migrations.AddField(
            model_name="stepassignment",
            name="actionable",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="stepassignment",
            index=models.Index(
                condition=models.Q(("actionable", True)),
                fields=["person", "since", "id"],
                name="assignment_queue",
            ),
        ),
    ]
