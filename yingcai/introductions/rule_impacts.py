"""How many open introductions a new value of the 第七条/第八条 rules would decide differently,
for the policy rule preview (registered in IntroductionsConfig.ready)."""

import datetime
import math
from decimal import Decimal

from django.utils.translation import gettext as _

from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.compliance import flexible_in_year, service_span
from yingcai.introductions.domain.dates import clip, days_in_year, inclusive_days, minimum_end, year_bounds
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction
from yingcai.policy.domain import MissingRuleError, rule_in_force
from yingcai.policy.impacts import RuleImpact, register_rule_impact

NOT_CONFIRMED = (
    IntroductionState.DRAFT,
    IntroductionState.SUBMITTED,
    IntroductionState.COUNTY_APPROVED,
    IntroductionState.RETURNED,
)


def contract_years_impact(
    *, key: str, old_value: Decimal, new_value: Decimal, effective_from: datetime.date, today: datetime.date
) -> RuleImpact:
    """Full-time introductions not yet confirmed whose contract starts on or after the new date
    (the version in force on the contract's first day decides): long enough by one value, not the other."""
    records = Introduction.objects.filter(
        mode=IntroductionMode.FULL_TIME,
        state__in=NOT_CONFIRMED,
        contract_start__gte=effective_from,
        contract_end__isnull=False,
    ).select_related("talent")
    changed, examples, total = 0, [], 0
    for intro in records:
        total += 1
        passes_old = intro.contract_end >= minimum_end(intro.contract_start, int(old_value))
        passes_new = intro.contract_end >= minimum_end(intro.contract_start, int(new_value))
        if passes_old != passes_new:
            changed += 1
            examples.append(str(intro.talent))
    return RuleImpact(total, changed, _("尚未确认、合同自新版本生效日起开始的全职引进"), tuple(examples[:5]))


def flexible_days_impact(
    *, key: str, old_value: Decimal, new_value: Decimal, effective_from: datetime.date, today: datetime.date
) -> RuleImpact:
    """Flexible talents of the year the new value first decides (this year's days so far when that
    year has not begun) who meet one value and not the other; closed years are never decided again."""
    year = min(effective_from.year, today.year)
    try:
        prorate = rule_in_force(rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR, year_bounds(year)[1]).number == 1
    except MissingRuleError:
        prorate = False
    year_days = inclusive_days(*year_bounds(year))
    changed, examples, total = 0, [], 0
    records = (
        flexible_in_year(year)
        .exclude(service_years__year=year)
        .select_related("talent")
        .prefetch_related("work_periods")
    )
    for intro in records:
        span = service_span(intro)
        covered = clip(span, year_bounds(year)) if span else None
        if covered is None:
            continue
        total += 1
        covered_days = inclusive_days(*covered)
        share = covered_days / year_days if prorate and covered_days < year_days else 1

        def need(full: Decimal, share=share) -> int:
            return math.ceil(int(full) * share)

        periods = [c for p in intro.work_periods.all() if (c := clip((p.start, p.end), span)) is not None]
        worked = days_in_year(periods, year)
        if (worked >= need(old_value)) != (worked >= need(new_value)):
            changed += 1
            examples.append(str(intro.talent))
    what = _("%(year)s年度尚未关账的柔性引进（按已登记的工作天数）") % {"year": year}
    return RuleImpact(total, changed, what, tuple(examples[:5]))


def register() -> None:
    register_rule_impact(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, contract_years_impact)
    register_rule_impact(rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, flexible_days_impact)
