"""Evaluation criteria of a round and the checks 第十一条 puts on their weights.

Weights are **percentages that sum to exactly 100** (Decimal, so 33.33 + 33.33 + 33.34 is exact).
A criterion scored 0–100 then contributes ``weight × score / 100`` and the weighted total of a
sheet is again on 0–100, the scale experts and the public read.

Limits follow the law's reading of 以上/以下: a weight *equal to* the limit is allowed, one over is
refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

WEIGHT_TOTAL = Decimal(100)


class CriterionKind(StrEnum):
    """What a criterion looks at. Only ``COUNT`` is a bare count (of papers, titles, awards): 第十一条
    forbids letting those decide, so their weights are capped together."""

    ABILITY = "ability"  # 创新能力, 攻关能力
    CONTRIBUTION = "contribution"  # 实际贡献
    ACHIEVEMENT = "achievement"  # 成果与转化
    FIT = "fit"  # 产业契合度
    TEAM = "team"  # 团队建设
    COUNT = "count"  # 论文数、职称、奖项等的计数


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    weight: Decimal  # percent; all criteria of a round sum to 100
    kind: CriterionKind
    evidence: str = ""  # what evidence the experts look at, shown on the scoring sheet


def validate_criteria(
    criteria: Sequence[Criterion],
    *,
    max_single_weight: Decimal,
    max_count_weight: Decimal,
) -> list[str]:
    """Return the reasons the criteria can't be used (empty when they can).

    ``max_single_weight``: no criterion may weigh more (第十一条: no single criterion decides).
    ``max_count_weight``: the ``COUNT`` criteria together may weigh no more (不唯论文、唯职称).
    """
    errors: list[str] = []
    if not criteria:
        return [_("至少需要一项评价指标。")]
    duplicated = sorted(code for code, n in Counter(c.code for c in criteria).items() if n > 1)
    if duplicated:
        errors.append(_("指标代码重复：%(codes)s。") % {"codes": "、".join(duplicated)})
    for criterion in criteria:
        if criterion.weight <= 0:
            errors.append(_("指标“%(name)s”的权重须大于0。") % {"name": criterion.name})
        elif criterion.weight > max_single_weight:
            errors.append(
                _("指标“%(name)s”的权重%(weight)s%%超过单项上限%(limit)s%%（第十一条：任何单项不得起决定作用）。")
                % {"name": criterion.name, "weight": _number(criterion.weight), "limit": _number(max_single_weight)}
            )
    total = sum((c.weight for c in criteria), Decimal(0))
    if total != WEIGHT_TOTAL:
        errors.append(_("各指标权重之和须为100%%，现为%(total)s%%。") % {"total": _number(total)})
    count_total = sum((c.weight for c in criteria if c.kind == CriterionKind.COUNT), Decimal(0))
    if count_total > max_count_weight:
        errors.append(
            _("论文、职称等计数类指标权重合计%(weight)s%%，超过上限%(limit)s%%（第十一条：破除“唯论文、唯职称”）。")
            % {"weight": _number(count_total), "limit": _number(max_count_weight)}
        )
    return errors


def _number(value: Decimal) -> str:
    """30.00 → "30", 12.50 → "12.5": weights read the way people write them."""
    return format(value.normalize(), "f")
