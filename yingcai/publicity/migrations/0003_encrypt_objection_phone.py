# Encrypts the objectors' phones already stored (FIELD_ENCRYPTION_KEYS). Reversible.

from django.db import migrations

from yingcai.core.crypto_migration import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model('publicity', 'Objection'), ['phone'])


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model('publicity', 'Objection'), ['phone'])


class Migration(migrations.Migration):

    dependencies = [
        ('publicity', '0002_objection_phone_as_text'),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
    ]
