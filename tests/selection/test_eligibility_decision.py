"""The 第三条 check answers with the platform's one Decision: both conditions, each with why, the
article and (for the task level) the version of the rule that says whether 国家级 counts."""

import pytest

from tests.selection.factories import NOMINATION_DAY
from yingcai.core.decisions import Decision, RuleVersion
from yingcai.policy.domain import rule_in_force
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.nominations import check_eligibility
from yingcai.selection.enums import NomineeRole, TaskLevel


@pytest.mark.django_db
def test_the_task_level_condition_cites_the_rule_version_applied():
    rule = rule_in_force(rules_keys.NATIONAL_TASK_ELIGIBLE, NOMINATION_DAY)
    decision = check_eligibility(
        task_level=TaskLevel.NATIONAL, nominee_role=NomineeRole.LEADER, national_counts=rule.number == 1, rule=rule
    )
    assert isinstance(decision, Decision) and decision.verdict is False
    level, role = decision.conditions
    assert level.code == "task_level" and not level.passed and level.rule_version == rule.version
    assert level.citation == rule.citation and level.article == "第三条"
    assert role.code == "nominee_role" and role.passed and role.rule_version is None
    assert decision.rules == (RuleVersion(rules_keys.NATIONAL_TASK_ELIGIBLE, rule.version),)


def test_passed_conditions_say_why_too():
    decision = check_eligibility(task_level=TaskLevel.PROVINCIAL, nominee_role=NomineeRole.LEADER)
    assert decision.eligible and decision.reasons == ()
    assert all(c.passed and c.detail for c in decision.conditions)
    assert str(TaskLevel.PROVINCIAL.label) in decision.conditions[0].detail
    assert decision.rules == ()


def test_a_failing_condition_keeps_its_sentence_as_data():
    decision = check_eligibility(task_level=TaskLevel.OTHER, nominee_role=NomineeRole.PARTICIPANT)
    assert decision.reasons == tuple(c.detail for c in decision.failed)
    role = decision.conditions[1].as_dict()
    assert role["detail_text"]["params"] == {"role": {"choice": "nominee_role", "value": NomineeRole.PARTICIPANT}}
