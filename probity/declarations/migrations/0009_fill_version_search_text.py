"""Fill the search text of versions written before it was stored.

The text is derived from what the version already says (reference, declarant, subject); the
register content itself is unchanged. Sealed versions carry only their neutral title.
"""

from django.db import migrations

from probity.core.search import search_normalise

SUBJECT_FIELD = {
    "GiftHospitalityVersion": "giver_name",
    "InterestVersion": "counterparty",
    "DeclarationVersion": "title",
}


def fill(apps, schema_editor):
    for model_name, subject in SUBJECT_FIELD.items():
        model = apps.get_model("declarations", model_name)
        rows = model.objects.filter(search_text="").select_related("declaration__declarant")
        batch = []
        for version in rows.iterator(chunk_size=500):
            parts = [
                version.declaration.reference,
                version.declaration.declarant.full_name,
                getattr(version, subject),
            ]
            version.search_text = search_normalise(" ".join(p for p in parts if p))
            batch.append(version)
            if len(batch) >= 500:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("declarations", "0008_version_search_text")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
