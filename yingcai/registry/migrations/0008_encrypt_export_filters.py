# Encrypts the filters of the export jobs already stored (they may hold an ID number searched for),
# then declares the field encrypted. Reversible: going back decrypts them first.

from django.db import migrations

import yingcai.core.crypto
from yingcai.core.crypto_migration import decrypt_columns, encrypt_columns


def encrypt(apps, schema_editor):
    encrypt_columns(apps.get_model('registry', 'ExportJob'), ['query_string'])


def decrypt(apps, schema_editor):
    decrypt_columns(apps.get_model('registry', 'ExportJob'), ['query_string'])


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0007_profile_changes'),
    ]

    operations = [
        # While the field is still a plain text column in the historical model: read clear, write tokens.
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name='exportjob',
            name='query_string',
            field=yingcai.core.crypto.EncryptedTextField(blank=True, verbose_name='筛选条件'),
        ),
    ]
