"""The one decision type: conditions keep their sentences as data, and a decision stored by any
version of the code reads back (and renders) whatever shape it was stored in."""

import json

from django.db import models
from django.utils import translation

from yingcai.core.decisions import (
    Condition,
    Decision,
    RuleVersion,
    Text,
    choice,
    listing,
    register_choices,
    render_decision,
)


class Colour(models.TextChoices):
    RED = "red", "红色"


register_choices({"test_colour": Colour})


def test_a_condition_keeps_its_sentences_as_data_and_round_trips_through_json():
    condition = Condition.of(
        "age",
        Text("年龄不超过%(n)s周岁", {"n": 55}),
        False,
        Text("颜色为%(c)s；具有：%(l)s", {"c": choice("test_colour", "red"), "l": listing(["甲", "乙"])}),
        "第十三条",
        "《办法》第十三条",
        group="tier",
        rule_version=2,
    )
    assert condition.label == "年龄不超过55周岁" and condition.detail == "颜色为红色；具有：甲、乙"
    stored = json.loads(json.dumps(condition.as_dict(), ensure_ascii=False))
    assert stored["group"] == "tier" and stored["rule_version"] == 2
    again = Condition.from_dict(stored)
    assert again == condition
    assert again.detail_text.as_dict() == condition.detail_text.as_dict()


def test_a_condition_without_group_or_rule_version_stores_neither():
    stored = Condition.of("x", Text("甲"), True, Text("乙"), "第三条").as_dict()
    assert "group" not in stored and "rule_version" not in stored


def test_an_unknown_choice_renders_as_its_code():
    assert Text("%(c)s", {"c": choice("no_such_kind", "abc")}).render() == "abc"
    assert Text("%(c)s", {"c": choice("test_colour", "blue")}).render() == "blue"


def test_a_decision_passes_only_when_every_condition_passes():
    yes = Condition.of("a", Text("甲"), True, Text("符合"), "第三条")
    no = Condition.of("b", Text("乙"), False, Text("不符合"), "第三条")
    assert Decision.of_conditions([yes]).verdict is True
    decision = Decision.of_conditions([yes, no], rules=[RuleVersion("k", 3)], article="第三条")
    assert decision.verdict is False and decision.failed == (no,)
    assert decision.as_dict()["failed"] == ["b"] and decision.as_dict()["rules"] == [{"key": "k", "version": 3}]
    assert Decision.of(decision.as_dict()) == decision


# What certification stored before its conditions kept their data (Chinese sentences only, the
# verdict under its older name, rules with their values).
OLD_CERTIFICATION = {
    "on": "2025-03-01",
    "eligible": False,
    "tier": {"id": 1, "code": "E", "name": "E类", "rank": 5, "version": 1, "citation": "", "is_example": True},
    "conditions": [
        {
            "group": "application",
            "code": "evidence",
            "label": "证明材料",
            "passed": False,
            "detail": "请上传引进合同、学历学位、职称或荣誉等证明材料。",
            "article": "第十三条",
            "citation": "",
        }
    ],
    "rules": [{"id": 7, "key": "certification.new_talent_window_years", "version": 1, "value": "3", "citation": ""}],
}


def test_an_old_stored_decision_reads_back_with_its_stored_sentences():
    decision = Decision.of(OLD_CERTIFICATION)
    assert decision.verdict is False
    assert [c.code for c in decision.failed] == ["evidence"]
    assert decision.conditions[0].detail == "请上传引进合同、学历学位、职称或荣誉等证明材料。"
    assert decision.conditions[0].group == "application" and decision.conditions[0].rule_version is None
    assert decision.rules == (RuleVersion("certification.new_talent_window_years", 1),)
    with translation.override("en"):
        assert decision.rendered().conditions[0].detail == "请上传引进合同、学历学位、职称或荣誉等证明材料。"


def test_render_decision_keeps_an_old_decision_as_stored_and_names_its_verdict():
    with translation.override("en"):
        rendered = render_decision(OLD_CERTIFICATION)
    assert rendered["verdict"] is False and rendered["eligible"] is False
    assert rendered["conditions"] == OLD_CERTIFICATION["conditions"]
    assert rendered["tier"] == OLD_CERTIFICATION["tier"] and rendered["rules"] == OLD_CERTIFICATION["rules"]
    assert render_decision(None) is None and render_decision({}) == {}
    assert Decision.of(None) is None and Decision.of({}) is None
