# Encrypts the ID numbers and phones already stored and fills the ID numbers' keyed hashes, with the
# keys of settings (FIELD_ENCRYPTION_KEYS, FIELD_HASH_KEY). Reversible: going back decrypts them.

from django.db import migrations

from yingcai.core.crypto_migration import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model('registry', 'Talent'), ['id_number', 'phone'], {'id_number_hash': 'id_number'})
    encrypt_columns(apps.get_model('registry', 'Unit'), ['contact_phone'])


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model('registry', 'Talent'), ['id_number', 'phone'])
    decrypt_columns(apps.get_model('registry', 'Unit'), ['contact_phone'])


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_personal_data_as_text'),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
    ]
