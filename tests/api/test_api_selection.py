"""/api/v1/selection: rounds, nominations and their formal check, expert assignments and conflicts,
score sheets, results and the shortlist over JSON, with the same scopes and refusals as the pages
(第三条, 第十一条): outside the scope 404, a forbidden step 403, a refusal by the rules 422."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.selection.factories import (
    AFTER_SCORING,
    NOMINATION_DAY,
    SCORING_DAY,
    D,
    ExpertFactory,
    NominationFactory,
    RoundFactory,
    field,
)
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AssignmentState, NominationOutcome, RoundState
from yingcai.selection.models import Assignment, Nomination, ScoreSheet, SelectionRound

URL = "/api/v1/selection"
JSON = "application/json"


@pytest.fixture
def today(move_to_day):
    """Today is SCORING_DAY until the test sets another day (the clock moves to its noon)."""
    move_to_day(SCORING_DAY)
    return move_to_day


@pytest.fixture
def api(db):
    """A client signed in as `user` (a new one each time, so two users can take turns)."""

    def as_user(user):
        client = Client()
        client.force_login(user)
        return client

    return as_user


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def scored(office, today):
    """Two nominations, three experts reviewing both (plain mean). Nomination `first`: totals 80, 70
    and 60; nomination `second`: 75 (30%×70 + 30%×80 + 20%×90 + 20%×60) and 75, the third expert
    has not scored it."""
    round, (first, second), (a, b, c) = assigned_round(office)
    for expert, value in ((a, 80), (b, 70), (c, 60)):
        submit_scores(by=expert.user, assignment=assignment(first, expert), **sheet(value))
    submit_scores(by=a.user, assignment=assignment(second, a), **sheet(70, 80, 90, 60))
    submit_scores(by=b.user, assignment=assignment(second, b), **sheet(75))
    return round, first, second, (a, b, c)


# --- schema and authentication ---------------------------------------------------------------------------


def test_openapi_lists_the_selection_paths(client, office):
    client.force_login(office)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/selection/rounds",
        "/api/v1/selection/rounds/{round_id}",
        "/api/v1/selection/rounds/{round_id}/assignments",
        "/api/v1/selection/rounds/{round_id}/results",
        "/api/v1/selection/rounds/{round_id}/shortlist",
        "/api/v1/selection/nominations",
        "/api/v1/selection/nominations/{nomination_id}",
        "/api/v1/selection/nominations/{nomination_id}/accept",
        "/api/v1/selection/nominations/{nomination_id}/return",
        "/api/v1/selection/nominations/{nomination_id}/resubmit",
        "/api/v1/selection/nominations/{nomination_id}/withdraw",
        "/api/v1/selection/assignments",
        "/api/v1/selection/assignments/{assignment_id}/conflict",
        "/api/v1/selection/assignments/{assignment_id}/scoresheet",
        "/api/v1/selection/scoresheets",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/selection/assignments/{assignment_id}/scoresheet"]) == {"get", "put"}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/rounds"),
        ("post", "/rounds"),
        ("get", "/nominations"),
        ("get", "/assignments"),
        ("get", "/scoresheets"),
    ],
)
def test_unauthenticated_calls_are_401(db, client, method, url):
    assert getattr(client, method)(URL + url, content_type=JSON).status_code == 401


# --- rounds -----------------------------------------------------------------------------------------------------

ROUND = {
    "year": 2027,
    "name": "2027年度科技创新领军人才遴选",
    "nomination_opens": "2026-05-01",
    "nomination_closes": "2026-05-31",
    "scoring_opens": "2026-06-10",
    "scoring_closes": "2026-06-30",
    "quota": 20,
    "experts_per_candidate": 5,
    "aggregation_method": "trimmed_mean",
    "spread_limit": "25",
}


def _criteria(*weights_and_kinds):
    return [
        {"code": f"c{i}", "name": f"指标{i}", "weight": w, "kind": k, "evidence": f"依据{i}"}
        for i, (w, k) in enumerate(weights_and_kinds)
    ]


def test_office_opens_a_round_with_a_weight_equal_to_the_cap(api, office, today):
    payload = {**ROUND, "criteria": _criteria((40, "ability"), (40, "contribution"), (20, "count"))}
    response = api(office).post(f"{URL}/rounds", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "open"
    assert body["aggregation_method_label"] == "去掉最高分和最低分后平均"
    assert [(c["code"], c["weight"], c["evidence"]) for c in body["criteria"]] == [
        ("c0", "40.00", "依据0"),
        ("c1", "40.00", "依据1"),
        ("c2", "20.00", "依据2"),
    ]
    assert {r["key"] for r in body["rules"]} >= {"selection.max_single_criterion_weight"}
    assert api(office).get(f"{URL}/rounds/{body['id']}").json()["criteria"][2]["kind_label"].startswith("计数类")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (((41, "ability"), (39, "contribution"), (20, "team")), "超过单项上限40%"),
        (((40, "ability"), (39, "contribution"), (21, "count")), "计数类指标权重合计21%"),
    ],
)
def test_a_weight_one_over_a_cap_is_refused_citing_article_11(api, office, today, weights, message):
    response = api(office).post(f"{URL}/rounds", {**ROUND, "criteria": _criteria(*weights)}, content_type=JSON)
    assert response.status_code == 422
    text = str(response.json()["detail"])
    assert message in text and "第十一条" in text
    assert not SelectionRound.objects.exists()


def test_unknown_choices_are_refused_in_chinese(api, office, unit_staff, talent, today):
    payload = {**ROUND, "aggregation_method": "median", "criteria": _criteria((40, "ability"), (60, "luck"))}
    response = api(office).post(f"{URL}/rounds", payload, content_type=JSON)
    assert response.status_code == 422
    assert "“median”无效" in response.json()["detail"]["aggregation_method"][0]
    payload = {**ROUND, "criteria": _criteria((40, "ability"), (40, "contribution"), (20, "luck"))}
    assert "“luck”无效" in api(office).post(f"{URL}/rounds", payload, content_type=JSON).json()["detail"]["kind"][0]
    today(NOMINATION_DAY)
    payload = _nomination_payload(RoundFactory(), talent, task_level="county")
    response = api(unit_staff).post(f"{URL}/nominations", payload, content_type=JSON)
    assert response.status_code == 422
    assert "provincial" in response.json()["detail"]["task_level"][0]


@pytest.mark.parametrize("role", ["unit", "expert", "county"])
def test_only_the_office_opens_rounds(api, unit_staff, expert, county_staff, today, role):
    user = {"unit": unit_staff, "expert": expert, "county": county_staff}[role]
    payload = {**ROUND, "criteria": _criteria((40, "ability"), (40, "contribution"), (20, "team"))}
    assert api(user).post(f"{URL}/rounds", payload, content_type=JSON).status_code == 403


def test_rounds_are_listed_per_role(api, office, unit_staff, county_staff, talent_self, scored):
    round, _first, _second, (a, *_rest) = scored
    other = RoundFactory()
    assert _ids(api(office).get(f"{URL}/rounds")) == {round.pk, other.pk}
    assert _ids(api(unit_staff).get(f"{URL}/rounds")) == {round.pk, other.pk}
    assert _ids(api(a.user).get(f"{URL}/rounds")) == {round.pk}
    assert api(a.user).get(f"{URL}/rounds/{other.pk}").status_code == 404
    for outsider in (county_staff, talent_self):
        assert _ids(api(outsider).get(f"{URL}/rounds")) == set()
        assert api(outsider).get(f"{URL}/rounds/{round.pk}").status_code == 404


# --- nominations ------------------------------------------------------------------------------------------------


def _nomination_payload(round, talent, **overrides):
    field()
    return {
        "round_id": round.pk,
        "talent_id": talent.pk,
        "task_name": "高性能尼龙66关键技术攻关",
        "task_number": "221100210100",
        "task_level": "provincial",
        "task_funding": "800.00",
        "nominee_role": "leader",
        "task_start": "2025-01-01",
        "task_end": "2027-12-31",
        "field_code": "F1",
        **overrides,
    }


def test_a_unit_nominates_its_talent_leading_a_provincial_task(api, unit_staff, unit, talent, today):
    today(NOMINATION_DAY)
    round = RoundFactory()
    co_applicant = factories.TalentFactory(unit=unit)
    payload = _nomination_payload(round, talent, co_applicant_ids=[co_applicant.pk])
    response = api(unit_staff).post(f"{URL}/nominations", payload, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["id"] == unit.pk
    assert body["state"] == "submitted"
    assert body["task_level_label"] == "省级"
    assert body["co_applicants"] == [{"id": co_applicant.pk, "name": co_applicant.name}]
    assert "符合第三条遴选条件" in body["eligibility_note"]
    assert body["rule"]["key"] == "selection.national_task_eligible"
    assert [a["name"] for a in body["available_actions"]] == ["withdraw"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nominee_role": "participant"}, "担纲领衔"),
        ({"task_level": "other"}, "省、市重大科技任务"),
        ({"task_level": "national"}, "省、市重大科技任务"),  # rule selection.national_task_eligible v1: no
    ],
)
def test_an_ineligible_nominee_is_refused_citing_article_3(api, unit_staff, talent, today, overrides, message):
    today(NOMINATION_DAY)
    payload = _nomination_payload(RoundFactory(), talent, **overrides)
    response = api(unit_staff).post(f"{URL}/nominations", payload, content_type=JSON)
    assert response.status_code == 422
    text = str(response.json()["detail"])
    assert "第三条" in text and message in text
    assert not Nomination.objects.exists()


def test_co_applicants_are_people_of_the_nominating_unit(api, unit_staff, talent, other_talent, today):
    today(NOMINATION_DAY)
    payload = _nomination_payload(RoundFactory(), talent, co_applicant_ids=[other_talent.pk])
    response = api(unit_staff).post(f"{URL}/nominations", payload, content_type=JSON)
    assert response.status_code == 422
    assert "共同申请人须为推荐单位在职的人才" in str(response.json()["detail"])


def test_the_office_names_the_nominating_unit(api, office, unit, talent, today):
    today(NOMINATION_DAY)
    round = RoundFactory()
    response = api(office).post(f"{URL}/nominations", _nomination_payload(round, talent), content_type=JSON)
    assert response.status_code == 422
    assert "unit" in response.json()["detail"]
    payload = _nomination_payload(round, talent, unit_id=unit.pk)
    assert api(office).post(f"{URL}/nominations", payload, content_type=JSON).status_code == 201


def test_a_municipal_task_qualifies(api, unit_staff, talent, today):
    today(NOMINATION_DAY)
    payload = _nomination_payload(RoundFactory(), talent, task_level="municipal", nominee_role="chief_expert")
    assert api(unit_staff).post(f"{URL}/nominations", payload, content_type=JSON).status_code == 201


def test_a_unit_cannot_nominate_for_another_unit(api, unit_staff, other_unit, other_talent, talent, today):
    today(NOMINATION_DAY)
    round = RoundFactory()
    client = api(unit_staff)
    response = client.post(f"{URL}/nominations", _nomination_payload(round, other_talent), content_type=JSON)
    assert response.status_code == 422
    assert "不在您的管理范围内" in str(response.json()["detail"])
    payload = _nomination_payload(round, talent, unit_id=other_unit.pk)
    assert client.post(f"{URL}/nominations", payload, content_type=JSON).status_code == 404


def test_nominations_are_scoped_per_role(api, office, unit_staff, unit, county_staff, talent_self, scored):
    round, first, second, (a, *_rest) = scored
    mine = NominationFactory(round=round, unit=unit)
    unassigned = NominationFactory(round=round)
    everything = {first.pk, second.pk, mine.pk, unassigned.pk}
    assert _ids(api(office).get(f"{URL}/nominations")) == everything
    assert _ids(api(unit_staff).get(f"{URL}/nominations")) == {mine.pk}
    assert api(unit_staff).get(f"{URL}/nominations/{first.pk}").status_code == 404
    assert _ids(api(a.user).get(f"{URL}/nominations")) == {first.pk, second.pk}
    assert api(a.user).get(f"{URL}/nominations/{unassigned.pk}").status_code == 404
    for outsider in (county_staff, talent_self):
        assert _ids(api(outsider).get(f"{URL}/nominations")) == set()
        assert api(outsider).get(f"{URL}/nominations/{mine.pk}").status_code == 404
    assert _ids(api(office).get(f"{URL}/nominations", {"round_id": round.pk, "state": "submitted"})) == everything


def test_experts_never_receive_the_nominees_personal_data(api, scored):
    _round, first, _second, (a, *_rest) = scored
    first.co_applicants.set([factories.TalentFactory()])
    for response in (api(a.user).get(f"{URL}/nominations/{first.pk}"), api(a.user).get(f"{URL}/nominations")):
        text = response.content.decode()
        assert first.talent.id_number not in text
        assert first.talent.phone not in text
        assert first.co_applicants.get().id_number not in text


def test_patching_a_nomination_with_the_version_read(api, unit_staff, unit, today):
    today(NOMINATION_DAY)
    nomination = NominationFactory(unit=unit)
    client = api(unit_staff)
    response = client.patch(
        f"{URL}/nominations/{nomination.pk}",
        {"version": nomination.version, "task_funding": "650.50", "task_level": "municipal"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["task_funding"], response.json()["task_level"]) == ("650.50", "municipal")
    response = client.patch(
        f"{URL}/nominations/{nomination.pk}",
        {"version": response.json()["version"], "task_name": None, "field_code": None},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["task_name"], response.json()["field_code"]) == (nomination.task_name, None)
    stale = client.patch(
        f"{URL}/nominations/{nomination.pk}", {"version": nomination.version, "task_name": "旧副本"}, content_type=JSON
    )
    assert stale.status_code == 422
    assert "已被他人修改" in str(stale.json()["detail"])
    ineligible = client.patch(
        f"{URL}/nominations/{nomination.pk}",
        {"version": response.json()["version"], "nominee_role": "participant"},
        content_type=JSON,
    )
    assert ineligible.status_code == 422
    assert "第三条" in str(ineligible.json()["detail"])


def test_another_unit_cannot_patch_or_act_on_a_nomination(api, today):
    today(NOMINATION_DAY)
    nomination = NominationFactory()
    stranger = factories.unit_user(factories.UnitFactory())
    client = api(stranger)
    assert client.patch(f"{URL}/nominations/{nomination.pk}", {"version": 1}, content_type=JSON).status_code == 404
    for action in ("accept", "return", "resubmit", "withdraw"):
        assert (
            client.post(f"{URL}/nominations/{nomination.pk}/{action}", {"reason": "x"}, content_type=JSON).status_code
            == 404
        )


def test_the_formal_check_accept_return_resubmit_withdraw(api, office, unit_staff, unit, today):
    today(NOMINATION_DAY)
    nomination = NominationFactory(unit=unit)
    office_api, unit_api = api(office), api(unit_staff)
    base = f"{URL}/nominations/{nomination.pk}"
    assert unit_api.post(f"{base}/accept", {}, content_type=JSON).status_code == 403
    response = office_api.post(f"{base}/return", {"reason": " "}, content_type=JSON)
    assert response.status_code == 422
    assert "reason" in response.json()["detail"]
    response = office_api.post(f"{base}/return", {"reason": "任务编号与立项文件不一致"}, content_type=JSON)
    assert response.json()["state"] == "returned"
    assert response.json()["check_steps"][-1]["reason"] == "任务编号与立项文件不一致"
    assert office_api.post(f"{base}/resubmit", content_type=JSON).status_code == 403
    response = unit_api.post(f"{base}/resubmit", content_type=JSON)
    assert response.json()["state"] == "submitted"
    response = office_api.post(f"{base}/accept", {}, content_type=JSON)
    assert response.json()["state"] == "accepted"
    assert office_api.post(f"{base}/accept", {}, content_type=JSON).status_code == 422  # already accepted
    assert office_api.post(f"{base}/withdraw", {"reason": "x"}, content_type=JSON).status_code == 403
    response = unit_api.post(f"{base}/withdraw", {"reason": "被推荐人调离"}, content_type=JSON)
    assert response.json()["state"] == "withdrawn"


def test_withdrawing_is_refused_once_scoring_opened(api, unit_staff, unit, today):
    today(D(2026, 4, 10))  # the first day of scoring
    nomination = NominationFactory(unit=unit)
    response = api(unit_staff).post(f"{URL}/nominations/{nomination.pk}/withdraw", {"reason": "x"}, content_type=JSON)
    assert response.status_code == 422
    today(D(2026, 4, 9))
    response = api(unit_staff).post(f"{URL}/nominations/{nomination.pk}/withdraw", {"reason": "x"}, content_type=JSON)
    assert response.json()["state"] == "withdrawn"


def test_an_expert_cannot_take_check_steps(api, scored):
    _round, first, _second, (a, *_rest) = scored
    assert api(a.user).post(f"{URL}/nominations/{first.pk}/accept", {}, content_type=JSON).status_code == 403


# --- assignments and conflicts ----------------------------------------------------------------------------


def test_office_assigns_experts_and_gets_the_shortfalls(api, office, unit_staff, today):
    today(D(2026, 4, 5))
    round = RoundFactory(experts_per_candidate=3)
    nominations = [NominationFactory(round=round) for _ in range(2)]
    pool = [ExpertFactory() for _ in range(2)]  # one short of 3 per candidate
    assert api(unit_staff).post(f"{URL}/rounds/{round.pk}/assignments", content_type=JSON).status_code == 403
    assert api(pool[0].user).post(f"{URL}/rounds/{round.pk}/assignments", content_type=JSON).status_code == 404
    response = api(office).post(f"{URL}/rounds/{round.pk}/assignments", content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assigned"] == 4
    assert sorted(s["nomination_id"] for s in body["shortfalls"]) == sorted(n.pk for n in nominations)
    assert all(s["needed"] == 3 and s["assigned"] == 2 and s["reason"] for s in body["shortfalls"])
    assert body["loads"] == [{"expert_id": e.pk, "nominations": 2} for e in pool]
    again = api(office).post(f"{URL}/rounds/{round.pk}/assignments", content_type=JSON)
    assert again.status_code == 422


def test_assignments_are_listed_per_role(api, office, unit_staff, scored):
    round, first, second, (a, b, _c) = scored
    all_ids = set(Assignment.objects.values_list("pk", flat=True))
    assert _ids(api(office).get(f"{URL}/assignments", {"round_id": round.pk})) == all_ids
    own = {assignment(first, a).pk, assignment(second, a).pk}
    assert _ids(api(a.user).get(f"{URL}/assignments")) == own
    assert api(a.user).get(f"{URL}/assignments/{assignment(first, b).pk}").status_code == 404
    assert _ids(api(unit_staff).get(f"{URL}/assignments")) == set()
    item = api(a.user).get(f"{URL}/assignments/{assignment(first, a).pk}").json()
    assert (item["state"], item["expert"]["id"], item["talent"]["id"]) == ("scored", a.pk, first.talent_id)


def test_an_expert_declares_a_conflict_and_is_replaced(api, office, today):
    today(SCORING_DAY)
    _round, (first, _second), _pool = assigned_round(office, experts=4, per_candidate=3)
    target = Assignment.objects.filter(nomination=first).order_by("pk").first()
    expert = target.expert
    other_expert = Assignment.objects.filter(nomination=first).exclude(pk=target.pk).first().expert
    url = f"{URL}/assignments/{target.pk}/conflict"
    assert api(other_expert.user).post(url, {"reason": "x"}, content_type=JSON).status_code == 404
    assert api(office).post(url, {"reason": "x"}, content_type=JSON).status_code == 403
    response = api(expert.user).post(url, {"reason": ""}, content_type=JSON)
    assert response.status_code == 422
    assert "请说明回避理由" in str(response.json()["detail"])
    response = api(expert.user).post(url, {"reason": "曾为其博士导师"}, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["assignment"]["state"] == "conflict_declared"
    assert body["replaced"] is True
    assert Assignment.objects.filter(nomination=first, state=AssignmentState.ASSIGNED).count() == 3
    # Afterwards the candidate is out of the expert's reach.
    assert api(expert.user).get(f"{URL}/nominations/{first.pk}").status_code == 404
    put = api(expert.user).put(f"{URL}/assignments/{target.pk}/scoresheet", sheet(80), content_type=JSON)
    assert put.status_code == 422


def test_office_withdraws_an_expert_from_a_round(api, office, today):
    today(SCORING_DAY)
    round, (first, _second), pool = assigned_round(office, experts=4, per_candidate=3)
    leaving = Assignment.objects.filter(nomination=first).order_by("pk").first().expert
    # Of the four experts, the one not yet reviewing `first` is the only possible replacement there.
    (spare,) = set(pool) - {a.expert for a in Assignment.objects.filter(nomination=first)}
    url = f"{URL}/rounds/{round.pk}/withdraw-expert"
    assert api(leaving.user).post(url, {"expert_id": leaving.pk, "reason": "x"}, content_type=JSON).status_code == 403
    response = api(office).post(url, {"expert_id": leaving.pk, "reason": "身体原因"}, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert first.pk in body["withdrawn_nomination_ids"]
    assert body["replacements"][str(first.pk)] == spare.pk
    assert leaving.pk not in body["replacements"].values()
    assert set(Assignment.objects.filter(expert=leaving).values_list("state", flat=True)) == {AssignmentState.WITHDRAWN}


# --- score sheets ---------------------------------------------------------------------------------------------


def test_an_expert_submits_and_corrects_a_sheet_with_the_servers_total(api, office, today):
    today(SCORING_DAY)
    _round, (first, _second), (a, *_rest) = assigned_round(office)
    url = f"{URL}/assignments/{assignment(first, a).pk}/scoresheet"
    response = api(a.user).put(url, {**sheet(70, 80, 90, 60), "overall_comment": "建议入选"}, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["weighted_total"] == "75.00"  # 21 + 24 + 18 + 12
    assert body["own"] is True and body["expert"]["id"] == a.pk
    assert body["scores"] == {"ability": 70, "contribution": 80, "achievement": 90, "papers": 60}
    today(D(2026, 4, 30))
    response = api(a.user).put(url, sheet(100), content_type=JSON)
    assert response.json()["weighted_total"] == "100.00"
    assert api(a.user).get(url).json()["scores"]["ability"] == 100


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scores": {"ability": 101}}, "“创新能力”的得分须在0至100之间"),
        ({"scores": {"ability": -1}}, "“创新能力”的得分须在0至100之间"),
        ({"scores": {"ability": 80.5}}, "“创新能力”的得分须为整数"),
        ({"comments": {"contribution": " "}}, "第十一条"),
        ({"scores": {"citations": 100}}, "citations"),
    ],
)
def test_a_bad_sheet_is_refused_naming_the_criterion(api, office, today, change, message):
    today(SCORING_DAY)
    _round, (first, _second), (a, *_rest) = assigned_round(office)
    payload = sheet(80)
    for key, values in change.items():
        payload[key] = {**payload[key], **values}
    response = api(a.user).put(f"{URL}/assignments/{assignment(first, a).pk}/scoresheet", payload, content_type=JSON)
    assert response.status_code == 422
    assert message in str(response.json()["detail"])
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(("day", "status"), [(D(2026, 4, 9), 422), (D(2026, 4, 10), 200), (D(2026, 5, 1), 422)])
def test_scoring_only_inside_the_window(api, office, today, day, status):
    today(SCORING_DAY)
    _round, (first, _second), (a, *_rest) = assigned_round(office)
    today(day)
    url = f"{URL}/assignments/{assignment(first, a).pk}/scoresheet"
    assert api(a.user).put(url, sheet(80), content_type=JSON).status_code == status


def test_nobody_scores_for_someone_else(api, office, unit_staff, today):
    today(SCORING_DAY)
    _round, (first, _second), (a, b, _c) = assigned_round(office)
    url = f"{URL}/assignments/{assignment(first, a).pk}/scoresheet"
    assert api(b.user).put(url, sheet(80), content_type=JSON).status_code == 404
    assert api(ExpertFactory().user).put(url, sheet(80), content_type=JSON).status_code == 404
    assert api(unit_staff).put(url, sheet(80), content_type=JSON).status_code == 404
    assert api(office).put(url, sheet(80), content_type=JSON).status_code == 403
    assert not ScoreSheet.objects.exists()


def test_before_the_close_only_ones_own_sheet_is_readable(api, office, scored):
    _round, first, _second, (a, b, _c) = scored
    mine = assignment(first, a)
    assert {s["assignment_id"] for s in api(a.user).get(f"{URL}/scoresheets").json()["items"]} == {
        mine.pk,
        assignment(_second, a).pk,
    }
    assert api(a.user).get(f"{URL}/assignments/{assignment(first, b).pk}/scoresheet").status_code == 404
    # Not even the office reads scores while they can still move.
    assert api(office).get(f"{URL}/scoresheets").json()["count"] == 0
    assert api(office).get(f"{URL}/assignments/{mine.pk}/scoresheet").status_code == 404


def test_after_the_close_reviewers_see_their_candidates_sheets_without_names(api, office, unit_staff, scored, today):
    round, first, _second, (a, b, c) = scored
    today(AFTER_SCORING)
    items = api(a.user).get(f"{URL}/scoresheets", {"nomination_id": first.pk}).json()["items"]
    assert len(items) == 3
    assert sorted(i["weighted_total"] for i in items) == ["60.00", "70.00", "80.00"]
    assert [i["expert"] for i in items if not i["own"]] == [None, None]
    # A nomination the expert does not review stays out of reach.
    outsider = ExpertFactory()
    unreviewed = NominationFactory(round=round)
    Assignment.objects.create(nomination=unreviewed, expert=outsider)
    assert api(outsider.user).get(f"{URL}/scoresheets", {"nomination_id": first.pk}).json()["count"] == 0
    # The office reads them all, with names.
    office_items = api(office).get(f"{URL}/scoresheets", {"round_id": round.pk}).json()["items"]
    assert len(office_items) == 5
    assert {i["expert"]["id"] for i in office_items} == {a.pk, b.pk, c.pk}
    assert api(unit_staff).get(f"{URL}/scoresheets").json()["count"] == 0


# --- results and the shortlist -------------------------------------------------------------------------------


def test_office_reads_the_ranking_with_its_explanation_after_the_close(api, office, scored, today):
    round, first, second, (a, b, c) = scored
    url = f"{URL}/rounds/{round.pk}/results"
    assert api(office).get(url).status_code == 403  # before the close
    today(AFTER_SCORING)
    response = api(office).get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["method"] == "mean"
    ranking = body["ranking"]
    assert [(r["nomination_id"], r["rank"], r["score"]) for r in ranking] == [
        (second.pk, 1, "75.0000"),
        (first.pk, 2, "70.0000"),
    ]
    assert ranking[1]["decided_by"] == "score"
    assert ranking[1]["spread"] == "20.00"  # 80 − 60
    counted = ranking[1]["explanation"]["counted"]
    assert [(s["expert_id"], s["total"]) for s in counted] == [(a.pk, "80.00"), (b.pk, "70.00"), (c.pk, "60.00")]
    excluded = ranking[0]["explanation"]["excluded"]
    assert [(e["expert_id"], e["reason"]) for e in excluded] == [(c.pk, "not_scored")]
    assert ranking[0]["talent"]["name"] == second.talent.name


def test_results_are_the_offices_only(api, unit_staff, scored, today):
    round, _first, _second, (a, *_rest) = scored
    today(AFTER_SCORING)
    assert api(a.user).get(f"{URL}/rounds/{round.pk}/results").status_code == 403
    assert api(unit_staff).get(f"{URL}/rounds/{round.pk}/results").status_code == 403
    assert (
        api(factories.talent_user(factories.TalentFactory())).get(f"{URL}/rounds/{round.pk}/results").status_code == 404
    )


def test_office_decides_the_shortlist(api, office, unit_staff, scored, today):
    round, first, second, _experts = scored
    today(AFTER_SCORING)
    url = f"{URL}/rounds/{round.pk}/shortlist"
    assert api(unit_staff).post(url, {"nomination_ids": [second.pk]}, content_type=JSON).status_code == 403
    response = api(office).post(url, {"nomination_ids": [second.pk]}, content_type=JSON)
    assert response.status_code == 200, response.content
    outcomes = {n["id"]: (n["outcome"], n["final_rank"]) for n in response.json()}
    assert outcomes == {
        second.pk: (NominationOutcome.SHORTLISTED, 1),
        first.pk: (NominationOutcome.NOT_SHORTLISTED, 2),
    }
    assert SelectionRound.objects.get(pk=round.pk).state == RoundState.SHORTLISTED


def test_a_shortlist_over_the_quota_is_refused(api, office, scored, today):
    round, first, second, _experts = scored
    SelectionRound.objects.filter(pk=round.pk).update(quota=1)
    today(AFTER_SCORING)
    response = api(office).post(
        f"{URL}/rounds/{round.pk}/shortlist", {"nomination_ids": [first.pk, second.pk]}, content_type=JSON
    )
    assert response.status_code == 422
    assert "超过本批次名额1人" in str(response.json()["detail"])
    assert Nomination.objects.filter(outcome=NominationOutcome.PENDING).count() == 2


# --- query counts -------------------------------------------------------------------------------------------


def _sheets_for(expert, round, n):
    for _ in range(n):
        nomination = NominationFactory(round=round, co_applicants=[factories.TalentFactory()])
        target = Assignment.objects.create(nomination=nomination, expert=expert)
        ScoreSheet.objects.create(assignment=target, submitted_at="2026-04-15T10:00:00+08:00", **sheet(80))


def _grow(path, expert, round, n):
    if path == "/rounds":
        for _ in range(n):
            RoundFactory()
    else:
        _sheets_for(expert, round, n)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("office", "/rounds"),
        ("office", "/nominations"),
        ("office", "/assignments"),
        ("office", "/scoresheets"),
        ("expert", "/nominations"),
        ("expert", "/assignments"),
        ("expert", "/scoresheets"),
    ],
)
def test_list_queries_do_not_grow_with_rows(api, office, today, role, path):
    today(AFTER_SCORING)
    expert = ExpertFactory()
    round = RoundFactory()
    client = api(office if role == "office" else expert.user)
    _grow(path, expert, round, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL + path).status_code == 200
    _grow(path, expert, round, 17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL + path)
    assert len(many) == len(few)
    assert response.json()["count"] >= 20


def test_the_office_changes_a_rounds_deadline_through_the_api_and_a_unit_cannot(api, office, unit, today):
    today(D(2026, 3, 20))
    round = RoundFactory()
    body = {"version": round.version, "reason": "应各单位申请延长推荐期", "nomination_closes": "2026-04-05"}
    response = api(factories.unit_user(unit)).patch(f"{URL}/rounds/{round.pk}", body, content_type=JSON)
    assert response.status_code == 403
    response = api(office).patch(f"{URL}/rounds/{round.pk}", body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert (response.json()["nomination_closes"], response.json()["version"]) == ("2026-04-05", round.version + 1)
    stale = api(office).patch(f"{URL}/rounds/{round.pk}", {**body, "quota": 3}, content_type=JSON)
    assert stale.status_code == 422
    past = api(office).patch(
        f"{URL}/rounds/{round.pk}",
        {"version": round.version + 1, "reason": "x", "nomination_closes": "2026-03-10"},
        content_type=JSON,
    )
    assert past.status_code == 422 and "不能改到今天" in past.json()["detail"]["nomination_closes"][0]


def test_the_avoidances_with_their_reasons_are_the_offices_only(api, office, unit, expert):
    round = RoundFactory()
    nomination = NominationFactory(round=round, unit=unit)
    colleague = ExpertFactory(employer=unit)
    response = api(office).get(f"{URL}/rounds/{round.pk}/avoidances")
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["expert_id"], row["nomination_id"]) == (colleague.pk, nomination.pk)
    assert "即推荐单位" in row["reasons"][0]
    assert api(factories.unit_user(unit)).get(f"{URL}/rounds/{round.pk}/avoidances").status_code == 403
    assert api(expert).get(f"{URL}/rounds/{round.pk}/avoidances").status_code in (403, 404)


def test_the_api_does_not_assign_experts_while_nominations_are_open(api, office, today):
    today(D(2026, 3, 31))
    round = RoundFactory()
    NominationFactory(round=round)
    ExpertFactory()
    response = api(office).post(f"{URL}/rounds/{round.pk}/assignments")
    assert response.status_code == 422 and "推荐期结束后" in str(response.json()["detail"])
    assert not Assignment.objects.exists()
