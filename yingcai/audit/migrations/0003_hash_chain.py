"""Seal the audit log into a hash chain: number the existing entries in the order they were
written, hash each over its content and the previous entry's hash, and keep the actor's link from
cascading or being nulled (the name and role are in the entry) so entries never need an UPDATE.

The hash is the one yingcai/audit/chain.py computed when this migration was written, copied here so
that a later change of chain.py never changes what this migration seals."""

import hashlib
import json
from datetime import UTC

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
SEALED = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "ip_address",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "reason",
)


def _at(value):
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(entry):
    content = {name: getattr(entry, name) for name in SEALED}
    content["at"] = _at(content["at"])
    canonical = json.dumps(
        {**content, "prev_hash": entry.prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return hashlib.sha256(canonical).hexdigest()


def as_json_value(value):
    return json.loads(json.dumps(value))


def seal_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    prev_hash, batch = GENESIS, []
    for seq, entry in enumerate(AuditEntry.objects.order_by("id").iterator(chunk_size=2000), start=1):
        entry.changes = as_json_value(entry.changes)
        entry.seq, entry.prev_hash = seq, prev_hash
        entry.hash = prev_hash = entry_hash(entry)
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_administrator_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="前一条哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="序号"),
        ),
    ]
