"""第八条: a flexibly introduced talent works at the unit a cumulative total of no less than
3 months each year. The platform adds up the logged periods per calendar year and says whether
each year is met, not yet met, or missed — and freezes the result when the year is closed."""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.dates import Period, clip, days_in_year, inclusive_days, year_bounds
from yingcai.introductions.enums import ComplianceStatus, IntroductionMode, IntroductionState
from yingcai.introductions.models import FlexibleServiceYear, Introduction, WorkPeriod
from yingcai.policy.domain import RuleBook
from yingcai.policy.models import PolicyRule


@dataclass(frozen=True)
class YearCompliance:
    year: int
    days_worked: int
    days_required: int
    status: ComplianceStatus
    at_risk: bool
    rule: PolicyRule
    explanation: str
    frozen: bool = False
    # Not yet met, and fewer days are left in the year than are still missing: can no longer be met.
    unreachable: bool = False

    @property
    def shortfall(self) -> int:
        return max(self.days_required - self.days_worked, 0)

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def service_span(introduction: Introduction) -> Period | None:
    """The days the flexible agreement covers, up to the day the introduction ended."""
    if introduction.agreement_start is None or introduction.agreement_end is None:
        return None
    end = introduction.agreement_end
    if introduction.ended_on is not None:
        end = min(end, introduction.ended_on)
    return (introduction.agreement_start, end) if end >= introduction.agreement_start else None


def required_days(
    introduction: Introduction, year: int, on: datetime.date, rules: RuleBook | None = None
) -> tuple[int, PolicyRule, str]:
    """How many days `year` asks for, the rule version that says so, and why."""
    rules = rules or RuleBook()
    rule = rules.get(rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, on)
    full = rule.number
    span = service_span(introduction)
    covered = clip(span, year_bounds(year)) if span else None
    year_days = inclusive_days(*year_bounds(year))
    if covered is None:
        return 0, rule, _("该年度不在协议期内")
    covered_days = inclusive_days(*covered)
    prorate = rules.get(rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR, on).number == 1
    if prorate and covered_days < year_days:
        days = math.ceil(full * covered_days / year_days)
        why = _("协议覆盖本年度%(covered)s天，按比例折算应工作%(days)s天（%(rule)s）") % {
            "covered": covered_days,
            "days": days,
            "rule": rule.citation,
        }
        return days, rule, why
    return full, rule, _("每年累计不少于%(days)s天（%(rule)s）") % {"days": full, "rule": rule.citation}


def year_compliance(
    introduction: Introduction,
    year: int,
    *,
    today: datetime.date,
    periods: Iterable[Period] | None = None,
    rules: RuleBook | None = None,
) -> YearCompliance:
    """The state of one flexible talent's `year` as of `today` (a closed year answers its frozen
    record). `periods` and `rules` may be passed in by callers that go over many records."""
    rules = rules or RuleBook()
    frozen = _frozen(introduction, year)
    if frozen is not None:
        return YearCompliance(
            year,
            frozen.days_worked,
            frozen.days_required,
            ComplianceStatus(frozen.status),
            False,
            frozen.rule,
            frozen.explanation,
            frozen=True,
        )
    if periods is None:
        periods = [(p.start, p.end) for p in introduction.work_periods.all()]
    year_end = year_bounds(year)[1]
    span = service_span(introduction)
    if span is not None:  # days after the introduction ended do not count for it
        periods = [c for p in periods if (c := clip(p, span)) is not None]
    # The last day that can still count this year: the year's end, or the agreement's if earlier.
    last_day = min(year_end, span[1]) if span else year_end
    decided_on = min(year_end, today)
    worked = days_in_year(periods, year)
    required, rule, why = required_days(introduction, year, decided_on, rules)
    if worked >= required:
        status = ComplianceStatus.MET
    elif today > last_day:
        status = ComplianceStatus.MISSED
    else:
        status = ComplianceStatus.NOT_YET
    at_risk = unreachable = False
    if status == ComplianceStatus.NOT_YET:
        reminder_month = rules.get(rules_keys.FLEXIBLE_REMINDER_FROM_MONTH, decided_on).number
        days_left = inclusive_days(today, last_day)
        unreachable = required - worked > days_left
        at_risk = today.month >= reminder_month or unreachable
    explanation = _("已累计工作%(worked)s天，%(why)s") % {"worked": worked, "why": why}
    return YearCompliance(year, worked, required, status, at_risk, rule, explanation, unreachable=unreachable)


def compliance_history(introduction: Introduction, *, today: datetime.date) -> list[YearCompliance]:
    """Every year of the agreement up to this one, newest first."""
    span = service_span(introduction)
    if span is None:
        return []
    periods = [(p.start, p.end) for p in introduction.work_periods.all()]
    last = min(span[1].year, today.year)
    first = max(span[0].year, first_rule_year())
    rules = RuleBook()
    return [
        year_compliance(introduction, y, today=today, periods=periods, rules=rules) for y in range(last, first - 1, -1)
    ]


def first_rule_year() -> int:
    """Years before the first version of the days rule was in force are not judged."""
    first = PolicyRule.objects.filter(key=rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR).order_by("effective_from").first()
    return first.effective_from.year if first else 9999


def flexible_in_year(year: int) -> QuerySet[Introduction]:
    """Flexible introductions whose agreement covers part of `year` and that were not returned."""
    if year < first_rule_year():
        return Introduction.objects.none()
    start, end = year_bounds(year)
    return (
        Introduction.objects.filter(mode=IntroductionMode.FLEXIBLE, agreement_start__lte=end, agreement_end__gte=start)
        .exclude(state__in=[IntroductionState.DRAFT, IntroductionState.RETURNED, IntroductionState.HISTORICAL])
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )


UNREACHABLE, STILL_POSSIBLE = "unreachable", "possible"


def at_risk(
    introductions: QuerySet[Introduction], *, today: datetime.date, outlook: str = ""
) -> list[tuple[Introduction, YearCompliance]]:
    """The flexible talents who have not yet met this year's days and are running out of time;
    `outlook` keeps only those who can no longer meet them (UNREACHABLE) or still can (STILL_POSSIBLE)."""
    found = []
    rules = RuleBook()
    year_start, year_end = year_bounds(today.year)
    candidates = introductions.filter(pk__in=flexible_in_year(today.year).values("pk"))
    # Only this year's periods, as plain tuples: a city has tens of thousands of them.
    periods: dict[int, list[Period]] = defaultdict(list)
    for introduction_id, start, end in WorkPeriod.objects.filter(
        introduction__in=candidates.values("pk"), start__lte=year_end, end__gte=year_start
    ).values_list("introduction_id", "start", "end"):
        periods[introduction_id].append((start, end))
    for introduction in candidates.select_related("talent", "unit", "unit__county").prefetch_related(
        Prefetch("service_years", FlexibleServiceYear.objects.filter(year=today.year).select_related("rule"))
    ):
        result = year_compliance(
            introduction, today.year, today=today, periods=periods.get(introduction.pk, []), rules=rules
        )
        if not result.at_risk:
            continue
        if (outlook == UNREACHABLE and not result.unreachable) or (outlook == STILL_POSSIBLE and result.unreachable):
            continue
        found.append((introduction, result))
    found.sort(key=lambda pair: -pair[1].shortfall)
    return found


def close_year(*, year: int, by=None, today: datetime.date) -> int:
    """Freeze every flexible talent's result for `year` (after it ended). Idempotent."""
    if by is not None and not by.has_perm("introductions.close_year"):
        raise PermissionDenied(_("只有市委人才办可以关闭年度。"))
    if today <= year_bounds(year)[1]:
        raise ValueError(f"year {year} has not ended on {today}")
    closed = 0
    rules = RuleBook()
    with transaction.atomic():
        for introduction in (
            flexible_in_year(year).select_related("talent", "unit").prefetch_related("work_periods", "service_years")
        ):
            if _frozen(introduction, year) is not None:
                continue
            result = year_compliance(introduction, year, today=today, rules=rules)
            frozen = FlexibleServiceYear.objects.create(
                introduction=introduction,
                year=year,
                days_worked=result.days_worked,
                days_required=result.days_required,
                status=result.status,
                rule=result.rule,
                explanation=result.explanation[:255],
                closed_by=by,
            )
            record(
                actor=by,
                action=AuditAction.CREATE,
                target=frozen,
                changes={"year": year, "status": result.status.value, "days": result.days_worked},
                reason=_("年度关账"),
            )
            closed += 1
    return closed


def reopen_year(*, by, introduction: Introduction, year: int, reason: str) -> None:
    """The office reopens one flexible talent's closed `year` (a late or corrected working period):
    the frozen result is removed, audited with the reason, and the year is counted live again until
    it is closed once more."""
    if not by.has_perm("introductions.close_year"):
        raise PermissionDenied(_("只有市委人才办可以重新开放已关账的年度。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写重新开放年度的原因。")})
    with transaction.atomic():
        frozen = FlexibleServiceYear.objects.select_for_update().filter(introduction=introduction, year=year).first()
        if frozen is None:
            raise ValidationError({"year": _("%(year)s年度尚未关账，无需重新开放。") % {"year": year}})
        record(
            actor=by,
            action=AuditAction.DELETE,
            target=introduction,
            changes={
                "service_year": [
                    _("%(year)s年度已关账：%(status)s，%(days)s天")
                    % {"year": year, "status": frozen.get_status_display(), "days": frozen.days_worked},
                    _("%(year)s年度重新开放") % {"year": year},
                ]
            },
            reason=reason.strip(),
        )
        frozen.delete()


def _frozen(introduction: Introduction, year: int) -> FlexibleServiceYear | None:
    # Iterating the related manager uses a prefetch when the caller made one.
    return next((y for y in introduction.service_years.all() if y.year == year), None)
