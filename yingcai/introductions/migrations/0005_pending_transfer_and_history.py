"""待转入 and 历史记录 states of an introduction, and version 1 of the rule that says how far ahead a
personnel transfer date may lie (第七条), for databases created before the rule was added to
data/policy/rules.csv (the policy loader creates only the rules that are missing)."""

import importlib

from django.db import migrations, models

load_rules = importlib.import_module("yingcai.policy.migrations.0002_load_rules").load


class Migration(migrations.Migration):
    dependencies = [
        ("introductions", "0004_importjob_worker"),
        ("policy", "0008_rule_version_review_and_withdrawal"),
    ]

    operations = [
        migrations.AlterField(
            model_name="introduction",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "草稿"),
                    ("submitted", "待县区审核"),
                    ("county_approved", "待人才办确认"),
                    ("confirmed", "已确认"),
                    ("pending_transfer", "待转入"),
                    ("returned", "已退回"),
                    ("historical", "历史记录"),
                ],
                default="draft",
                max_length=16,
                verbose_name="审核状态",
            ),
        ),
        migrations.RunPython(load_rules, migrations.RunPython.noop),
    ]
