"""The formal check of nominations (形式审查, 第三条): accept, return with a reason, correct with
optimistic locking, resubmit (the eligibility test again), withdraw before scoring opens."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.selection.factories import SCORING_DAY, D, ExpertFactory, NominationFactory, RoundFactory
from yingcai.audit.domain import history_of
from yingcai.notifications.models import Notification
from yingcai.registry.domain.errors import StaleEditError
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.nominations import (
    accept_nomination,
    resubmit_nomination,
    return_nomination,
    update_nomination,
    withdraw_nomination,
)
from yingcai.selection.enums import NominationState, NomineeRole, TaskLevel
from yingcai.selection.workflow import NOMINATION_CHECK
from yingcai.workflows.engine import steps_of

BEFORE_SCORING = D(2026, 4, 9)  # the factory round's scoring opens on 10 April


@pytest.fixture
def nomination(unit):
    return NominationFactory(unit=unit)


def test_the_office_accepts_and_the_unit_is_told(office, unit_staff, nomination):
    accept_nomination(by=office, nomination=nomination)
    assert nomination.state == NominationState.ACCEPTED
    (step,) = steps_of(nomination)
    assert step.transition == "accept"
    assert Notification.objects.filter(recipient=unit_staff, url__contains=str(nomination.pk)).exists()


def test_return_needs_a_reason_and_tells_the_unit(office, unit_staff, nomination):
    with pytest.raises(ValidationError):
        return_nomination(by=office, nomination=nomination, reason="  ")
    return_nomination(by=office, nomination=nomination, reason="任务合同未盖章")
    assert nomination.state == NominationState.RETURNED
    note = Notification.objects.get(recipient=unit_staff)
    assert note.body == "任务合同未盖章"
    assert "任务合同未盖章" in history_of(nomination).first().reason


def test_an_accepted_nomination_can_be_returned_until_experts_are_assigned(office, nomination):
    accept_nomination(by=office, nomination=nomination)
    return_nomination(by=office, nomination=nomination, reason="补充材料")
    assert nomination.state == NominationState.RETURNED

    other = NominationFactory(round=nomination.round)
    accept_nomination(by=office, nomination=other)
    ExpertFactory()
    ExpertFactory()
    assign_experts(by=office, round=nomination.round)
    with pytest.raises(ValidationError, match="已分配评审专家"):
        return_nomination(by=office, nomination=other, reason="补充材料")


def test_only_the_office_checks_and_only_the_unit_resubmits(unit_staff, office, nomination, other_unit):
    stranger = factories.unit_user(other_unit)
    for user in (unit_staff, stranger):
        with pytest.raises(PermissionDenied):
            accept_nomination(by=user, nomination=nomination)
        with pytest.raises(PermissionDenied):
            return_nomination(by=user, nomination=nomination, reason="x")
    return_nomination(by=office, nomination=nomination, reason="补充材料")
    for user in (office, stranger):
        with pytest.raises(PermissionDenied):
            resubmit_nomination(by=user, nomination=nomination, on=BEFORE_SCORING)
    resubmit_nomination(by=unit_staff, nomination=nomination, on=BEFORE_SCORING)
    assert nomination.state == NominationState.SUBMITTED
    assert "第三条" in nomination.eligibility_note


def test_correction_with_a_stale_copy_is_refused(office, unit_staff, nomination):
    return_nomination(by=office, nomination=nomination, reason="任务编号有误")
    version = nomination.version
    updated = update_nomination(
        by=unit_staff, nomination=nomination, data={"task_number": "2411-NEW"}, version=version, on=BEFORE_SCORING
    )
    assert (updated.task_number, updated.version) == ("2411-NEW", version + 1)
    assert history_of(updated).first().changes["task_number"][1] == "2411-NEW"
    with pytest.raises(StaleEditError, match="已被他人修改"):
        update_nomination(
            by=unit_staff, nomination=nomination, data={"task_number": "X"}, version=version, on=BEFORE_SCORING
        )


def test_correction_reruns_article_3(office, unit_staff, nomination):
    return_nomination(by=office, nomination=nomination, reason="角色有误")
    with pytest.raises(ValidationError, match="第三条"):
        update_nomination(
            by=unit_staff,
            nomination=nomination,
            data={"nominee_role": NomineeRole.PARTICIPANT},
            version=nomination.version,
            on=BEFORE_SCORING,
        )
    with pytest.raises(ValidationError, match="第三条"):
        update_nomination(
            by=unit_staff,
            nomination=nomination,
            data={"task_level": TaskLevel.NATIONAL},
            version=None,
            on=BEFORE_SCORING,
        )
    nomination.refresh_from_db()
    assert nomination.nominee_role == NomineeRole.LEADER  # nothing saved


def test_a_resubmission_by_a_changed_rule_is_refused(office, unit_staff, unit):
    nomination = NominationFactory(unit=unit, task_level=TaskLevel.NATIONAL)  # made before the rule was read
    return_nomination(by=office, nomination=nomination, reason="级别")
    with pytest.raises(ValidationError, match="第三条"):
        resubmit_nomination(by=unit_staff, nomination=nomination, on=BEFORE_SCORING)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.RETURNED


def test_other_units_and_accepted_nominations_cannot_be_corrected(office, nomination, other_unit):
    with pytest.raises(PermissionDenied):
        update_nomination(by=factories.unit_user(other_unit), nomination=nomination, data={}, version=None)
    accept_nomination(by=office, nomination=nomination)
    with pytest.raises(ValidationError, match="不能修改"):
        update_nomination(by=office, nomination=nomination, data={"task_name": "x"}, version=None)


def test_withdraw_until_the_day_before_scoring_opens(unit_staff, nomination):
    with pytest.raises(ValidationError, match="评审已于"):
        withdraw_nomination(by=unit_staff, nomination=nomination, reason="人才调离", on=D(2026, 4, 10))
    with pytest.raises(ValidationError):
        withdraw_nomination(by=unit_staff, nomination=nomination, reason=" ", on=BEFORE_SCORING)
    withdraw_nomination(by=unit_staff, nomination=nomination, reason="人才调离", on=BEFORE_SCORING)
    assert nomination.state == NominationState.WITHDRAWN
    assert NOMINATION_CHECK.available(unit_staff, nomination) == []


def test_only_the_nominating_unit_withdraws(office, nomination, other_unit):
    for user in (office, factories.unit_user(other_unit)):
        with pytest.raises(PermissionDenied):
            withdraw_nomination(by=user, nomination=nomination, reason="x", on=BEFORE_SCORING)


def test_a_withdrawn_nomination_cannot_be_scored(office, unit, unit_staff):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round, unit=unit)
    expert = ExpertFactory()
    assign_experts(by=office, round=round)
    withdraw_nomination(by=unit_staff, nomination=nomination, reason="人才调离", on=BEFORE_SCORING)
    from tests.selection.helpers import assignment, sheet
    from yingcai.selection.domain.scoring import submit_scores

    with pytest.raises(ValidationError, match="不在评审中"):
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **sheet(80))
