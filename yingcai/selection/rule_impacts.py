"""How many open nominations a new value of a 第三条 rule would decide differently, for the policy
rule preview (registered in SelectionConfig.ready)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from yingcai.policy.impacts import RuleImpact, register_rule_impact
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.nominations import check_eligibility
from yingcai.selection.enums import NominationState, RoundState
from yingcai.selection.models import Nomination

OPEN_NOMINATION_STATES = (NominationState.SUBMITTED, NominationState.RETURNED, NominationState.ACCEPTED)


def national_task_impact(
    *, key: str, old_value: Decimal, new_value: Decimal, effective_from: datetime.date, today: datetime.date
) -> RuleImpact:
    """Nominations of rounds not yet approved, eligible by one value and not by the other (a
    nomination is checked again by the rule in force on the day of its check)."""
    records = (
        Nomination.objects.filter(state__in=OPEN_NOMINATION_STATES)
        .exclude(round__state=RoundState.APPROVED)
        .select_related("talent")
    )
    changed, examples, total = 0, [], 0
    for nomination in records:
        total += 1
        verdicts = {
            check_eligibility(
                task_level=nomination.task_level, nominee_role=nomination.nominee_role, national_counts=value == 1
            ).eligible
            for value in (old_value, new_value)
        }
        if len(verdicts) == 2:
            changed += 1
            examples.append(str(nomination.talent))
    return RuleImpact(total, changed, _("尚未批准的遴选批次中的推荐"), tuple(examples[:5]))


def register() -> None:
    register_rule_impact(rules_keys.NATIONAL_TASK_ELIGIBLE, national_task_impact)
