import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.selection.factories import AFTER_SCORING, NOMINATION_DAY, SCORING_DAY, D
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.audit.domain import history_of
from yingcai.selection.domain.assignments import declare_conflict
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AssignmentState


def test_the_assigned_expert_scores_every_criterion_with_comments(office):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    target = assignment(nomination, expert)
    saved = submit_scores(by=expert.user, assignment=target, on=SCORING_DAY, overall_comment="推荐", **sheet(80))
    assert saved.scores == {"ability": 80, "contribution": 80, "achievement": 80, "papers": 80}
    target.refresh_from_db()
    assert target.state == AssignmentState.SCORED
    # Corrections are allowed while scoring is open, and audited.
    submit_scores(by=expert.user, assignment=target, on=D(2026, 4, 30), **sheet(70, 80, 90, 60))
    target.scoresheet.refresh_from_db()
    assert target.scoresheet.scores["ability"] == 70
    assert history_of(target.scoresheet).count() == 2


@pytest.mark.parametrize("day", [NOMINATION_DAY, D(2026, 4, 9), D(2026, 5, 1), AFTER_SCORING])
def test_scoring_is_refused_outside_the_scoring_window(office, day):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    with pytest.raises(ValidationError, match="不在评审期内"):
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=day, **sheet(80))


def test_a_missing_comment_is_refused_citing_article_11(office):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    values = sheet(80)
    values["comments"]["contribution"] = "  "
    with pytest.raises(ValidationError) as error:
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **values)
    assert "实际贡献" in str(error.value)
    assert "第十一条" in str(error.value)
    assert not hasattr(assignment(nomination, expert), "scoresheet")


@pytest.mark.parametrize("bad", [101, -1, "八十", 80.5, None])
def test_every_criterion_needs_a_whole_score_from_0_to_100(office, bad):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    values = sheet(80)
    values["scores"]["ability"] = bad
    with pytest.raises(ValidationError, match="创新能力"):
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **values)


def test_unknown_criteria_are_refused(office):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    values = sheet(80)
    values["scores"]["citations"] = 100
    with pytest.raises(ValidationError, match="citations"):
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **values)


def test_only_the_assigned_expert_scores(office, expert):
    _round, (nomination, _), (assigned, other, _third) = assigned_round(office)
    target = assignment(nomination, assigned)
    for user in (other.user, expert, office):
        with pytest.raises(PermissionDenied):
            submit_scores(by=user, assignment=target, on=SCORING_DAY, **sheet(80))


def test_no_scoring_after_declaring_a_conflict(office):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    target = assignment(nomination, expert)
    declare_conflict(by=expert.user, assignment=target, reason="亲属关系", on=SCORING_DAY)
    with pytest.raises(ValidationError, match="回避"):
        submit_scores(by=expert.user, assignment=target, on=SCORING_DAY, **sheet(80))


def test_problems_are_reported_under_each_criterion(office):
    _round, (nomination, _), (expert, *_) = assigned_round(office)
    values = sheet(80)
    values["scores"]["ability"] = 101
    values["comments"]["contribution"] = ""
    values["scores"]["citations"] = 5
    with pytest.raises(ValidationError) as error:
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **values)
    problems = error.value.message_dict
    assert set(problems) == {"ability", "contribution", "__all__"}
    assert "0至100" in problems["ability"][0]
    assert "第十一条" in problems["contribution"][0]
