"""Opening a selection round with its criteria (第三条, 第十一条)."""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import rule_in_force
from yingcai.review.engine.criteria import Criterion, CriterionKind, validate_criteria
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import AggregationMethod
from yingcai.selection.models import RoundCriterion, SelectionRound

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


def _criterion(item: Criterion | Mapping[str, Any]) -> Criterion:
    if isinstance(item, Criterion):
        return item
    if item.get("kind") not in CriterionKind._value2member_map_:
        raise ValidationError(_("指标“%(name)s”的类型不在可选范围内。") % {"name": item.get("name", "")})
    return Criterion(
        code=str(item["code"]),
        name=str(item["name"]),
        weight=Decimal(str(item["weight"])),
        kind=CriterionKind(item["kind"]),
        evidence=str(item.get("evidence") or ""),
    )


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
    items = [_criterion(c) for c in criteria]
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
        round = SelectionRound.objects.create(created_by=by, **values)
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
