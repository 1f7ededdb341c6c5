"""Opening a selection round with its criteria (第三条, 第十一条)."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.notifications.domain import notify
from yingcai.policy.domain import rule_in_force
from yingcai.registry.domain.editing import lock_for_edit
from yingcai.review.engine.criteria import Criterion, CriterionKind, validate_criteria
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, AggregationMethod, NominationOutcome, RoundState
from yingcai.selection.models import Assignment, RoundCriterion, SelectionRound
from yingcai.selection.workflow import ROUND_STAGES

ROUND_FIELDS = [
    "year",
    "name",
    "nomination_opens",
    "nomination_closes",
    "scoring_opens",
    "scoring_closes",
    "quota",
    "experts_per_candidate",
    "max_per_expert",
    "aggregation_method",
    "spread_limit",
]


def _criterion(item: Criterion | Mapping[str, Any], code: str) -> Criterion:
    if isinstance(item, Criterion):
        return item
    if item.get("kind") not in CriterionKind._value2member_map_:
        raise ValidationError(_("指标“%(name)s”的类型不在可选范围内。") % {"name": item.get("name", "")})
    return Criterion(
        code=code,
        name=str(item["name"]),
        weight=Decimal(str(item["weight"])),
        kind=CriterionKind(item["kind"]),
        evidence=str(item.get("evidence") or ""),
    )


def _given_code(item: Criterion | Mapping[str, Any]) -> str:
    return item.code if isinstance(item, Criterion) else str(item.get("code") or "").strip()


def criterion_codes(criteria: Sequence[Criterion | Mapping[str, Any]]) -> list[str]:
    """The criteria's codes (the keys of the score sheets): generated ``c1``, ``c2`` … by position,
    so nobody types an English code; a code already given (the API, the demo) is kept."""
    given = {_given_code(c) for c in criteria} - {""}
    codes, n = [], 0
    for item in criteria:
        code = _given_code(item)
        if not code:
            n += 1
            while f"c{n}" in given:
                n += 1
            code = f"c{n}"
        codes.append(code)
    return codes


def create_round(
    *,
    by,
    data: Mapping[str, Any],
    criteria: Sequence[Criterion | Mapping[str, Any]],
    on: datetime.date | None = None,
) -> SelectionRound:
    """Open a round. The criteria are checked against the 第十一条 rules in force ``on`` (today),
    whose versions are kept on the round; a weight equal to a limit is allowed."""
    if not by.has_perm("selection.manage_round"):
        raise PermissionDenied(_("只有市委人才办可以发布遴选批次。"))
    on = on or timezone.localdate()
    items = [_criterion(c, code) for c, code in zip(criteria, criterion_codes(criteria), strict=True)]
    rules = {key: rule_in_force(key, on) for key in rules_keys.ROUND_RULES}
    errors = validate_criteria(
        items,
        max_single_weight=rules[rules_keys.MAX_SINGLE_CRITERION_WEIGHT].value,
        max_count_weight=rules[rules_keys.MAX_COUNT_CRITERIA_WEIGHT].value,
    )
    values = {name: data[name] for name in ROUND_FIELDS if name in data}
    if values.get("aggregation_method", AggregationMethod.TRIMMED_MEAN) not in AggregationMethod.values:
        errors.append(_("计分方法不在可选范围内。"))
    opens, closes = values.get("nomination_opens"), values.get("nomination_closes")
    if opens and closes and closes < opens:
        errors.append(_("推荐截止日期不能早于开始日期。"))
    if values.get("scoring_opens") and values.get("scoring_closes"):
        if values["scoring_closes"] < values["scoring_opens"]:
            errors.append(_("评审截止日期不能早于开始日期。"))
        if values.get("nomination_closes") and values["scoring_opens"] <= values["nomination_closes"]:
            errors.append(_("评审须在推荐截止之后开始。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round = SelectionRound.objects.create(created_by=by, state=ROUND_STAGES.start(), **values)
        round.rules.set(rules.values())
        RoundCriterion.objects.bulk_create(
            RoundCriterion(
                round=round, code=c.code, name=c.name, weight=c.weight, kind=c.kind, evidence=c.evidence, position=i
            )
            for i, c in enumerate(items)
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=round,
            changes={
                "criteria": [{"code": c.code, "name": c.name, "weight": str(c.weight), "kind": c.kind} for c in items],
                "rules": {key: f"v{rule.version}" for key, rule in rules.items()},
            },
        )
    return round


# --- changing a round's calendar and quota (extend a deadline) -----------------------------------------

# What the office may change once a round is published: its windows and its quota.
EDITABLE_ROUND_FIELDS = ["nomination_opens", "nomination_closes", "scoring_opens", "scoring_closes", "quota"]
_OPENING_DATES = ("nomination_opens", "scoring_opens")


def _label(name: str) -> str:
    return str(SelectionRound._meta.get_field(name).verbose_name)


def _date_errors(round: SelectionRound, values: dict[str, Any], on: datetime.date) -> dict[str, list[str]]:
    """A date that has passed is history: an opening date once the window has opened, a closing
    date once the window has closed (the closing day itself may still be extended). A new date is
    never in the past, and the windows stay in order."""
    errors: dict[str, list[str]] = {}
    for name in ("nomination_opens", "nomination_closes", "scoring_opens", "scoring_closes"):
        old, new = getattr(round, name), values[name]
        if new == old:
            continue
        passed = old <= on if name in _OPENING_DATES else old < on
        if passed:
            errors[name] = [
                _("%(field)s（%(date)s）已过，不能再修改。") % {"field": _label(name), "date": old.isoformat()}
            ]
        elif new < on:
            errors[name] = [
                _("%(field)s不能改到今天（%(today)s）之前。") % {"field": _label(name), "today": on.isoformat()}
            ]
    if values["nomination_closes"] < values["nomination_opens"]:
        errors.setdefault("nomination_closes", []).append(_("推荐截止日期不能早于开始日期。"))
    if values["scoring_opens"] <= values["nomination_closes"]:
        errors.setdefault("scoring_opens", []).append(_("评审须在推荐截止之后开始。"))
    if values["scoring_closes"] < values["scoring_opens"]:
        errors.setdefault("scoring_closes", []).append(_("评审截止日期不能早于开始日期。"))
    return errors


def update_round(
    *,
    by,
    round: SelectionRound,
    data: Mapping[str, Any],
    reason: str,
    version: int | None,
    on: datetime.date | None = None,
) -> SelectionRound:
    """Change a published round's dates and quota (extend a deadline), with a reason, audited, from
    an up-to-date copy (``version``), within what is still meaningful ``on`` (today): see
    `_date_errors`; the quota never below the nominations already shortlisted; nothing once the
    round is approved."""
    if not by.has_perm("selection.manage_round"):
        raise PermissionDenied(_("只有市委人才办可以修改遴选批次。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明修改批次日期或名额的原因。")})
    on = on or timezone.localdate()
    with transaction.atomic():
        round = lock_for_edit(SelectionRound, round.pk, version)
        if round.state == RoundState.APPROVED:
            raise ValidationError(_("遴选结果已批准，批次不能再修改。"), code="approved")
        values = {
            name: data[name] if data.get(name) is not None else getattr(round, name) for name in EDITABLE_ROUND_FIELDS
        }
        errors = _date_errors(round, values, on)
        quota = values["quota"]
        shortlisted = round.nominations.filter(
            outcome__in=(NominationOutcome.SHORTLISTED, NominationOutcome.SELECTED)
        ).count()
        if quota < 1:
            errors["quota"] = [_("遴选名额至少为1人。")]
        elif quota < shortlisted:
            errors["quota"] = [
                _("已确定拟入选%(n)s人，遴选名额不能少于%(n)s人。") % {"n": shortlisted},
            ]
        if errors:
            raise ValidationError(errors)
        changes = {
            name: [str(getattr(round, name)), str(values[name])]
            for name in EDITABLE_ROUND_FIELDS
            if getattr(round, name) != values[name]
        }
        if not changes:
            raise ValidationError(_("没有修改任何日期或名额。"), code="unchanged")
        for name in EDITABLE_ROUND_FIELDS:
            setattr(round, name, values[name])
        round.version += 1
        round.save(update_fields=[*EDITABLE_ROUND_FIELDS, "version"])
        record(actor=by, action=AuditAction.UPDATE, target=round, changes=changes, reason=reason)
        transaction.on_commit(lambda: _announce_change(round, changes, reason))
    return round


def _announce_change(round: SelectionRound, changes: dict[str, list[str]], reason: str) -> None:
    """After commit: the nominating units hear of new nomination dates, the experts reviewing in
    the round of new scoring dates."""
    if {"nomination_opens", "nomination_closes"} & changes.keys():
        units = set(round.nominations.values_list("unit_id", flat=True))
        if units:
            notify(
                users=unit_staff(*units),
                title=_("%(round)s推荐期调整为%(start)s至%(end)s")
                % {"round": round.name, "start": round.nomination_opens, "end": round.nomination_closes},
                body=reason,
                kind="selection",
            )
    if {"scoring_opens", "scoring_closes"} & changes.keys():
        experts = Assignment.objects.filter(nomination__round=round, state__in=ACTIVE_ASSIGNMENT_STATES)
        users = [a.expert.user for a in experts.select_related("expert__user")]
        if users:
            title = _("%(round)s评审期调整为%(start)s至%(end)s") % {
                "round": round.name,
                "start": round.scoring_opens,
                "end": round.scoring_closes,
            }
            notify(users=users, title=title, body=reason, kind="selection")
