from django.db import migrations


def number_existing_notices(apps, schema_editor):
    """Notices opened before numbering get their number within the year they were published, in
    the order they were published; their titles stay as published."""
    Publicity = apps.get_model("publicity", "Publicity")
    counters: dict[int, int] = {}
    for notice in Publicity.objects.order_by("created_at", "pk"):
        year = notice.created_at.year
        counters[year] = counters.get(year, 0) + 1
        notice.year, notice.number = year, counters[year]
        notice.save(update_fields=["year", "number"])


class Migration(migrations.Migration):
    dependencies = [("publicity", "0005_notice_numbers_and_objection_contact")]

    operations = [migrations.RunPython(number_existing_notices, migrations.RunPython.noop)]
