"""Seal what was written in plain text about special-category entries before it was sealed.

Comments and conditions move into ``Decision.sealed_text`` and change reasons into
``DeclarationVersion.sealed_reason``; audit events about these entries keep only the names of the
fields that changed; stored email about them keeps only the reference and a link.
"""

from django.conf import settings
from django.db import migrations
from django.urls import reverse

from probity.core import crypto


def _changed(before, after):
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    names = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) or isinstance(new, dict):
            names.extend(f"{key}.{name}" for name in _changed(old, new))
        elif old != new and (key in before or new not in (None, "", {}, [])):
            names.append(key)
    return names


def seal_existing(apps, schema_editor):
    Declaration = apps.get_model("declarations", "Declaration")
    Decision = apps.get_model("declarations", "Decision")
    DeclarationVersion = apps.get_model("declarations", "DeclarationVersion")
    AuditEvent = apps.get_model("core", "AuditEvent")
    OutgoingEmail = apps.get_model("core", "OutgoingEmail")
    for declaration in Declaration.objects.filter(special_category=True).iterator():
        for decision in Decision.objects.filter(declaration=declaration).exclude(
            comment="", conditions=""
        ):
            decision.sealed_text = crypto.seal(
                {"comment": decision.comment, "conditions": decision.conditions}
            )
            decision.comment = decision.conditions = ""
            decision.save(update_fields=["sealed_text", "comment", "conditions"])
        for version in DeclarationVersion.objects.filter(declaration=declaration).exclude(
            change_reason=""
        ):
            version.sealed_reason = crypto.seal({"reason": version.change_reason})
            version.change_reason = ""
            version.save(update_fields=["sealed_reason", "change_reason"])
        events = AuditEvent.objects.filter(
            target_type="declarations.declaration", target_id=str(declaration.pk)
        )
        for event in events:
            if event.after is not None and event.after.get("sealed") is True:
                continue
            if event.before is None and event.after is None:
                continue
            before = event.before
            after = event.after
            nested = isinstance(after, dict) and "declaration" in after
            if before and nested and "declaration" not in before:
                before = {"declaration": before}  # a decision's "before" is the declaration alone
            event.after = {"sealed": True, "changed": _changed(before, after)}
            event.before = None
            event.save(update_fields=["before", "after"])
        path = reverse("registers:entry", kwargs={"reference": declaration.reference})
        link = f"{settings.PROBITY_BASE_URL}{path}"
        for email in OutgoingEmail.objects.filter(subject__contains=declaration.reference):
            email.subject = f"There is news about declaration {declaration.reference}"
            email.body = (
                f"There is news about declaration {declaration.reference}. To keep it private, "
                f"this email gives no details. Sign in to read them:\n\n{link}\n"
            )
            email.save(update_fields=["subject", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0006_sealed_decision_text_and_change_reason"),
        ("core", "0002_outgoingemail"),
    ]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
