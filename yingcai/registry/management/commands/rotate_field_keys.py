"""Re-encrypt the personal data at rest with the current first key and recompute its keyed hashes.

Rotating the encryption key: put a new key first in FIELD_ENCRYPTION_KEYS, keeping the old ones
after it, restart the app, run this command, then drop the old keys. Changing FIELD_HASH_KEY: stop
the app, set the new key, run this command (it reads the clear values and hashes them anew), start.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.crypto import encrypted_fields, hash_fields, reencrypt_all


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first FIELD_ENCRYPTION_KEYS key and recompute the hashes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size: int, **options):
        rotated: dict[str, int] = {}
        for model in apps.get_models():
            if encrypted_fields(model) or hash_fields(model):
                rotated[model._meta.label] = reencrypt_all(model, batch_size=batch_size)
                self.stdout.write(f"{model._meta.label}: {rotated[model._meta.label]} rows")
        with transaction.atomic():
            record(
                actor=None,
                action=AuditAction.UPDATE,
                changes={"field_keys_rotated": rotated},
                reason="rotate_field_keys",
            )
        self.stdout.write(self.style.SUCCESS(f"re-encrypted {sum(rotated.values())} rows"))
