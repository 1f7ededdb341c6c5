import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from tests.selection.factories import NOMINATION_DAY, D
from yingcai.audit.domain import history_of
from yingcai.policy.domain import load_policy_rules, rule_in_force
from yingcai.policy.models import PolicyRule
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.rounds import create_round

DATA = {
    "year": 2026,
    "name": "2026年度科技创新领军人才遴选",
    "nomination_opens": D(2026, 3, 1),
    "nomination_closes": D(2026, 3, 31),
    "scoring_opens": D(2026, 4, 10),
    "scoring_closes": D(2026, 4, 30),
    "quota": 20,
    "experts_per_candidate": 5,
    "aggregation_method": "trimmed_mean",
    "spread_limit": Decimal(25),
}


def criteria(*weights_and_kinds):
    return [
        {"code": f"c{i}", "name": f"指标{i}", "weight": weight, "kind": kind}
        for i, (weight, kind) in enumerate(weights_and_kinds)
    ]


def test_the_selection_rules_are_loaded_with_their_articles(db):
    assert rule_in_force(rules_keys.MAX_SINGLE_CRITERION_WEIGHT, NOMINATION_DAY).value == 40
    assert rule_in_force(rules_keys.MAX_COUNT_CRITERIA_WEIGHT, NOMINATION_DAY).value == 20
    assert rule_in_force(rules_keys.TRIM_MIN_SCORES, NOMINATION_DAY).number == 5
    publicity = rule_in_force(rules_keys.PUBLICITY_WORKING_DAYS, NOMINATION_DAY)
    assert (publicity.number, publicity.unit, publicity.article) == (5, "工作日", "第三条")
    assert rule_in_force(rules_keys.TRIM_MIN_SCORES, NOMINATION_DAY).article == "第十一条"
    national = rule_in_force(rules_keys.NATIONAL_TASK_ELIGIBLE, NOMINATION_DAY)
    assert (national.number, national.unit, national.article) == (0, "是/否", "第三条")


def test_the_0003_migration_and_the_command_load_rules_missing_from_an_older_database(db):
    PolicyRule.objects.filter(key__startswith="selection.").delete()
    importlib.import_module("yingcai.policy.migrations.0003_selection_rules").load(apps, None)
    # The five selection.* rows of data/policy/rules.csv.
    assert PolicyRule.objects.filter(key__startswith="selection.", version=1).count() == 5
    PolicyRule.objects.filter(key=rules_keys.PUBLICITY_WORKING_DAYS).delete()
    assert load_policy_rules() == 1


def test_a_single_weight_equal_to_the_limit_is_allowed_and_the_rule_versions_kept(office):
    round = create_round(
        by=office, data=DATA, criteria=criteria((40, "ability"), (40, "contribution"), (20, "team")), on=NOMINATION_DAY
    )
    assert [c.weight for c in round.criteria.all()] == [40, 40, 20]
    assert set(round.rules.values_list("key", "version")) == {(key, 1) for key in rules_keys.ROUND_RULES}
    assert history_of(round).get().changes["rules"][rules_keys.MAX_SINGLE_CRITERION_WEIGHT] == "v1"


def test_a_single_weight_over_the_limit_is_refused_with_the_article(office):
    with pytest.raises(ValidationError) as error:
        create_round(
            by=office,
            data=DATA,
            criteria=criteria((41, "ability"), (39, "contribution"), (20, "team")),
            on=NOMINATION_DAY,
        )
    assert "41%超过单项上限40%" in str(error.value)
    assert "第十一条" in str(error.value)


def test_count_criteria_up_to_the_limit_are_allowed(office):
    round = create_round(
        by=office,
        data=DATA,
        criteria=criteria((40, "ability"), (40, "contribution"), (10, "count"), (10, "count")),
        on=NOMINATION_DAY,
    )
    assert round.criteria.count() == 4


def test_count_criteria_over_the_limit_are_refused(office):
    with pytest.raises(ValidationError) as error:
        create_round(
            by=office,
            data=DATA,
            criteria=criteria((40, "ability"), (39, "contribution"), (11, "count"), (10, "count")),
            on=NOMINATION_DAY,
        )
    assert "21%，超过上限20%" in str(error.value)


def test_weights_must_sum_to_100(office):
    with pytest.raises(ValidationError):
        create_round(by=office, data=DATA, criteria=criteria((40, "ability"), (40, "contribution")), on=NOMINATION_DAY)


def test_only_the_office_opens_a_round(unit_staff, expert):
    for user in (unit_staff, expert):
        with pytest.raises(PermissionDenied):
            create_round(
                by=user,
                data=DATA,
                criteria=criteria((40, "ability"), (40, "contribution"), (20, "team")),
                on=NOMINATION_DAY,
            )


def test_an_unknown_criterion_kind_or_method_is_refused_in_chinese(office):
    with pytest.raises(ValidationError, match="类型不在可选范围内"):
        create_round(by=office, data=DATA, criteria=criteria((50, "ability"), (50, "charisma")), on=NOMINATION_DAY)
    with pytest.raises(ValidationError, match="计分方法不在可选范围内"):
        create_round(
            by=office,
            data={**DATA, "aggregation_method": "median"},
            criteria=criteria((40, "ability"), (40, "contribution"), (20, "team")),
            on=NOMINATION_DAY,
        )
