"""Version 1 of selection.national_task_eligible (第三条) for databases created before it was added."""

import importlib

from django.db import migrations

load = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_selection_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
