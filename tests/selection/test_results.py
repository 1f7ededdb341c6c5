from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.selection.factories import AFTER_SCORING, SCORING_DAY
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.review.engine.aggregation import ExclusionReason, TieRule
from yingcai.selection.domain.results import results
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AssignmentState


def score(nomination, expert, *values):
    submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **sheet(*values))


def hand_checked_round(office, **round_fields):
    """Weights 30/30/20/20. First nomination: 80, 90 and 0.3×70+0.3×60+0.2×50+0.2×100 = 69;
    second: 85, 75, 80."""
    round, (first, second), (a, b, c) = assigned_round(office, spread_limit=Decimal(20), **round_fields)
    score(first, a, 80)
    score(first, b, 90)
    score(first, c, 70, 60, 50, 100)
    score(second, a, 85)
    score(second, b, 75)
    score(second, c, 80)
    return round, first, second, (a, b, c)


def test_the_mean_ranking_by_hand(office):
    round, first, second, _experts = hand_checked_round(office)
    result = results(by=office, round=round, on=AFTER_SCORING)
    top, below = result.candidates
    assert (top.candidate_id, top.score, top.rank, top.flagged) == (second.pk, Decimal("80.0000"), 1, False)
    # (80 + 90 + 69) / 3 = 79.6667; spread 90 − 69 = 21 > 20: flagged for discussion
    assert (below.candidate_id, below.score, below.rank) == (first.pk, Decimal("79.6667"), 2)
    assert below.median == Decimal("80.0000")
    assert below.decided_by == TieRule.SCORE
    assert below.spread == 21
    assert below.flagged


def test_trimmed_mean_below_the_rule_minimum_is_the_plain_mean_and_says_so(office):
    round, first, _second, _experts = hand_checked_round(office, aggregation_method="trimmed_mean")
    below = results(by=office, round=round, on=AFTER_SCORING).by_candidate()[first.pk]
    assert below.score == Decimal("79.6667")  # 3 scores < 5 (selection.trim_min_scores): nothing dropped
    assert not below.explanation.dropped
    assert below.explanation.notes


def test_a_withdrawn_expert_and_a_missing_score_are_reported_not_counted(office):
    round, (first, second), (a, b, c) = assigned_round(office)
    score(first, a, 80)
    score(first, b, 90)
    score(first, c, 69)
    score(second, a, 70)
    # c withdraws from the round; b never scores the second nomination
    for target in c.assignments.all():
        target.state = AssignmentState.WITHDRAWN
        target.save()
    ranked = results(by=office, round=round, on=AFTER_SCORING).by_candidate()
    assert ranked[first.pk].score == Decimal("85.0000")
    assert ranked[second.pk].score == Decimal("70.0000")
    reasons = {(e.expert_id, e.candidate_id): e.reason for e in ranked[second.pk].explanation.excluded}
    assert reasons == {(b.pk, second.pk): ExclusionReason.NOT_SCORED, (c.pk, second.pk): ExclusionReason.WITHDRAWN}


def test_tied_candidates_share_the_rank(office):
    round, (first, second), experts = assigned_round(office)
    for expert in experts:
        score(first, expert, 80)
        score(second, expert, 80)
    top, below = results(by=office, round=round, on=AFTER_SCORING).candidates
    assert (top.rank, below.rank, below.decided_by) == (1, 1, TieRule.TIE)


def test_results_only_for_the_office_and_only_after_scoring_closes(office, unit_staff):
    round, _first, _second, (a, *_) = hand_checked_round(office)
    with pytest.raises(PermissionDenied, match="评审截止"):
        results(by=office, round=round, on=SCORING_DAY)
    for user in (a.user, unit_staff):
        with pytest.raises(PermissionDenied):
            results(by=user, round=round, on=AFTER_SCORING)
