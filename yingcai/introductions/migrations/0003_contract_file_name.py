from pathlib import PurePath

from django.db import migrations, models


def name_from_path(apps, schema_editor):
    """Existing contracts keep their files where they are; the name shown is the file's name."""
    Introduction = apps.get_model("introductions", "Introduction")
    for introduction in Introduction.objects.exclude(contract_file="").only("pk", "contract_file").iterator():
        name = PurePath(introduction.contract_file.name).name[:255]
        Introduction.objects.filter(pk=introduction.pk).update(contract_file_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("introductions", "0002_importjob"),
    ]

    operations = [
        migrations.AddField(
            model_name="introduction",
            name="contract_file_name",
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name="合同文件名"),
        ),
        migrations.RunPython(name_from_path, migrations.RunPython.noop),
    ]
