"""Hand-checked examples: every expected number is worked out in the comment above it."""

from decimal import Decimal

import pytest

from yingcai.review.engine.aggregation import (
    AggregationMethod,
    ExclusionReason,
    ScoreSheet,
    StandardScale,
    TieRule,
    aggregate,
    weighted_total,
)
from yingcai.review.engine.criteria import Criterion, CriterionKind

D = Decimal
# One criterion of weight 100: a sheet's total is its score, which keeps the hand sums short.
OVERALL = [Criterion("overall", "综合", D(100), CriterionKind.ABILITY)]
MEAN, TRIMMED, STANDARDISED = AggregationMethod.MEAN, AggregationMethod.TRIMMED_MEAN, AggregationMethod.STANDARDISED


def sheets(table):
    """{candidate: {expert: total or None}} → score sheets on the single criterion."""
    return [
        ScoreSheet(expert, candidate, None if total is None else {"overall": D(total)})
        for candidate, row in table.items()
        for expert, total in row.items()
    ]


def run(table, method=MEAN, **kwargs):
    return aggregate(sheets(table), criteria=OVERALL, method=method, **kwargs).by_candidate()


def test_weighted_total():
    criteria = [
        Criterion("ability", "创新能力", D(50), CriterionKind.ABILITY),
        Criterion("contribution", "实际贡献", D(30), CriterionKind.CONTRIBUTION),
        Criterion("papers", "论文", D(20), CriterionKind.COUNT),
    ]
    # 0.5 × 80 + 0.3 × 90 + 0.2 × 50 = 40 + 27 + 10 = 77
    assert weighted_total(criteria, {"ability": D(80), "contribution": D(90), "papers": D(50)}) == D(77)
    with pytest.raises(ValueError):
        weighted_total(criteria, {"ability": D(101), "contribution": D(90), "papers": D(50)})
    with pytest.raises(ValueError):
        weighted_total(criteria, {"ability": D(80), "contribution": D(90), "papers": D(50), "title": D(1)})


def test_mean():
    result = run({"A": {1: 80, 2: 70, 3: 90}, "B": {1: 75, 2: 76}})
    # A: (80 + 70 + 90) / 3 = 80, median 80. B: (75 + 76) / 2 = 75.5, median 75.5.
    assert (result["A"].score, result["A"].median, result["A"].rank) == (D("80.0000"), D("80.0000"), 1)
    assert (result["B"].score, result["B"].median, result["B"].rank) == (D("75.5000"), D("75.5000"), 2)
    assert result["B"].decided_by == TieRule.SCORE
    assert result["A"].explanation.method == MEAN
    assert [s.expert_id for s in result["A"].explanation.counted] == [1, 2, 3]


def test_trimmed_mean_with_four_scores_is_the_plain_mean():
    result = run({"A": {1: 60, 2: 70, 3: 80, 4: 100}}, TRIMMED)["A"]
    # Fewer than 5 scores: nothing dropped, (60 + 70 + 80 + 100) / 4 = 77.5
    assert result.score == D("77.5000")
    assert result.explanation.dropped == ()
    assert "不足5个" in result.explanation.notes[0]


def test_trimmed_mean_with_five_scores_drops_highest_and_lowest():
    result = run({"A": {1: 50, 2: 70, 3: 80, 4: 90, 5: 95}}, TRIMMED)["A"]
    # Drop 95 (expert 5) and 50 (expert 1): (70 + 80 + 90) / 3 = 80. The plain mean would be 385 / 5 = 77.
    assert result.score == D("80.0000")
    assert [(d.expert_id, d.total, d.why) for d in result.explanation.dropped] == [
        (5, D(95), "highest"),
        (1, D(50), "lowest"),
    ]
    assert result.score_count == 5
    # The minimum is a parameter from the rules.
    assert run({"A": {1: 60, 2: 70, 3: 80, 4: 100}}, TRIMMED, trim_min_scores=4)["A"].score == D("75.0000")


def test_missing_score_is_excluded_and_reported():
    result = run({"A": {1: 80, 2: None, 3: 70}})["A"]
    # Expert 2 assigned but not scored: (80 + 70) / 2 = 75 over 2 scores.
    assert (result.score, result.score_count) == (D("75.0000"), 2)
    [exclusion] = result.explanation.excluded
    assert (exclusion.expert_id, exclusion.reason) == (2, ExclusionReason.NOT_SCORED)
    assert "未评分" in exclusion.message


def test_incomplete_sheet_is_excluded():
    two = [
        Criterion("a", "甲", D(50), CriterionKind.ABILITY),
        Criterion("b", "乙", D(50), CriterionKind.CONTRIBUTION),
    ]
    data = [ScoreSheet(1, "A", {"a": D(80), "b": D(60)}), ScoreSheet(2, "A", {"a": D(90)})]
    result = aggregate(data, criteria=two, method=MEAN).by_candidate()["A"]
    # Only expert 1 counts: 0.5 × 80 + 0.5 × 60 = 70.
    assert result.score == D("70.0000")
    assert result.explanation.excluded[0].reason == ExclusionReason.INCOMPLETE


def test_withdrawn_expert_is_excluded_everywhere():
    table = {"A": {1: 80, 2: 20, 3: 70}, "B": {1: 60, 2: 100}}
    result = aggregate(sheets(table), criteria=OVERALL, method=MEAN, withdrawn_experts={2})
    by = result.by_candidate()
    # Without expert 2: A (80 + 70) / 2 = 75; B 60.
    assert by["A"].score == D("75.0000") and by["B"].score == D("60.0000")
    assert {(e.expert_id, e.candidate_id, e.reason) for e in result.excluded} == {
        (2, "A", ExclusionReason.WITHDRAWN),
        (2, "B", ExclusionReason.WITHDRAWN),
    }


def test_candidate_without_any_counted_score_is_listed_unranked():
    result = aggregate(sheets({"A": {1: 80}, "B": {2: None}}), criteria=OVERALL, method=MEAN, candidate_ids=["C"])
    assert [(c.candidate_id, c.rank) for c in result.candidates] == [("A", 1), ("B", None), ("C", None)]
    assert result.by_candidate()["B"].score is None


# The harsh expert. Expert 1 (lenient) scores A 90, C 80, D 70; expert 2 (harsh) scores B 60, C 30, D 30.
HARSH = {"A": {1: 90}, "B": {2: 60}, "C": {1: 80, 2: 30}, "D": {1: 70, 2: 30}}


def test_harsh_expert_sinks_a_candidate_under_the_mean():
    result = run(HARSH)
    # Means: A 90, B 60, C (80 + 30) / 2 = 55, D (70 + 30) / 2 = 50.
    assert [result[c].rank for c in "ABCD"] == [1, 2, 3, 4]
    assert result["B"].score == D("60.0000")


def test_standardisation_changes_the_ranking():
    result = run(HARSH, STANDARDISED)
    # Expert 1: mean 80, population sd √((100 + 0 + 100) / 3) = √66.67 = 8.1650; z: A 1.2247, C 0, D −1.2247.
    # Expert 2: mean 40, deviations +20, −10, −10, sd √((400 + 100 + 100) / 3) = √200 = 14.1421;
    #   z: B 20 / 14.1421 = 1.4142, C and D −0.7071.
    # Scores: B 1.4142 > A 1.2247 > C (0 − 0.7071) / 2 = −0.3536 > D (−1.2247 − 0.7071) / 2 = −0.9659.
    assert result["B"].score == D("1.4142")
    assert result["A"].score == D("1.2247")
    assert result["C"].score == D("-0.3536")
    assert result["D"].score == D("-0.9659")
    assert [result[c].rank for c in "BACD"] == [1, 2, 3, 4]
    assert result["C"].spread == D(50)  # the spread is on the raw totals whatever the method


def test_standardised_scores_mapped_to_a_mark():
    result = run(HARSH, STANDARDISED, scale=StandardScale(centre=D(75), spread=D(10)))
    # 75 + 10 × 1.41421356 = 89.1421; 75 + 10 × 1.22474487 = 87.2474
    assert result["B"].score == D("89.1421")
    assert result["A"].score == D("87.2474")


def test_single_candidate_and_zero_variance_experts_are_neutral():
    # Expert 3 scored only A; expert 4 gave A and B the same 70. Both count as z = 0.
    # Expert 1: A 90, B 70 → mean 80, sd 10, z A +1, B −1.
    # A: (1 + 0 + 0) / 3 = 0.3333; B: (−1 + 0) / 2 = −0.5.
    result = run({"A": {1: 90, 3: 50, 4: 70}, "B": {1: 70, 4: 70}}, STANDARDISED)
    assert result["A"].score == D("0.3333")
    assert result["B"].score == D("-0.5000")
    assert result["A"].explanation.neutral_experts == (3, 4)
    assert result["B"].explanation.neutral_experts == (4,)
    assert any("只评了一位" in note for note in result["A"].explanation.notes)
    assert any("总分相同" in note for note in result["B"].explanation.notes)


def test_withdrawn_expert_is_left_out_of_standardisation():
    # Expert 2 withdrawn: only expert 1 remains, A 90, B 70 → z +1, −1.
    table = {"A": {1: 90, 2: 0}, "B": {1: 70, 2: 100}}
    result = aggregate(sheets(table), criteria=OVERALL, method=STANDARDISED, withdrawn_experts=[2]).by_candidate()
    assert (result["A"].score, result["B"].score) == (D("1.0000"), D("-1.0000"))


def test_ties_broken_by_median_then_by_count_then_reported():
    table = {
        "P": {1: 70, 2: 80, 3: 90},  # mean 80, median 80, 3 scores
        "Q": {1: 60, 2: 90, 3: 90},  # mean 80, median 90 → above P by the median
        "R": {1: 80, 2: 80},  # mean 80, median 80, 2 scores → below P by the count
        "S": {4: 80, 5: 80},  # the same as R on every rule → the same rank as R
        "T": {1: 70},  # mean 70
    }
    ranking = aggregate(sheets(table), criteria=OVERALL, method=MEAN).candidates
    assert [(c.candidate_id, c.rank, c.decided_by) for c in ranking] == [
        ("Q", 1, None),
        ("P", 2, TieRule.MEDIAN),
        ("R", 3, TieRule.SCORE_COUNT),
        ("S", 3, TieRule.TIE),  # listed after R by candidate id, still the same rank
        ("T", 5, TieRule.SCORE),  # competition ranking: 1, 2, 3, 3, 5
    ]
    by = {c.candidate_id: c for c in ranking}
    assert by["R"].tied_with == ("S",) and by["S"].tied_with == ("R",)
    assert by["Q"].tied_with == ()


def test_scores_are_compared_at_four_decimal_places():
    # A: 200 / 3 = 66.666666…; B: (66.66667 + 66.66667 + 66.66668) / 3 = 66.666673…; both 66.6667,
    # so the score ties and the median decides: B 66.66667 > A 50.
    result = run({"A": {1: 100, 2: 50, 3: 50}, "B": {4: D("66.66667"), 5: D("66.66667"), 6: D("66.66668")}})
    assert result["A"].score == result["B"].score == D("66.6667")
    assert (result["B"].rank, result["A"].rank, result["A"].decided_by) == (1, 2, TieRule.MEDIAN)


@pytest.mark.parametrize(
    ("spread_limit", "stdev_limit", "flagged"),
    [
        (D(20), None, False),  # 80 − 60 = 20: equal to the limit is not "exceeds"
        (D("19.99"), None, True),
        (None, D(10), False),  # population sd of 60, 80 = 10
        (None, D("9.99"), True),
        (D(20), D(10), False),
    ],
)
def test_spread_flag_at_its_boundary(spread_limit, stdev_limit, flagged):
    result = run({"A": {1: 60, 2: 80}}, spread_limit=spread_limit, stdev_limit=stdev_limit)["A"]
    assert (result.spread, result.stdev) == (D(20), D(10))
    assert result.flagged is flagged
    assert len(result.flag_reasons) == int(flagged)


def test_two_sheets_of_one_expert_for_one_candidate_are_refused():
    with pytest.raises(ValueError):
        aggregate([ScoreSheet(1, "A", {"overall": D(1)})] * 2, criteria=OVERALL, method=MEAN)
