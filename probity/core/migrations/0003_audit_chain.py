"""Link the audit events into one keyed-hash chain, hashing the events already recorded."""

from django.conf import settings
from django.db import migrations, models

from probity.core.auditchain import event_hash

FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "subject",
    "summary",
    "before",
    "after",
    "source",
)


def hash_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    seq = 0
    prev_hash = ""
    last_id = 0
    while True:
        batch = list(
            AuditEvent.objects.filter(id__gt=last_id).order_by("id").values(*FIELDS)[:1000]
        )
        if not batch:
            break
        for row in batch:
            seq += 1
            row["seq"] = seq
            digest = event_hash(key=settings.PROBITY_AUDIT_KEY, fields=row, prev_hash=prev_hash)
            AuditEvent.objects.filter(id=row["id"]).update(
                seq=seq, prev_hash=prev_hash, hash=digest
            )
            prev_hash = digest
        last_id = batch[-1]["id"]
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"last_seq": seq, "last_hash": prev_hash}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outgoingemail"),
        # audit events about sealed entries are rewritten there before the chain is hashed
        ("declarations", "0007_seal_existing_special_category_text"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_seq", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="AuditCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("checked_at", models.DateTimeField()),
                ("intact", models.BooleanField()),
                ("events", models.PositiveBigIntegerField(default=0)),
                ("message", models.TextField()),
            ],
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, help_text="The hash of the event before it in the chain.", max_length=64
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(
                default="",
                help_text="HMAC-SHA256 of this event's content and the previous hash.",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(hash_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                help_text="The event's place in the audit chain, from 1 with no gaps.", unique=True
            ),
        ),
    ]
