"""Version 1 of the certification rules (第十三条) for databases created before they were added."""

import importlib

from django.db import migrations

load = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load


class Migration(migrations.Migration):
    dependencies = [("policy", "0005_tiers_and_support_items")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
