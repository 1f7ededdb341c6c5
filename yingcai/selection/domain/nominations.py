"""Nominating a talent for a round, and the 第三条 eligibility test.

Decisions (documented here, applied by `check_eligibility`):

- **Leading (担纲领衔)** means the task's 负责人, its 首席专家, or a 课题负责人 (the lead of a
  subject within the major task, who answers for it). A 参与 (participant) does not lead.
- **Level**: 第三条 names 省、市重大科技任务, so 省级 and 市级 tasks count. Whether 国家级 tasks
  count too is the talent office's reading (第十四条), kept as the rule
  `selection.national_task_eligible` (version 1: no); the nomination records the version applied.
  其他 never counts.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import rule_in_force
from yingcai.registry.models import IndustryChain, KeyTechField, Talent, Unit
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import ARTICLE_3_TASK_LEVELS, LEADING_ROLES, NomineeRole, TaskLevel
from yingcai.selection.models import Nomination, SelectionRound

ARTICLE = "第三条"


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # the failing conditions; empty when eligible
    article: str = ARTICLE

    @property
    def message(self) -> str:
        if self.eligible:
            return _("符合%(article)s遴选条件：担纲领衔省、市重大科技任务。") % {"article": self.article}
        return _("不符合%(article)s遴选条件：%(reasons)s") % {"article": self.article, "reasons": "".join(self.reasons)}


def check_eligibility(*, task_level: str, nominee_role: str, national_counts: bool = False) -> Eligibility:
    reasons = []
    levels = ARTICLE_3_TASK_LEVELS | ({TaskLevel.NATIONAL} if national_counts else set())
    if task_level not in levels:
        reasons.append(
            _("所承担任务为“%(level)s”，第三条要求为省、市重大科技任务（省级或市级）。")
            % {"level": TaskLevel(task_level).label}
        )
    if nominee_role not in LEADING_ROLES:
        reasons.append(
            _("被推荐人在任务中为“%(role)s”，第三条要求担纲领衔（负责人、首席专家或课题负责人）。")
            % {"role": NomineeRole(nominee_role).label}
        )
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))


def nominate(
    *,
    by,
    round: SelectionRound,
    talent: Talent,
    unit: Unit,
    task_name: str,
    task_number: str,
    task_level: str,
    task_funding: Decimal,
    nominee_role: str,
    task_start: datetime.date,
    task_end: datetime.date,
    co_applicants: Iterable[Talent] = (),
    field: KeyTechField | None = None,
    chain: IndustryChain | None = None,
    on: datetime.date | None = None,
) -> Nomination:
    """A unit nominates one of its own talents (the office may nominate anyone). An ineligible
    nominee is refused with the reasons and the article."""
    if not by.has_perm("selection.nominate", talent):
        raise PermissionDenied(_("单位只能推荐本单位的人才。"))
    if not by.has_perm("selection.manage_round") and unit.pk != by.unit_id:
        raise PermissionDenied(_("单位只能以本单位名义推荐。"))
    if not talent.affiliations.filter(unit=unit, end_date__isnull=True).exists():
        raise ValidationError(_("被推荐人不在推荐单位任职。"))
    on = on or timezone.localdate()
    if not round.nomination_open_on(on):
        raise ValidationError(
            _("不在推荐期内（%(start)s至%(end)s）。")
            % {"start": round.nomination_opens, "end": round.nomination_closes}
        )
    national_rule = rule_in_force(rules_keys.NATIONAL_TASK_ELIGIBLE, on)
    eligibility = check_eligibility(
        task_level=task_level, nominee_role=nominee_role, national_counts=national_rule.number == 1
    )
    if not eligibility.eligible:
        raise ValidationError(eligibility.message, code="ineligible")
    if task_end < task_start:
        raise ValidationError(_("任务结束日期不能早于起始日期。"))
    co_applicants = list(co_applicants)
    if any(c.pk == talent.pk for c in co_applicants):
        raise ValidationError(_("被推荐人不能同时是共同申请人。"))
    if Nomination.objects.filter(round=round, talent=talent).exists():
        raise ValidationError(_("该人才已在本批次被推荐。"))
    with transaction.atomic():
        nomination = Nomination.objects.create(
            round=round,
            talent=talent,
            unit=unit,
            task_name=task_name,
            task_number=task_number,
            task_level=task_level,
            task_funding=Decimal(str(task_funding)),
            nominee_role=nominee_role,
            task_start=task_start,
            task_end=task_end,
            field=field,
            chain=chain,
            eligibility_note=eligibility.message,
            rule=national_rule,
            created_by=by,
        )
        nomination.co_applicants.set(co_applicants)
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=nomination,
            changes={
                "round": str(round),
                "task": [task_name, task_number, task_level, nominee_role, str(task_funding)],
                "co_applicants": sorted(str(c) for c in co_applicants),
            },
            reason=eligibility.message,
        )
    return nomination
