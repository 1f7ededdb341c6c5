"""What a new rule value would change, told by the apps that apply the rule (a registration hook).

The policy app sits below the apps that read its rules (introductions, selection, certification),
so it cannot count their records itself. Each of them registers, in its AppConfig.ready, one
function per rule it applies; the preview of a new rule version asks it how many open records the
new value would decide differently. A rule nobody registered is previewed without a count, saying so.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class RuleImpact:
    """`open_records` records the rule still decides; `changed` of them the new value would decide
    differently; `what` names those records and how they were counted (Chinese, for the page)."""

    open_records: int
    changed: int
    what: str
    examples: tuple[str, ...] = ()


# fn(*, key, old_value, new_value, effective_from, today) -> RuleImpact
ImpactFunction = Callable[..., RuleImpact]

_impacts: dict[str, ImpactFunction] = {}


def register_rule_impact(rule_key: str, fn: ImpactFunction) -> None:
    """Called by an app that applies `rule_key` (idempotent: registering again replaces)."""
    _impacts[rule_key] = fn


def unregister_rule_impact(rule_key: str) -> None:
    _impacts.pop(rule_key, None)


def has_rule_impact(rule_key: str) -> bool:
    return rule_key in _impacts


def rule_impact(
    *, key: str, old_value: Decimal, new_value: Decimal, effective_from: datetime.date, today: datetime.date
) -> RuleImpact | None:
    """The registered app's count, or None when no app registered one for `key`."""
    fn = _impacts.get(key)
    if fn is None:
        return None
    return fn(key=key, old_value=old_value, new_value=new_value, effective_from=effective_from, today=today)
