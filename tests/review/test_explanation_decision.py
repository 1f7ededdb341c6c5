"""The review engine's explanation as the platform's one Decision: a condition per sheet, passed
when its total enters the score."""

from decimal import Decimal

from yingcai.review.engine.aggregation import AggregationMethod, ExclusionReason, ScoreSheet, aggregate
from yingcai.review.engine.criteria import Criterion, CriterionKind

OVERALL = [Criterion("overall", "综合", Decimal(100), CriterionKind.ABILITY)]


def _result(totals: dict, method=AggregationMethod.TRIMMED_MEAN, **kwargs):
    sheets = [ScoreSheet(e, "A", None if t is None else {"overall": Decimal(t)}) for e, t in totals.items()]
    return aggregate(sheets, criteria=OVERALL, method=method, trim_min_scores=5, **kwargs).by_candidate()["A"]


def test_trimmed_sheets_fail_and_the_rest_pass():
    decision = _result({1: 60, 2: 70, 3: 80, 4: 90, 5: 100}).explanation.decision
    assert decision.verdict is True
    passed = {c.label: c.passed for c in decision.conditions}
    assert passed == {"专家1": False, "专家2": True, "专家3": True, "专家4": True, "专家5": False}
    assert "去掉最高分" in next(c.detail for c in decision.conditions if c.label == "专家5")


def test_an_excluded_sheet_fails_with_its_reason_and_no_counted_sheet_is_no_verdict():
    result = _result({1: None}, method=AggregationMethod.MEAN)
    decision = result.explanation.decision
    assert decision.verdict is False
    (sheet,) = decision.conditions
    assert sheet.code == ExclusionReason.NOT_SCORED.value and not sheet.passed
    assert sheet.detail == result.explanation.excluded[0].message
