"""The first version of every policy rule, so a new installation decides by the rules from the start."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import migrations

RULES_FILE = Path(__file__).resolve().parents[3] / "data" / "policy" / "rules.csv"


def load(apps, schema_editor):
    PolicyRule = apps.get_model("policy", "PolicyRule")
    with open(RULES_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            PolicyRule.objects.get_or_create(
                key=row["key"],
                version=1,
                defaults={
                    "label": row["label"],
                    "value": Decimal(row["value"]),
                    "unit": row["unit"],
                    "article": row["article"],
                    "document": row["document"],
                    "effective_from": datetime.date.fromisoformat(row["effective_from"]),
                    "note": row["note"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
