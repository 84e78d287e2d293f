"""The search text of gifts and interests also covers what they say, not only who and whom.

Registers used to search descriptions and reasons with ``LIKE`` across several tables, which no
index serves. They now search the stored search text alone (a trigram index serves it on
PostgreSQL), so that text gains the description and reason of a gift or hospitality and the
description and relationship of an interest.

``search_text`` is derived from the version's own words and is not register content: on
PostgreSQL the append-only trigger now lets it alone be rewritten, as it lets sealed values be
re-sealed. Every other column of a version still refuses UPDATE and DELETE.
"""

from django.db import migrations

from probity.core.appendonly import protect
from probity.core.search import search_normalise

PARTS = {
    "GiftHospitalityVersion": ("giver_name", "description", "outcome_reason"),
    "InterestVersion": ("counterparty", "description", "relative_relationship"),
}
REWRITABLE = {
    "declarations_gifthospitalityversion": ("search_text",),
    "declarations_interestversion": ("search_text",),
    "declarations_declarationversion": ("sealed", "sealed_reason", "search_text"),
    "declarations_decision": ("sealed_text",),
}
BEFORE = {
    "declarations_declarationversion": ("sealed", "sealed_reason"),
    "declarations_decision": ("sealed_text",),
}


def _refill(apps):
    for model_name, fields in PARTS.items():
        model = apps.get_model("declarations", model_name)
        rows = model.objects.select_related("declaration__declarant").order_by("pk")
        batch = []
        for version in rows.iterator(chunk_size=1000):
            parts = [
                version.declaration.reference,
                version.declaration.declarant.full_name,
                *(getattr(version, field) for field in fields),
            ]
            text = search_normalise(" ".join(p for p in parts if p))
            if text != version.search_text:
                version.search_text = text
                batch.append(version)
            if len(batch) >= 1000:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])


def forwards(apps, schema_editor):
    protect(schema_editor, tuple(REWRITABLE), rewritable=REWRITABLE)
    _refill(apps)


def backwards(apps, schema_editor):
    protect(schema_editor, tuple(REWRITABLE), rewritable=BEFORE)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0012_register_sort_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
