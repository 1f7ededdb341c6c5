"""Version 1 of the selection rules (第三条, 第十一条) for databases created before they were added.

0002 creates each rule of data/policy/rules.csv that is missing, so running it again picks up the rows
added since; on a new database 0002 has already created them and this does nothing.
"""

import importlib

from django.db import migrations

load = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_load_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
