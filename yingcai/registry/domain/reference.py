"""Loading the city's reference data from data/reference/ (idempotent: run it as often as you like).

Codes identify rows, so a second load updates names and notes instead of adding duplicates, and
what the talent office added in the app (functional zones, departments) is left alone.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType

REFERENCE_DIR = Path(settings.BASE_DIR) / "data" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    counts: dict[str, int] = {}
    by_code: dict[str, Jurisdiction] = {}
    for order, row in enumerate(_rows("divisions.csv")):
        jurisdiction, _ = Jurisdiction.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": JurisdictionKind.from_reference(row["kind"]),
                "parent": by_code.get(row["parent"]),
                "sort_order": order,
            },
        )
        by_code[row["code"]] = jurisdiction
    counts["divisions"] = len(by_code)

    clusters: dict[str, IndustryCluster] = {}
    chains = 0
    for row in _rows("industry-system.csv"):
        values = {"name": row["name"], "verified": row["verified"], "note": row["note"]}
        if row["kind"] == "cluster":
            clusters[row["code"]], _ = IndustryCluster.objects.update_or_create(code=row["code"], defaults=values)
        else:
            IndustryChain.objects.update_or_create(
                code=row["code"], defaults={**values, "cluster": clusters[row["parent"]]}
            )
            chains += 1
    counts["clusters"], counts["chains"] = len(clusters), chains

    rows = _rows("platform-types.csv")
    for row in rows:
        PlatformType.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "group": row["group"], "note": row["note"]}
        )
    counts["platform_types"] = len(rows)

    rows = _rows("key-tech-fields.csv")
    for row in rows:
        KeyTechField.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "note": row["note"]})
    counts["key_tech_fields"] = len(rows)
    return counts
