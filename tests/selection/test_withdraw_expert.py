"""The office takes an expert out of a round: assignments withdrawn, their sheets excluded from the
results, replacements while scoring is open, none after it closed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.selection.factories import AFTER_SCORING, SCORING_DAY, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.audit.domain import history_of
from yingcai.review.engine.aggregation import ExclusionReason
from yingcai.selection.domain.assignments import assign_experts, declare_conflict, withdraw_expert
from yingcai.selection.domain.results import results
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AssignmentState
from yingcai.selection.models import Assignment


def active_experts(nomination):
    return set(
        Assignment.objects.filter(
            nomination=nomination, state__in=(AssignmentState.ASSIGNED, AssignmentState.SCORED)
        ).values_list("expert_id", flat=True)
    )


def test_withdrawn_expert_is_replaced_on_every_nomination_while_scoring_is_open(office):
    round = RoundFactory(experts_per_candidate=2)
    first, second = NominationFactory(round=round), NominationFactory(round=round)
    a, b, c, d = (ExpertFactory() for _ in range(4))
    assign_experts(by=office, round=round)
    leaving = Assignment.objects.filter(nomination=first).first().expert
    outcome = withdraw_expert(by=office, round=round, expert=leaving, reason="身体原因", on=SCORING_DAY)
    assert {x.state for x in Assignment.objects.filter(expert=leaving)} == {AssignmentState.WITHDRAWN}
    assert not outcome.unreplaced
    for nomination in (first, second):
        experts = active_experts(nomination)
        assert leaving.pk not in experts
        assert len(experts) == 2
    assert set(outcome.replacements) == {x.nomination_id for x in outcome.withdrawn}
    assert history_of(round).first().reason == "身体原因"
    # Never brought back in this round, even as the replacement of a declared conflict.
    someone = Assignment.objects.filter(nomination=first, state=AssignmentState.ASSIGNED).first()
    result = declare_conflict(by=someone.expert.user, assignment=someone, reason="同事", on=SCORING_DAY)
    assert result.replacement is None or result.replacement.expert_id != leaving.pk
    assert {a, b, c, d}  # the pool of four


def test_after_scoring_closes_the_sheets_are_excluded_and_nobody_replaces(office):
    round, (first, second), (a, b, c) = assigned_round(office)
    for expert, value in ((a, 80), (b, 90), (c, 30)):
        submit_scores(by=expert.user, assignment=assignment(first, expert), on=SCORING_DAY, **sheet(value))
        submit_scores(by=expert.user, assignment=assignment(second, expert), on=SCORING_DAY, **sheet(70))
    before = results(by=office, round=round, on=AFTER_SCORING).by_candidate()[first.pk]
    assert before.score == Decimal("66.6667")  # (80 + 90 + 30) / 3
    outcome = withdraw_expert(by=office, round=round, expert=c, reason="与候选人存在利害关系", on=AFTER_SCORING)
    assert not outcome.replacements
    assert set(outcome.unreplaced) == {first.pk, second.pk}
    after = results(by=office, round=round, on=AFTER_SCORING).by_candidate()
    assert after[first.pk].score == Decimal("85.0000")  # (80 + 90) / 2
    assert {(e.expert_id, e.reason) for e in after[first.pk].explanation.excluded} == {
        (c.pk, ExclusionReason.WITHDRAWN)
    }


def test_only_the_office_withdraws_with_a_reason_and_only_an_expert_of_the_round(office, unit_staff):
    round, _noms, (a, _b, _c) = assigned_round(office)
    for user in (unit_staff, a.user):
        with pytest.raises(PermissionDenied):
            withdraw_expert(by=user, round=round, expert=a, reason="x", on=SCORING_DAY)
    with pytest.raises(ValidationError):
        withdraw_expert(by=office, round=round, expert=a, reason=" ", on=SCORING_DAY)
    with pytest.raises(ValidationError, match="没有进行中的评审任务"):
        withdraw_expert(by=office, round=round, expert=ExpertFactory(), reason="x", on=SCORING_DAY)
    withdraw_expert(by=office, round=round, expert=a, reason="x", on=SCORING_DAY)
    with pytest.raises(ValidationError, match="没有进行中的评审任务"):
        withdraw_expert(by=office, round=round, expert=a, reason="再次", on=SCORING_DAY)


def test_no_withdrawal_before_assignment(office):
    round = RoundFactory()
    NominationFactory(round=round)
    expert = ExpertFactory()
    with pytest.raises(ValidationError, match="已分配专家"):
        withdraw_expert(by=office, round=round, expert=expert, reason="x", on=SCORING_DAY)
