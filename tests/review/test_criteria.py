from decimal import Decimal

from yingcai.review.engine.criteria import Criterion, CriterionKind, validate_criteria

D = Decimal
LIMITS = {"max_single_weight": D(30), "max_count_weight": D(20)}


def criteria(*weights_and_kinds):
    return [
        Criterion(code=f"c{i}", name=f"指标{i}", weight=D(w), kind=kind)
        for i, (w, kind) in enumerate(weights_and_kinds, start=1)
    ]


A, C, N = CriterionKind.ABILITY, CriterionKind.CONTRIBUTION, CriterionKind.COUNT


def test_weights_at_the_limits_are_allowed():
    # 30 = single limit (以下 includes it); the count criterion 20 = count limit; sum 100.
    assert validate_criteria(criteria((30, A), (30, C), (20, N), (20, A)), **LIMITS) == []


def test_one_over_the_single_limit_is_refused():
    errors = validate_criteria(criteria((31, A), (29, C), (20, N), (20, A)), **LIMITS)
    assert len(errors) == 1
    assert "指标1" in errors[0] and "31" in errors[0] and "第十一条" in errors[0]


def test_counts_together_over_the_limit_are_refused_even_when_each_is_small():
    # Two count criteria of 10.5 each: each under 30, together 21 > 20.
    errors = validate_criteria(criteria((30, A), (30, C), (10.5, N), (10.5, N), (19, A)), **LIMITS)
    assert len(errors) == 1
    assert "计数类" in errors[0] and "21" in errors[0]


def test_count_weight_exactly_at_the_limit_with_two_criteria_is_allowed():
    assert validate_criteria(criteria((30, A), (30, C), (10, N), (10, N), (20, A)), **LIMITS) == []


def test_weights_must_sum_to_100():
    errors = validate_criteria(criteria((30, A), (30, C), (20, N), (19, A)), **LIMITS)
    assert errors == ["各指标权重之和须为100%，现为99%。"]
    decimals = [
        Criterion("a", "甲", D("33.33"), A),
        Criterion("b", "乙", D("33.33"), C),
        Criterion("c", "丙", D("33.34"), A),
    ]
    assert validate_criteria(decimals, max_single_weight=D("33.34"), max_count_weight=D(0)) == []


def test_duplicate_codes_zero_weights_and_empty_sets_are_refused():
    assert validate_criteria([], **LIMITS) == ["至少需要一项评价指标。"]
    dup = [Criterion("a", "甲", D(30), A), Criterion("a", "乙", D(70), C)]
    errors = validate_criteria(dup, max_single_weight=D(100), max_count_weight=D(0))
    assert errors == ["指标代码重复：a。"]
    zero = criteria((0, A), (100, C))
    assert any("须大于0" in e for e in validate_criteria(zero, max_single_weight=D(100), max_count_weight=D(0)))


def test_limits_are_parameters_not_constants():
    weights = criteria((40, A), (40, C), (20, N))
    assert validate_criteria(weights, max_single_weight=D(40), max_count_weight=D(20)) == []
    assert len(validate_criteria(weights, max_single_weight=D(39), max_count_weight=D(19))) == 3
