"""Decisions made before routes had named steps: say which step each one completed."""

from django.db import migrations

STEP_FOR_ACTION = {"noted": "line_manager", "recorded": "monitoring_officer"}


def backfill(apps, schema_editor):
    Decision = apps.get_model("declarations", "Decision")
    for decision in Decision.objects.filter(step="", action__in=list(STEP_FOR_ACTION)).iterator():
        decision.step = STEP_FOR_ACTION[decision.action]
        decision.save(update_fields=["step"])


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0002_decision_conditions_decision_review_on_decision_step_and_more")
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
