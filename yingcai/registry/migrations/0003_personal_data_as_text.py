# The first of three steps that encrypt ID numbers and phones at rest (yingcai/core/crypto.py): the
# columns become plain text (room for a Fernet token; the ID number no longer unique in clear) and
# the hash column is added, empty. 0004 encrypts the rows, 0005 declares the encrypted fields.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_export_jobs'),
    ]

    operations = [
        migrations.AddField(
            model_name='talent',
            name='id_number_hash',
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='talent',
            name='id_number',
            field=models.TextField(verbose_name='公民身份号码'),
        ),
        migrations.AlterField(
            model_name='talent',
            name='phone',
            field=models.TextField(blank=True, verbose_name='手机号码'),
        ),
        migrations.AlterField(
            model_name='unit',
            name='contact_phone',
            field=models.TextField(blank=True, verbose_name='联系电话'),
        ),
    ]
