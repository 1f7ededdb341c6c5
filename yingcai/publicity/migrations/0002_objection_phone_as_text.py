# Step one of encrypting the objector's phone: a plain text column (room for a Fernet token).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publicity', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='objection',
            name='phone',
            field=models.TextField(verbose_name='联系电话'),
        ),
    ]
