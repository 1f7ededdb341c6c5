"""Version 1 of the review deadlines (review.*_max_working_days, read by workflows/queues.py) for
databases created before they were added to data/policy/rules.csv (the policy loader creates only
the rules that are missing; on a new database policy 0002 has already created them)."""

import importlib

from django.db import migrations

load_rules = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("policy", "0008_rule_version_review_and_withdrawal"),
    ]
    operations = [migrations.RunPython(load_rules, migrations.RunPython.noop)]
