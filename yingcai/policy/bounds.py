"""The range each policy rule's value must stay in (data/policy/bounds.csv, beside the rules).

The office changes the values (第十四条); the bounds keep a slip of the keyboard (400 days a year,
a 0-year contract) from becoming the law the platform applies. Every rule has a bound: a rule
without one cannot be published (the rules tests check that every rule in rules.csv has one).
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

BOUNDS_FILE = Path(__file__).resolve().parents[2] / "data" / "policy" / "bounds.csv"


@dataclass(frozen=True)
class RuleBounds:
    """Both ends included; `max_value` None means no upper end."""

    key: str
    min_value: Decimal
    max_value: Decimal | None
    note: str = ""

    def contains(self, value: Decimal) -> bool:
        return value >= self.min_value and (self.max_value is None or value <= self.max_value)


@cache
def all_rule_bounds() -> dict[str, RuleBounds]:
    """The bounds of every rule, by key, read once per process."""
    with open(BOUNDS_FILE, encoding="utf-8", newline="") as f:
        return {
            row["key"]: RuleBounds(
                key=row["key"],
                min_value=Decimal(row["min_value"]),
                max_value=Decimal(row["max_value"]) if row["max_value"] else None,
                note=row["note"],
            )
            for row in csv.DictReader(f)
        }


def rule_bounds(key: str) -> RuleBounds | None:
    return all_rule_bounds().get(key)
