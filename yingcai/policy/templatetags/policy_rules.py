"""Rule values for the pages' copy: `{% rule_number "introduction.flexible_min_days_per_year" as days %}`
reads the version in force today, so a sentence quoting a policy number (3年, 90天) tells the truth
after the office publishes a new value."""

from django import template
from django.utils import timezone

from yingcai.policy.domain import MissingRuleError, rule_in_force

register = template.Library()


@register.simple_tag
def rule_number(key: str) -> int | str:
    """The whole-number value of `key` in force today ("—" when no version is in force)."""
    try:
        return rule_in_force(key, timezone.localdate()).number
    except MissingRuleError:
        return "—"
