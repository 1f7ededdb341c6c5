from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.selection.factories import NOMINATION_DAY, SCORING_DAY, D, RoundFactory
from yingcai.audit.domain import history_of
from yingcai.selection.domain.nominations import check_eligibility, nominate
from yingcai.selection.enums import NominationState, NomineeRole, TaskLevel


def task(**overrides):
    values = {
        "task_name": "尼龙66关键材料攻关",
        "task_number": "241100210100",
        "task_level": TaskLevel.PROVINCIAL,
        "task_funding": Decimal("800"),
        "nominee_role": NomineeRole.LEADER,
        "task_start": D(2025, 1, 1),
        "task_end": D(2027, 12, 31),
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize("level", [TaskLevel.PROVINCIAL, TaskLevel.MUNICIPAL])
@pytest.mark.parametrize("role", [NomineeRole.LEADER, NomineeRole.CHIEF_EXPERT, NomineeRole.SUBJECT_LEADER])
def test_the_leader_of_a_provincial_or_municipal_task_is_eligible(unit_staff, unit, talent, level, role):
    round = RoundFactory()
    nomination = nominate(
        by=unit_staff,
        round=round,
        talent=talent,
        unit=unit,
        on=NOMINATION_DAY,
        **task(task_level=level, nominee_role=role),
    )
    assert nomination.state == NominationState.SUBMITTED
    assert "第三条" in nomination.eligibility_note
    assert history_of(nomination).count() == 1


def test_a_participant_is_refused_with_the_reason_and_the_article(unit_staff, unit, talent):
    with pytest.raises(ValidationError) as error:
        nominate(
            by=unit_staff,
            round=RoundFactory(),
            talent=talent,
            unit=unit,
            on=NOMINATION_DAY,
            **task(nominee_role=NomineeRole.PARTICIPANT),
        )
    assert "第三条" in str(error.value)
    assert "参与" in str(error.value)
    assert "担纲领衔" in str(error.value)


@pytest.mark.parametrize("level", [TaskLevel.NATIONAL, TaskLevel.OTHER])
def test_tasks_that_are_neither_provincial_nor_municipal_are_refused(unit_staff, unit, talent, level):
    with pytest.raises(ValidationError) as error:
        nominate(
            by=unit_staff, round=RoundFactory(), talent=talent, unit=unit, on=NOMINATION_DAY, **task(task_level=level)
        )
    assert "第三条" in str(error.value)
    assert str(TaskLevel(level).label) in str(error.value)


def test_the_eligibility_check_lists_every_failing_condition():
    result = check_eligibility(task_level=TaskLevel.OTHER, nominee_role=NomineeRole.PARTICIPANT)
    assert not result.eligible
    assert len(result.reasons) == 2
    assert result.article == "第三条"


def test_a_unit_cannot_nominate_another_units_talent(unit_staff, unit, other_unit, other_talent):
    with pytest.raises(PermissionDenied):
        nominate(by=unit_staff, round=RoundFactory(), talent=other_talent, unit=unit, on=NOMINATION_DAY, **task())
    with pytest.raises(PermissionDenied):
        nominate(by=unit_staff, round=RoundFactory(), talent=other_talent, unit=other_unit, on=NOMINATION_DAY, **task())


def test_the_office_nominates_for_any_unit(office, other_unit, other_talent):
    nomination = nominate(
        by=office, round=RoundFactory(), talent=other_talent, unit=other_unit, on=NOMINATION_DAY, **task()
    )
    assert nomination.unit == other_unit


def test_nominations_only_in_the_nomination_window(unit_staff, unit, talent):
    with pytest.raises(ValidationError, match="不在推荐期内"):
        nominate(by=unit_staff, round=RoundFactory(), talent=talent, unit=unit, on=SCORING_DAY, **task())


def test_a_talent_is_nominated_once_per_round(unit_staff, unit, talent):
    round = RoundFactory()
    nominate(by=unit_staff, round=round, talent=talent, unit=unit, on=NOMINATION_DAY, **task())
    with pytest.raises(ValidationError, match="已在本批次被推荐"):
        nominate(by=unit_staff, round=round, talent=talent, unit=unit, on=NOMINATION_DAY, **task())


def test_experts_cannot_nominate(expert, unit, talent):
    with pytest.raises(PermissionDenied):
        nominate(by=expert, round=RoundFactory(), talent=talent, unit=unit, on=NOMINATION_DAY, **task())


def test_national_tasks_count_once_the_office_publishes_the_rule(office, unit_staff, unit, talent):
    from yingcai.policy.domain import publish_rule_version
    from yingcai.selection.domain import rules_keys

    publish_rule_version(
        by=office,
        key=rules_keys.NATIONAL_TASK_ELIGIBLE,
        value=1,
        effective_from=D(2025, 1, 1),
        note="市委人才办会议纪要",
    )
    nomination = nominate(
        by=unit_staff,
        round=RoundFactory(),
        talent=talent,
        unit=unit,
        on=NOMINATION_DAY,
        **task(task_level=TaskLevel.NATIONAL),
    )
    assert nomination.rule.key == rules_keys.NATIONAL_TASK_ELIGIBLE
    assert nomination.rule.version == 2
    # 其他 still never counts.
    assert not check_eligibility(
        task_level=TaskLevel.OTHER, nominee_role=NomineeRole.LEADER, national_counts=True
    ).eligible


def test_an_unknown_level_or_role_is_refused_not_a_crash():
    with pytest.raises(ValidationError, match="不在可选范围内"):
        check_eligibility(task_level="galactic", nominee_role="leader")
    with pytest.raises(ValidationError, match="不在可选范围内"):
        check_eligibility(task_level="provincial", nominee_role="mascot")
