# Step one of encrypting what talents confirmed (bank account, spouse, child): the JSON becomes its
# text (PostgreSQL casts jsonb to text and back), room for a Fernet token.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0002_newest_first_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='entitlement',
            name='confirmation',
            field=models.TextField(blank=True, default='{}', verbose_name='本人确认信息'),
        ),
    ]
