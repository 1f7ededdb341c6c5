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
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yingcai.accounts.recipients import talent_office_staff, unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.decisions import Condition, Decision, RuleVersion, Text, choice, register_choices
from yingcai.notifications.domain import notify
from yingcai.policy.domain import rule_in_force
from yingcai.policy.models import PolicyRule
from yingcai.registry.domain.editing import assign, audit_diff, clear_snapshot, lock_for_edit
from yingcai.registry.models import IndustryChain, KeyTechField, Talent, Unit
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import (
    ARTICLE_3_TASK_LEVELS,
    LEADING_ROLES,
    NominationState,
    NomineeRole,
    RoundState,
    TaskLevel,
)
from yingcai.selection.models import Nomination, SelectionRound
from yingcai.selection.workflow import NOMINATION_CHECK
from yingcai.workflows.engine import perform

ARTICLE = "第三条"
register_choices({"task_level": TaskLevel, "nominee_role": NomineeRole})


@dataclass(frozen=True)
class Eligibility(Decision):
    """The 第三条 decision (core.decisions.Decision): the task's level and the nominee's role, each a
    condition; the level's cites the rule version that says whether 国家级 counts, when one was given."""

    @property
    def eligible(self) -> bool:
        return self.verdict

    @property
    def reasons(self) -> tuple[str, ...]:
        """The failing conditions' sentences; empty when eligible."""
        return tuple(c.detail for c in self.failed)

    @property
    def message(self) -> str:
        if self.eligible:
            return _("符合%(article)s遴选条件：担纲领衔省、市重大科技任务。") % {"article": self.article}
        return _("不符合%(article)s遴选条件：%(reasons)s") % {"article": self.article, "reasons": "".join(self.reasons)}


def check_eligibility(
    *, task_level: str, nominee_role: str, national_counts: bool = False, rule: PolicyRule | None = None
) -> Eligibility:
    """`rule` is the `selection.national_task_eligible` version `national_counts` was read from."""
    if task_level not in TaskLevel.values or nominee_role not in NomineeRole.values:
        raise ValidationError(_("任务级别或被推荐人角色不在可选范围内。"))
    levels = ARTICLE_3_TASK_LEVELS | ({TaskLevel.NATIONAL} if national_counts else set())
    level = {"level": choice("task_level", task_level)}
    if task_level in levels:
        level_detail = Text(gettext_noop("所承担任务为“%(level)s”，属第三条所称省、市重大科技任务。"), level)
    else:
        level_detail = Text(
            gettext_noop("所承担任务为“%(level)s”，第三条要求为省、市重大科技任务（省级或市级）。"), level
        )
    role = {"role": choice("nominee_role", nominee_role)}
    if nominee_role in LEADING_ROLES:
        role_detail = Text(gettext_noop("被推荐人在任务中为“%(role)s”，担纲领衔。"), role)
    else:
        role_detail = Text(
            gettext_noop("被推荐人在任务中为“%(role)s”，第三条要求担纲领衔（负责人、首席专家或课题负责人）。"), role
        )
    conditions = (
        Condition.of(
            "task_level",
            Text(gettext_noop("省、市重大科技任务")),
            task_level in levels,
            level_detail,
            ARTICLE,
            rule.citation if rule is not None else "",
            rule_version=rule.version if rule is not None else None,
        ),
        Condition.of(
            "nominee_role", Text(gettext_noop("担纲领衔")), nominee_role in LEADING_ROLES, role_detail, ARTICLE
        ),
    )
    rules = (RuleVersion(rule.key, rule.version),) if rule is not None else ()
    return Eligibility(all(c.passed for c in conditions), conditions, rules, ARTICLE)


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
        task_level=task_level, nominee_role=nominee_role, national_counts=national_rule.number == 1, rule=national_rule
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


# --- formal check (形式审查) and corrections ------------------------------------------------------------

# What a unit may correct in a nomination; the round, the talent and the unit never change.
EDITABLE_FIELDS = [
    "task_name",
    "task_number",
    "task_level",
    "task_funding",
    "nominee_role",
    "task_start",
    "task_end",
    "field",
    "chain",
    "co_applicants",
]
EDITABLE_STATES = (NominationState.SUBMITTED, NominationState.RETURNED)
_AUDITED = [*EDITABLE_FIELDS, "state", "eligibility_note"]


def check_experts_not_assigned(nomination: Nomination) -> None:
    """Returning, correcting and resubmitting end once the round's experts are assigned."""
    round = nomination.round
    if round.state != RoundState.OPEN or nomination.assignments.exists():
        raise ValidationError(_("本批次已分配评审专家，推荐材料不能再退回或修改。"), code="experts_assigned")


def correction_blocker(nomination: Nomination, on: datetime.date | None) -> str:
    """Why the unit cannot correct (or resubmit) the nomination ``on``, or "" when it can; with
    ``on`` None, only what does not depend on the date (the workflow's guard).

    A returned nomination can be corrected and resubmitted until the round's scoring opens, even
    after the experts were assigned to the others (it then gets its own, `assign_late_nomination`).
    A nomination still submitted is in the experts' hands once they are assigned."""
    round = nomination.round
    if nomination.state not in EDITABLE_STATES:
        return _("推荐当前状态为“%(state)s”，不能修改。") % {"state": nomination.get_state_display()}
    if on is not None and on >= round.scoring_opens:
        return _("评审已于%(date)s开始，推荐材料不能再修改或重新提交。") % {"date": round.scoring_opens}
    if nomination.state == NominationState.RETURNED:
        if round.state not in (RoundState.OPEN, RoundState.EXPERTS_ASSIGNED):
            return _("本批次已进入结果确定阶段，推荐材料不能再修改。")
        return ""
    if round.state != RoundState.OPEN or nomination.assignments.exists():
        return _("本批次已分配评审专家，推荐材料不能再退回或修改。")
    return ""


def check_correctable(nomination: Nomination, on: datetime.date | None) -> None:
    blocker = correction_blocker(nomination, on)
    if blocker:
        raise ValidationError(blocker, code="not_correctable")


def check_still_eligible(nomination: Nomination, on: datetime.date | None = None) -> Eligibility:
    """The 第三条 test again, by the rule in force ``on`` (today); records the verdict on the
    nomination (not saved here) and raises the reasons when it fails."""
    on = on or timezone.localdate()
    national_rule = rule_in_force(rules_keys.NATIONAL_TASK_ELIGIBLE, on)
    eligibility = check_eligibility(
        task_level=nomination.task_level,
        nominee_role=nomination.nominee_role,
        national_counts=national_rule.number == 1,
        rule=national_rule,
    )
    if not eligibility.eligible:
        raise ValidationError(eligibility.message, code="ineligible")
    nomination.eligibility_note = eligibility.message
    nomination.rule = national_rule
    return eligibility


def notify_check_step(nomination: Nomination, step) -> None:
    """Tell the unit what the office decided, and the office what the unit did."""
    url = reverse("selection:nomination-detail", args=[nomination.pk])
    values = {"talent": nomination.talent.name, "round": nomination.round.name, "action": step.transition_label}
    if step.transition in ("accept", "return"):
        users = unit_staff(nomination.unit_id)
        title = _("遴选推荐“%(talent)s”：%(action)s") % values
    else:
        users = talent_office_staff()
        title = _("%(round)s：单位已%(action)s“%(talent)s”") % values
    notify(users=users, title=title, body=step.reason, url=url, kind="selection")


def _check(*, by, nomination: Nomination, transition: str, reason: str = "") -> Nomination:
    perform(workflow=NOMINATION_CHECK, obj=nomination, transition=transition, by=by, reason=reason)
    nomination.refresh_from_db()
    return nomination


def accept_nomination(*, by, nomination: Nomination, reason: str = "") -> Nomination:
    """形式审查通过 (office). The unit is notified."""
    return _check(by=by, nomination=nomination, transition="accept", reason=reason)


def return_nomination(*, by, nomination: Nomination, reason: str) -> Nomination:
    """退回修改 with the reason (office), from submitted or accepted, before experts are assigned."""
    return _check(by=by, nomination=nomination, transition="return", reason=reason)


def resubmit_nomination(*, by, nomination: Nomination, on: datetime.date | None = None) -> Nomination:
    """The unit resubmits a corrected nomination, until the round's scoring opens ``on`` (today); the
    第三条 test runs again on the rule in force. When the round's experts were assigned meanwhile,
    the nomination gets its own by the same rules (a shortfall is reported in the round's history)."""
    from yingcai.selection.domain.assignments import assign_late_nomination

    on = on or timezone.localdate()
    with transaction.atomic():
        check_correctable(Nomination.objects.select_related("round").get(pk=nomination.pk), on)
        nomination = _check(by=by, nomination=nomination, transition="resubmit")
        # The guard checked eligibility on the locked row; keep the verdict and the rule it used.
        check_still_eligible(nomination, on)
        nomination.save(update_fields=["eligibility_note", "rule"])
        if nomination.round.state == RoundState.EXPERTS_ASSIGNED:
            assign_late_nomination(by=by, nomination=nomination)
    return nomination


def withdraw_nomination(*, by, nomination: Nomination, reason: str, on: datetime.date | None = None) -> Nomination:
    """The unit withdraws its nomination with a reason, only before the round's scoring opens.
    Assignments stay as they were (they are history); a withdrawn nomination leaves the ranking."""
    if not by.has_perm("selection.withdraw_nomination", nomination):
        raise PermissionDenied(_("只有推荐单位可以撤回推荐。"))
    on = on or timezone.localdate()
    if not can_withdraw_on(nomination, on):
        raise ValidationError(
            _("评审已于%(date)s开始，不能再撤回推荐。") % {"date": nomination.round.scoring_opens},
            code="scoring_open",
        )
    return _check(by=by, nomination=nomination, transition="withdraw", reason=reason)


def can_withdraw_on(nomination: Nomination, on: datetime.date) -> bool:
    return on < nomination.round.scoring_opens


def update_nomination(
    *, by, nomination: Nomination, data: dict[str, Any], version: int | None, on: datetime.date | None = None
) -> Nomination:
    """The unit (or the office) corrects a submitted nomination before experts are assigned, or a
    returned one until scoring opens (`correction_blocker`, ``on`` today). A copy older than the
    stored one is refused; the 第三条 test runs again; audited."""
    if not by.has_perm("selection.edit_nomination", nomination):
        raise PermissionDenied(_("只能修改本单位的推荐。"))
    with transaction.atomic():
        nomination = lock_for_edit(Nomination, nomination.pk, version)
        if nomination.state not in EDITABLE_STATES:
            raise ValidationError(
                _("推荐当前状态为“%(state)s”，不能修改。") % {"state": nomination.get_state_display()},
                code="wrong_state",
            )
        check_correctable(nomination, on or timezone.localdate())
        before = clear_snapshot(nomination, _AUDITED)
        many = assign(nomination, data, EDITABLE_FIELDS)
        if "task_funding" in data:
            nomination.task_funding = Decimal(str(data["task_funding"]))
        if nomination.task_end < nomination.task_start:
            raise ValidationError({"task_end": _("任务结束日期不能早于起始日期。")})
        co_applicants = list(many.get("co_applicants", nomination.co_applicants.all()))
        if any(c.pk == nomination.talent_id for c in co_applicants):
            raise ValidationError({"co_applicants": _("被推荐人不能同时是共同申请人。")})
        check_still_eligible(nomination, on or timezone.localdate())
        nomination.version += 1
        nomination.save()
        if "co_applicants" in many:
            nomination.co_applicants.set(co_applicants)
        changes = audit_diff(before, clear_snapshot(nomination, _AUDITED))
        record(actor=by, action=AuditAction.UPDATE, target=nomination, changes=changes, reason=_("修改推荐材料"))
    return nomination
