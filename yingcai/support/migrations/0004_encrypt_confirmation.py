# Encrypts the confirmations already stored (their JSON text) with FIELD_ENCRYPTION_KEYS. Reversible.

from django.db import migrations

from yingcai.core.crypto_migration import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model('support', 'Entitlement'), ['confirmation'])


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model('support', 'Entitlement'), ['confirmation'])


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0003_confirmation_as_text'),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
    ]
