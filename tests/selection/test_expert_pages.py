"""The expert's pages end to end through the test client: the own review list, the scoring sheet
(第十一条: a score and a comment per criterion), declaring a conflict (回避), the other sheets after
the close, and every denial an expert, a unit, a county or a talent must meet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.selection.factories import AFTER_SCORING, SCORING_DAY, D, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.registry.domain.masking import mask_id_number, mask_phone
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AssignmentState, NominationState
from yingcai.selection.models import Assignment, ScoreSheet

LIST = reverse("selection:my-reviews")


@pytest.fixture
def today(move_to_day):
    """Today is SCORING_DAY until the test sets another day (the clock moves to its noon)."""
    move_to_day(SCORING_DAY)
    return move_to_day


@pytest.fixture
def review(office, today):
    """Two nominations, three experts, each nomination reviewed by all three; scoring open today."""
    round, nominations, pool = assigned_round(office)
    return round, nominations, pool


def as_user(client, user):
    client.force_login(user)
    return client


def score_url(target: Assignment) -> str:
    return reverse("selection:review-score", args=[target.pk])


def conflict_url(target: Assignment) -> str:
    return reverse("selection:review-conflict", args=[target.pk])


def form_post(*values, comment="牵头完成关键工艺攻关，贡献突出", overall="建议入选") -> dict:
    """The scoring form's fields for the standard criteria (ability, contribution, achievement, papers)."""
    data = sheet(*values, comment=comment)
    post = {f"score_{code}": str(v) for code, v in data["scores"].items()}
    post.update({f"comment_{code}": text for code, text in data["comments"].items()})
    post["overall_comment"] = overall
    return post


# --- the review list --------------------------------------------------------------------------------------


def test_the_list_shows_own_assignments_by_round_with_state_window_and_progress(client, review):
    round, (first, second), (a, b, _c) = review
    submit_scores(by=a.user, assignment=assignment(first, a), **sheet(80))
    response = as_user(client, a.user).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert round.name in html
    assert "评审期：2026-04-10 至 2026-04-30" in html
    assert "已评分 1 / 2" in html
    assert html.count('data-testid="review-item"') == 2
    assert first.talent.name in html and second.talent.name in html
    assert "已评分" in html and "待评分" in html
    assert score_url(assignment(first, a)) in html
    # Nothing about other experts: neither their names nor their assignments.
    assert b.name not in html
    assert score_url(assignment(first, b)) not in html


def test_declared_conflicts_and_withdrawals_show_as_such_without_a_link(client, review):
    _round, (first, second), (a, *_rest) = review
    Assignment.objects.filter(pk=assignment(first, a).pk).update(
        state=AssignmentState.CONFLICT_DECLARED, conflict_reason="同一课题组"
    )
    Assignment.objects.filter(pk=assignment(second, a).pk).update(state=AssignmentState.WITHDRAWN)
    html = as_user(client, a.user).get(LIST).content.decode()
    assert "已回避" in html
    assert "回避理由：同一课题组" in html
    assert "已退出" in html
    assert score_url(assignment(first, a)) not in html
    assert score_url(assignment(second, a)) not in html
    assert "已评分 0 / 0" in html


def test_an_expert_without_assignments_sees_an_empty_list(client, expert, today):
    response = as_user(client, expert).get(LIST)
    assert response.status_code == 200
    assert 'data-testid="no-reviews"' in response.content.decode()


def _assign_many(expert, n):
    rounds = [RoundFactory(), RoundFactory()]
    for i in range(n):
        Assignment.objects.create(nomination=NominationFactory(round=rounds[i % 2]), expert=expert)


def test_list_queries_do_not_grow_with_rows(client, db, today):
    expert = ExpertFactory()
    as_user(client, expert.user)
    _assign_many(expert, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    _assign_many(expert, 17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few)
    assert response.content.decode().count('data-testid="review-item"') == 20


# --- the scoring page ---------------------------------------------------------------------------------------


def test_the_scoring_page_shows_the_task_and_the_criteria_but_no_personal_data(client, review):
    _round, (first, _second), (a, *_rest) = review
    first.co_applicants.set([factories.TalentFactory()])
    response = as_user(client, a.user).get(score_url(assignment(first, a)))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (first.task_name, first.task_number, "省级", "500.00 万元", "负责人", "2025-01-01", "2027-12-31"):
        assert text in html
    assert first.unit.name in html
    assert first.field.name in html
    # The criteria with their weight and 评价依据, each with a score input and a comment.
    assert "创新能力" in html and "权重 30%" in html and "代表性成果与技术路线" in html
    assert "论文与奖项" in html and "权重 20%" in html
    assert html.count('name="score_') == 4 and html.count('name="comment_') == 4
    assert 'inputmode="numeric"' in html
    # Personal data never reaches the expert, masked or not.
    talent = first.talent
    assert talent.id_number not in html
    assert mask_id_number(talent.id_number) not in html
    assert mask_phone(talent.phone) not in html
    assert talent.phone not in html
    co_applicant = first.co_applicants.get()
    assert co_applicant.name in html
    assert co_applicant.id_number not in html


def test_saving_scores_shows_the_weighted_total_computed_by_the_server(client, review):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    client = as_user(client, a.user)
    # 30% × 70 + 30% × 80 + 20% × 90 + 20% × 60 = 21 + 24 + 18 + 12 = 75
    response = client.post(score_url(target), form_post(70, 80, 90, 60), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "本表加权总分 75.00 分" in html
    assert 'data-testid="server-total"' in html
    saved = ScoreSheet.objects.get(assignment=target)
    assert saved.scores == {"ability": 70, "contribution": 80, "achievement": 90, "papers": 60}
    assert saved.overall_comment == "建议入选"
    target.refresh_from_db()
    assert target.state == AssignmentState.SCORED


def test_corrections_are_allowed_while_scoring_is_open_up_to_the_last_day(client, review, today):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    client = as_user(client, a.user)
    client.post(score_url(target), form_post(70))
    today(D(2026, 4, 30))  # the last day of scoring is still open
    response = client.post(score_url(target), form_post(90, 90, 80, 80), follow=True)
    # 27 + 27 + 16 + 16 = 86
    assert "本表加权总分 86.00 分" in response.content.decode()
    assert ScoreSheet.objects.get(assignment=target).scores["ability"] == 90


def test_each_criterion_gets_its_own_error_in_chinese(client, review):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    post = form_post(80)
    post["comment_contribution"] = "   "
    post["score_ability"] = "101"
    post["score_achievement"] = "80.5"
    post["score_papers"] = ""
    response = as_user(client, a.user).post(score_url(target), post)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“创新能力”的得分须在0至100之间。" in html
    assert "“成果与转化”的得分须为整数。" in html
    assert "请为“论文与奖项”打分（0至100的整数）。" in html
    assert "请填写“实际贡献”的评语（第十一条" in html
    assert html.count("criterion criterion-error") == 4
    assert "评分未保存" in html
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(("value", "saved"), [("0", True), ("100", True), ("-1", False), ("101", False)])
def test_scores_from_0_to_100_inclusive(client, review, value, saved):
    _round, (first, _second), (a, *_rest) = review
    post = form_post(80)
    post["score_papers"] = value
    as_user(client, a.user).post(score_url(assignment(first, a)), post)
    assert ScoreSheet.objects.filter(assignment=assignment(first, a)).exists() is saved


def test_the_sheet_is_read_only_after_scoring_closes(client, review, today):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    client = as_user(client, a.user)
    client.post(score_url(target), form_post(70))
    today(AFTER_SCORING)
    html = client.get(score_url(target)).content.decode()
    assert "评审已于 2026-04-30 截止，评分表只读。" in html
    assert 'data-testid="save-scores"' not in html
    assert "disabled" in html
    response = client.post(score_url(target), form_post(95))
    assert "不在评审期内" in response.content.decode()
    assert ScoreSheet.objects.get(assignment=target).scores["ability"] == 70


def test_scoring_before_the_window_opens_is_refused(client, review, today):
    _round, (first, _second), (a, *_rest) = review
    today(D(2026, 4, 9))
    client = as_user(client, a.user)
    html = client.get(score_url(assignment(first, a))).content.decode()
    assert "届时方可评分" in html
    assert first.task_name in html  # the candidate can be read ahead
    client.post(score_url(assignment(first, a)), form_post(80))
    assert not ScoreSheet.objects.exists()


def test_a_returned_nomination_is_not_scored(client, review):
    _round, (first, _second), (a, *_rest) = review
    first.state = NominationState.RETURNED
    first.save(update_fields=["state"])
    client = as_user(client, a.user)
    html = client.get(score_url(assignment(first, a))).content.decode()
    assert "暂不评分" in html
    client.post(score_url(assignment(first, a)), form_post(80))
    assert not ScoreSheet.objects.exists()


# --- declaring a conflict (回避) ------------------------------------------------------------------------------


def test_declaring_a_conflict_from_the_list_through_htmx(client, review):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    client = as_user(client, a.user)
    assert 'data-testid="conflict-form"' in client.get(LIST).content.decode()
    response = client.post(conflict_url(target), {"reason": "曾为其博士导师", "from": "list"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#round-{first.round_id}"
    html = response.content.decode()
    assert html.count('data-testid="review-item"') == 2  # the round's block, progress updated
    assert "已评分 0 / 1" in html
    assert "已回避" in html
    assert "回避理由：曾为其博士导师" in html
    assert 'data-testid="review-notice"' in html
    target.refresh_from_db()
    assert target.state == AssignmentState.CONFLICT_DECLARED
    # The candidate's details are no longer reachable, nor can the declaration be repeated.
    assert client.get(score_url(target)).status_code == 404
    assert client.post(score_url(target), form_post(80)).status_code == 404
    assert client.post(conflict_url(target), {"reason": "再次"}).status_code == 404


def test_a_conflict_needs_a_reason(client, review):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    response = as_user(client, a.user).post(conflict_url(target), {"reason": " "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "请说明回避理由。" in response.content.decode()
    target.refresh_from_db()
    assert target.state == AssignmentState.ASSIGNED


def test_declaring_a_conflict_from_the_scoring_page_goes_back_to_the_list(client, review):
    _round, (first, _second), (a, *_rest) = review
    target = assignment(first, a)
    client = as_user(client, a.user)
    assert 'data-testid="conflict-panel"' in client.get(score_url(target)).content.decode()
    response = client.post(conflict_url(target), {"reason": "同一单位", "from": "score"}, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == LIST
    response = client.post(conflict_url(assignment(_second, a)), {"reason": "亲属", "from": "score"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert set(Assignment.objects.filter(expert=a).values_list("state", flat=True)) == {
        AssignmentState.CONFLICT_DECLARED
    }


def test_no_conflict_after_scoring_or_after_the_close(client, review, today):
    _round, (first, second), (a, *_rest) = review
    client = as_user(client, a.user)
    submit_scores(by=a.user, assignment=assignment(first, a), **sheet(80))
    assert 'data-testid="conflict-panel"' not in client.get(score_url(assignment(first, a))).content.decode()
    response = client.post(conflict_url(assignment(first, a)), {"reason": "同一单位"}, follow=True)
    assert "不能再声明回避" in response.content.decode()
    today(AFTER_SCORING)
    response = client.post(conflict_url(assignment(second, a)), {"reason": "同一单位"}, HTTP_HX_REQUEST="true")
    assert "评审已截止" in response.content.decode()
    assert assignment(second, a).state == AssignmentState.ASSIGNED


# --- other experts' sheets --------------------------------------------------------------------------------


def test_other_sheets_are_shown_only_after_the_close_and_without_names(client, review, today):
    _round, (first, _second), (a, b, _c) = review
    submit_scores(by=a.user, assignment=assignment(first, a), **sheet(80))
    submit_scores(by=b.user, assignment=assignment(first, b), **sheet(60, comment="攻关能力一般，贡献有限"))
    client = as_user(client, a.user)
    html = client.get(score_url(assignment(first, a))).content.decode()
    assert "攻关能力一般" not in html
    assert 'data-testid="other-sheets"' not in html
    today(AFTER_SCORING)
    html = client.get(score_url(assignment(first, a))).content.decode()
    assert html.count('data-testid="other-sheet"') == 1
    assert "攻关能力一般，贡献有限" in html
    assert "其他评审意见1" in html and "加权总分 60.00" in html
    assert b.name not in html


def test_after_the_close_an_expert_who_recused_sees_no_sheets(client, review, today):
    _round, (first, _second), (a, b, _c) = review
    submit_scores(by=b.user, assignment=assignment(first, b), **sheet(60, comment="攻关能力一般"))
    Assignment.objects.filter(pk=assignment(first, a).pk).update(state=AssignmentState.CONFLICT_DECLARED)
    today(AFTER_SCORING)
    assert as_user(client, a.user).get(score_url(assignment(first, a))).status_code == 404


# --- denials --------------------------------------------------------------------------------------------------


def test_an_expert_cannot_open_or_score_another_experts_assignment(client, review):
    _round, (first, _second), (a, b, _c) = review
    theirs = assignment(first, a)
    client = as_user(client, b.user)
    assert client.get(score_url(theirs)).status_code == 404
    assert client.post(score_url(theirs), form_post(80)).status_code == 404
    assert client.post(conflict_url(theirs), {"reason": "x"}).status_code == 404
    assert not ScoreSheet.objects.exists()
    assert assignment(first, a).state == AssignmentState.ASSIGNED


def test_an_expert_cannot_reach_an_unassigned_candidate(client, office, review, expert):
    round, (first, _second), (a, *_rest) = review
    stranger = ExpertFactory()
    unassigned = NominationFactory(round=round)
    client = as_user(client, stranger.user)
    assert client.get(score_url(assignment(first, a))).status_code == 404
    assert client.post(score_url(assignment(first, a)), form_post(80)).status_code == 404
    assert unassigned.task_name not in as_user(client, a.user).get(LIST).content.decode()
    # An expert account without a profile gets nothing either.
    assert as_user(client, expert).get(score_url(assignment(first, a))).status_code == 404


def test_an_expert_cannot_read_scores_before_the_close(client, review):
    _round, (first, _second), (a, b, _c) = review
    submit_scores(by=b.user, assignment=assignment(first, b), **sheet(55, comment="机密评语"))
    html = as_user(client, a.user).get(score_url(assignment(first, a))).content.decode()
    assert "机密评语" not in html
    assert 'data-testid="other-sheets"' not in html


@pytest.mark.parametrize("role", ["office", "county", "unit", "talent"])
def test_other_roles_cannot_reach_the_expert_pages(client, review, unit, county, talent, role):
    _round, (first, _second), (a, *_rest) = review
    user = {
        "office": factories.office_user,
        "county": lambda: factories.jurisdiction_user(county),
        "unit": lambda: factories.unit_user(first.unit),
        "talent": lambda: factories.talent_user(first.talent),
    }[role]()
    client = as_user(client, user)
    assert client.get(LIST).status_code == 403
    assert client.get(score_url(assignment(first, a))).status_code == 403
    assert client.post(score_url(assignment(first, a)), form_post(80)).status_code == 403
    assert client.post(conflict_url(assignment(first, a)), {"reason": "x"}).status_code == 403
    assert not ScoreSheet.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client, review):
    _round, (first, _second), (a, *_rest) = review
    for url in (LIST, score_url(assignment(first, a))):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
