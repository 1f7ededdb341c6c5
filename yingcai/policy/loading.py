"""Version 1 of the talent tiers and support items shipped in data/policy/ (example values,
示例数据), loaded by `load_policy_rules` (idempotent: a code that exists is left alone, so what the
office published is never overwritten by a reload). The data migration policy 0007 carries its own
frozen copy of these rows and of this loader.

Written against the model classes passed in, so it also works on historical models.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "policy"
TIERS_FILE = DATA_DIR / "tiers.csv"
SUPPORT_ITEMS_FILE = DATA_DIR / "support_items.csv"
DEPARTMENT = "department"  # registry.enums.JurisdictionKind.DEPARTMENT
OFFICE_SORT_ORDER = 200  # after the departments the office or the demo added


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


def load_tiers_and_support_items(TalentTier, SupportItem, Jurisdiction) -> int:
    """Create version 1 of every tier and support item not in the database yet; the responsible
    offices (departments such as 市教育局) are created by name if missing. Returns how many rows
    were created."""
    created = 0
    existing_tiers = set(TalentTier.objects.values_list("code", flat=True))
    for row in _rows(TIERS_FILE):
        if row["code"] in existing_tiers:
            continue
        TalentTier.objects.create(
            code=row["code"],
            version=1,
            name=row["name"],
            rank=int(row["rank"]),
            max_age=int(row["max_age"]) if row["max_age"] else None,
            min_education=row["min_education"],
            min_title=row["min_title"],
            honours=_list(row["honours"]),
            qualifications=row["qualifications"],
            article=row["article"],
            document=row["document"],
            effective_from=datetime.date.fromisoformat(row["effective_from"]),
            note=row["note"],
            is_example=True,
        )
        created += 1
    existing_items = set(SupportItem.objects.values_list("code", flat=True))
    offices: dict[str, object] = {}
    for row in _rows(SUPPORT_ITEMS_FILE):
        if row["code"] in existing_items:
            continue
        office = None
        if name := row["responsible_office"]:
            if name not in offices:
                offices[name], _made = Jurisdiction.objects.get_or_create(
                    name=name, defaults={"kind": DEPARTMENT, "sort_order": OFFICE_SORT_ORDER}
                )
            office = offices[name]
        SupportItem.objects.create(
            code=row["code"],
            tier_code=row["tier_code"],
            version=1,
            kind=row["kind"],
            name=row["name"],
            amount=Decimal(row["amount"]) if row["amount"] else None,
            instalments=int(row["instalments"]),
            interval_months=int(row["interval_months"]),
            needs_decision=row["needs_decision"] == "1",
            responsible_office=office,
            decision_working_days=int(row["decision_working_days"]) if row["decision_working_days"] else None,
            confirm_fields=_list(row["confirm_fields"]),
            article=row["article"],
            document=row["document"],
            effective_from=datetime.date.fromisoformat(row["effective_from"]),
            note=row["note"],
            is_example=True,
        )
        created += 1
    return created
