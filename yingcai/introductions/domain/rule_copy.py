"""The rule values the introductions' copy quotes — 第七条's contract years, 第八条's days a year —
read from the rules in force, so help texts, messages and instructions tell the truth after the
office publishes a new value. Pass the result to a msgid with %(years)s / %(days)s."""

import datetime

from django.utils import timezone

from yingcai.introductions.domain import rules_keys
from yingcai.policy.domain import rule_in_force


def rule_values(on: datetime.date | None = None) -> dict[str, int]:
    on = on or timezone.localdate()
    return {
        "years": rule_in_force(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, on).number,
        "days": rule_in_force(rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, on).number,
    }
