"""The office decides the shortlist after scoring closes: at most the quota, a note for picks below
the line, the result kept on every nomination, the round moved on."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.selection.factories import AFTER_SCORING, SCORING_DAY, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assignment, sheet
from yingcai.audit.domain import history_of
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.results import decide_shortlist
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import NominationOutcome, NominationState, RoundState


def scored_round(office, totals, *, quota=2):
    """One nomination per total; two experts give each the same total on every criterion."""
    round = RoundFactory(quota=quota, experts_per_candidate=2)
    nominations = [NominationFactory(round=round) for _ in totals]
    experts = [ExpertFactory(), ExpertFactory()]
    assign_experts(by=office, round=round)
    for nomination, total in zip(nominations, totals, strict=True):
        for expert in experts:
            if total is not None:
                submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **sheet(total))
    return round, nominations


def test_the_top_quota_is_shortlisted_and_every_result_is_kept(office):
    round, (n90, n80, n70) = scored_round(office, [90, 80, 70], quota=2)
    decide_shortlist(by=office, round=round, nomination_ids=[n90.pk, n80.pk], on=AFTER_SCORING)
    for n in (n90, n80, n70):
        n.refresh_from_db()
    assert [(n.final_rank, n.final_score, n.outcome) for n in (n90, n80, n70)] == [
        (1, Decimal("90.000"), NominationOutcome.SHORTLISTED),
        (2, Decimal("80.000"), NominationOutcome.SHORTLISTED),
        (3, Decimal("70.000"), NominationOutcome.NOT_SHORTLISTED),
    ]
    assert n70.outcome_note == ""
    round.refresh_from_db()
    assert round.state == RoundState.SHORTLISTED
    assert history_of(round).first().changes["shortlisted"] == sorted([n90.pk, n80.pk])
    with pytest.raises(ValidationError, match="不能确定拟入选名单"):
        decide_shortlist(by=office, round=round, nomination_ids=[n90.pk], on=AFTER_SCORING)


def test_quota_is_the_limit_equal_allowed_one_over_refused(office):
    round, noms = scored_round(office, [90, 80, 70], quota=2)
    with pytest.raises(ValidationError, match="超过本批次名额2人"):
        decide_shortlist(by=office, round=round, nomination_ids=[n.pk for n in noms], note="x", on=AFTER_SCORING)


def test_a_pick_below_the_line_needs_a_note(office):
    round, (n90, n80, n70) = scored_round(office, [90, 80, 70], quota=2)
    with pytest.raises(ValidationError, match="请在说明中写明"):
        decide_shortlist(by=office, round=round, nomination_ids=[n90.pk, n70.pk], on=AFTER_SCORING)
    decide_shortlist(
        by=office, round=round, nomination_ids=[n90.pk, n70.pk], note="产业急需，经领导小组研究", on=AFTER_SCORING
    )
    n80.refresh_from_db()
    n70.refresh_from_db()
    assert (n70.outcome, n70.outcome_note) == (NominationOutcome.SHORTLISTED, "产业急需，经领导小组研究")
    assert (n80.outcome, n80.outcome_note) == (NominationOutcome.NOT_SHORTLISTED, "产业急需，经领导小组研究")


def test_candidates_tied_on_the_line_are_both_within_it(office):
    round, (n90, tied_a, tied_b) = scored_round(office, [90, 80, 80], quota=2)
    decide_shortlist(by=office, round=round, nomination_ids=[n90.pk, tied_b.pk], on=AFTER_SCORING)
    tied_a.refresh_from_db()
    assert tied_a.final_rank == 2


def test_unscored_nominations_cannot_be_picked(office):
    round, (n90, unscored) = scored_round(office, [90, None], quota=2)
    with pytest.raises(ValidationError, match="没有有效评分"):
        decide_shortlist(by=office, round=round, nomination_ids=[unscored.pk], note="x", on=AFTER_SCORING)
    decide_shortlist(by=office, round=round, nomination_ids=[n90.pk], on=AFTER_SCORING)
    unscored.refresh_from_db()
    assert (unscored.final_rank, unscored.outcome) == (None, NominationOutcome.NOT_SHORTLISTED)


def test_only_the_office_only_after_scoring_and_only_its_own_nominations(office, unit_staff):
    round, (n90, _n80) = scored_round(office, [90, 80])
    with pytest.raises(PermissionDenied):
        decide_shortlist(by=unit_staff, round=round, nomination_ids=[n90.pk], on=AFTER_SCORING)
    with pytest.raises(PermissionDenied, match="评审截止"):
        decide_shortlist(by=office, round=round, nomination_ids=[n90.pk], on=SCORING_DAY)
    stranger = NominationFactory()
    with pytest.raises(ValidationError, match="不在本批次"):
        decide_shortlist(by=office, round=round, nomination_ids=[stranger.pk], on=AFTER_SCORING)


def test_a_withdrawn_nomination_is_left_out_of_the_results(office):
    round, (n90, n80) = scored_round(office, [90, 80])
    n90.state = NominationState.WITHDRAWN  # as if withdrawn after assignment
    n90.save()
    ranked = decide_shortlist(by=office, round=round, nomination_ids=[n80.pk], on=AFTER_SCORING)
    assert [n.pk for n in ranked] == [n80.pk]
    assert ranked[0].final_rank == 1
