"""Version 1 of the example talent tiers and support items (示例数据, 第十三条)."""

from django.db import migrations

from yingcai.policy.loading import load_tiers_and_support_items


def load(apps, schema_editor):
    load_tiers_and_support_items(
        apps.get_model("policy", "TalentTier"),
        apps.get_model("policy", "SupportItem"),
        apps.get_model("registry", "Jurisdiction"),
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0006_certification_rules"), ("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
