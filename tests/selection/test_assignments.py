import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import TalentFactory, UnitFactory
from tests.selection.factories import SCORING_DAY, ExpertFactory, NominationFactory, RoundFactory, chain, field
from yingcai.audit.domain import history_of
from yingcai.review.engine.assignment import Barrier
from yingcai.selection.domain.assignments import assign_experts, declare_conflict
from yingcai.selection.enums import AssignmentState, NominationState, RoundState
from yingcai.selection.models import Assignment


def experts_of(nomination, states=(AssignmentState.ASSIGNED,)):
    return set(Assignment.objects.filter(nomination=nomination, state__in=states).values_list("expert_id", flat=True))


def test_assignment_gives_each_nomination_its_experts_and_balances_load(office):
    round = RoundFactory(experts_per_candidate=2)
    nominations = [NominationFactory(round=round) for _ in range(3)]
    experts = [ExpertFactory() for _ in range(3)]
    report = assign_experts(by=office, round=round)
    assert not report.shortfalls
    for nomination in nominations:
        assert len(experts_of(nomination)) == 2
    assert sorted(report.loads[e.pk] for e in experts) == [2, 2, 2]
    round.refresh_from_db()
    assert round.state == RoundState.EXPERTS_ASSIGNED
    assert history_of(round).exists()
    with pytest.raises(ValidationError, match="已分配"):
        assign_experts(by=office, round=round)


def test_never_an_expert_of_the_candidates_unit_and_the_shortfall_is_reported(office):
    round = RoundFactory(experts_per_candidate=2)
    nomination = NominationFactory(round=round)
    colleague = ExpertFactory(employer=nomination.unit)
    outsiders = [ExpertFactory(), ExpertFactory()]
    assign_experts(by=office, round=round)
    assert experts_of(nomination) == {e.pk for e in outsiders}

    round = RoundFactory(experts_per_candidate=3)
    nomination = NominationFactory(round=round, unit=colleague.employer)
    report = assign_experts(by=office, round=round)
    assert colleague.pk not in experts_of(nomination)
    (shortfall,) = report.shortfalls
    assert (shortfall.candidate_id, shortfall.assigned, shortfall.barriers[Barrier.SAME_UNIT]) == (nomination.pk, 2, 1)


def test_never_a_co_applicant_nor_the_nominee_themself(office):
    round = RoundFactory(experts_per_candidate=1)
    co_applicant = TalentFactory(unit=UnitFactory())
    nomination = NominationFactory(round=round, co_applicants=[co_applicant])
    ExpertFactory(talent=co_applicant)
    ExpertFactory(talent=nomination.talent)
    outsider = ExpertFactory()
    assign_experts(by=office, round=round)
    assert experts_of(nomination) == {outsider.pk}


def test_experts_match_by_field_or_chain_only(office):
    round = RoundFactory(experts_per_candidate=2)
    nomination = NominationFactory(round=round, field=field("F1"), chain=chain("T-L1"))
    by_field = ExpertFactory(fields=[field("F1")])
    by_chain = ExpertFactory(fields=[field("F9")], chains=[chain("T-L1")])
    ExpertFactory(fields=[field("F9")])
    assign_experts(by=office, round=round)
    assert experts_of(nomination) == {by_field.pk, by_chain.pk}


def test_returned_and_withdrawn_nominations_get_no_experts(office):
    round = RoundFactory(experts_per_candidate=1)
    NominationFactory(round=round, state=NominationState.WITHDRAWN)
    kept = NominationFactory(round=round)
    ExpertFactory()
    assign_experts(by=office, round=round)
    assert Assignment.objects.filter(nomination__round=round).get().nomination == kept


def test_only_the_office_assigns(unit_staff, expert):
    round = RoundFactory()
    NominationFactory(round=round)
    for user in (unit_staff, expert):
        with pytest.raises(PermissionDenied):
            assign_experts(by=user, round=round)


def test_a_declared_conflict_is_replaced_and_never_assigned_again(office):
    round = RoundFactory(experts_per_candidate=2)
    nomination = NominationFactory(round=round)
    experts = [ExpertFactory() for _ in range(3)]
    assign_experts(by=office, round=round)
    (spare,) = [e for e in experts if e.pk not in experts_of(nomination)]
    declaring = Assignment.objects.filter(nomination=nomination).first()
    outcome = declare_conflict(
        by=declaring.expert.user, assignment=declaring, reason="曾与被推荐人合作发表论文", on=SCORING_DAY
    )
    assert outcome.declared.state == AssignmentState.CONFLICT_DECLARED
    assert outcome.replacement.expert == spare
    assert experts_of(nomination) == {a.expert_id for a in Assignment.objects.filter(nomination=nomination)} - {
        declaring.expert_id
    }
    assert declaring.expert_id not in experts_of(nomination)
    assert len(experts_of(nomination)) == 2
    assert history_of(outcome.declared).get().reason == "曾与被推荐人合作发表论文"

    # With the pool exhausted, the next conflict leaves the nomination short and says why.
    other = Assignment.objects.filter(nomination=nomination, state=AssignmentState.ASSIGNED).first()
    outcome = declare_conflict(by=other.expert.user, assignment=other, reason="同一课题组", on=SCORING_DAY)
    assert outcome.replacement is None
    assert "没有可替换的专家" in outcome.reason
    assert declaring.expert_id not in experts_of(nomination)


def test_only_the_assigned_expert_declares_a_conflict_with_a_reason(office):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round)
    ExpertFactory()
    someone_else = ExpertFactory(fields=[field("F9")])
    assign_experts(by=office, round=round)
    assignment = Assignment.objects.get(nomination=nomination)
    with pytest.raises(PermissionDenied):
        declare_conflict(by=someone_else.user, assignment=assignment, reason="x", on=SCORING_DAY)
    with pytest.raises(PermissionDenied):
        declare_conflict(by=office, assignment=assignment, reason="x", on=SCORING_DAY)
    with pytest.raises(ValidationError):
        declare_conflict(by=assignment.expert.user, assignment=assignment, reason="  ", on=SCORING_DAY)
