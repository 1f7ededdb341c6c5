"""/api/v1/introductions: declarations, review, working periods and the yearly 3-month rule over
JSON, with the same scopes and refusals as the pages (第七条–第八条)."""

import datetime

import pytest
from django.test import Client

from tests import clock, factories
from yingcai.introductions.domain import declarations
from yingcai.introductions.domain.compliance import close_year
from yingcai.introductions.domain.dates import minimum_end
from yingcai.introductions.enums import ChannelKind, IntroductionMode, IntroductionState
from yingcai.introductions.models import Channel, Introduction, WorkPeriod
from yingcai.registry.models import IndustryChain

TODAY = datetime.date(2026, 11, 25)
URL = "/api/v1/introductions"
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    """The domain and the API read the date through django.utils.timezone.localdate."""
    with clock.on(TODAY):
        yield


@pytest.fixture
def api(db):
    client = Client(enforce_csrf_checks=False)

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


FULL_TIME = {
    "mode": "full_time",
    "manner": "individual",
    "introduced_on": "2025-03-01",
    "personnel_transferred_on": "2025-03-01",
    "transferred_from": "郑州大学",
    "contract_start": "2025-03-01",
    "contract_end": "2028-02-29",  # exactly 3 years, both ends included
}
FLEXIBLE = {
    "mode": "flexible",
    "manner": "centralized",
    "introduced_on": "2025-01-01",
    "service_forms": ["project", "consulting"],
    "agreement_start": "2025-01-01",
    "agreement_end": "2027-12-31",
}


def declare(office, talent, unit, state=IntroductionState.CONFIRMED, **data) -> Introduction:
    """An introduction declared through the domain (so it is valid) and put in `state`."""
    data = {**FLEXIBLE, **data}
    values = {k: D.fromisoformat(v) if k.endswith(("_on", "_start", "_end")) and v else v for k, v in data.items()}
    introduction = declarations.declare_introduction(by=office, talent=talent, unit=unit, data=values)
    Introduction.objects.filter(pk=introduction.pk).update(
        state=state, contract_file="introductions/contracts/2025/合同.pdf" if values["mode"] == "full_time" else ""
    )
    introduction.refresh_from_db()
    return introduction


@pytest.fixture
def mine(office, unit, talent):
    return declare(office, talent, unit)


@pytest.fixture
def my_draft(office, unit):
    return declare(office, factories.TalentFactory(unit=unit), unit, IntroductionState.DRAFT, **FULL_TIME)


@pytest.fixture
def theirs(office, other_unit, other_talent):
    return declare(office, other_talent, other_unit)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# --- schema and authentication ---------------------------------------------------------------------


def test_openapi_lists_the_introduction_paths(client, office):
    client.force_login(office)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/introductions",
        "/api/v1/introductions/at-risk",
        "/api/v1/introductions/{introduction_id}",
        "/api/v1/introductions/{introduction_id}/review",
        "/api/v1/introductions/{introduction_id}/work-periods",
        "/api/v1/introductions/{introduction_id}/compliance",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/introductions/{introduction_id}"]) == {"get", "patch"}
    assert "上传" in paths["/api/v1/introductions"]["post"]["description"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", URL),
        ("post", URL),
        ("get", f"{URL}/1"),
        ("get", f"{URL}/1/compliance"),
        ("post", f"{URL}/1/work-periods"),
        ("get", f"{URL}/at-risk"),
    ],
)
def test_unauthenticated_calls_are_401(db, client, method, url):
    assert getattr(client, method)(url, content_type="application/json").status_code == 401


# --- scope per role -------------------------------------------------------------------------------------


def test_office_sees_every_introduction(api, office, mine, my_draft, theirs):
    assert _ids(api(office).get(URL)) == {mine.pk, my_draft.pk, theirs.pk}


def test_unit_sees_only_its_own_including_drafts(api, unit_staff, mine, my_draft, theirs):
    assert _ids(api(unit_staff).get(URL)) == {mine.pk, my_draft.pk}
    assert api(unit_staff).get(f"{URL}/{theirs.pk}").status_code == 404


def test_county_sees_its_jurisdiction_without_drafts(api, county_staff, mine, my_draft, theirs):
    client = api(county_staff)
    assert _ids(client.get(URL)) == {mine.pk}
    assert client.get(f"{URL}/{my_draft.pk}").status_code == 404
    assert client.get(f"{URL}/{theirs.pk}").status_code == 404


def test_department_sees_the_units_it_supervises(api, office, mine, theirs, other_unit):
    department = factories.DepartmentFactory()
    other_unit.department = department
    other_unit.save()
    assert _ids(api(factories.jurisdiction_user(department)).get(URL)) == {theirs.pk}


def test_talent_sees_own_introductions(api, talent_self, mine, my_draft, theirs):
    client = api(talent_self)
    assert _ids(client.get(URL)) == {mine.pk}
    assert client.get(f"{URL}/{mine.pk}").status_code == 200
    assert client.get(f"{URL}/{theirs.pk}").status_code == 404


def test_expert_sees_nothing(api, expert, mine, theirs):
    client = api(expert)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}/{mine.pk}").status_code == 404
    assert client.get(f"{URL}/{mine.pk}/compliance").status_code == 404
    assert client.get(f"{URL}/at-risk").json()["count"] == 0


def test_filters_by_mode_manner_state_and_year(api, office, mine, my_draft, theirs):
    client = api(office)
    assert _ids(client.get(URL, {"mode": "full_time"})) == {my_draft.pk}
    assert _ids(client.get(URL, {"mode": "flexible"})) == {mine.pk, theirs.pk}
    assert _ids(client.get(URL, {"manner": "individual"})) == {my_draft.pk}
    assert _ids(client.get(URL, {"state": "draft"})) == {my_draft.pk}
    assert _ids(client.get(URL, {"year": 2025})) == {mine.pk, my_draft.pk, theirs.pk}
    assert _ids(client.get(URL, {"year": 2024})) == set()


def test_list_item_carries_labels_and_the_rule_applied(api, unit_staff, my_draft):
    item = api(unit_staff).get(URL).json()["items"][0]
    assert item["mode_label"] == "全职引进"
    assert item["state_label"] == "草稿"
    assert item["contract_rule"]["article"] == "第七条"
    assert item["contract_rule"]["version"] == 1
    assert "3年以上" in item["decision_note"]
    assert item["has_contract_file"] is True


# --- declaring -----------------------------------------------------------------------------------------------


def test_unit_declares_a_full_time_introduction_with_channel_and_chain(api, unit_staff, unit, talent):
    channel = Channel.objects.create(kind=ChannelKind.EVENT, name="2025中国·平顶山招才引智大会")
    chain = IndustryChain.objects.order_by("code").first()
    payload = {
        **FULL_TIME,
        "talent_id": talent.pk,
        "unit_id": unit.pk,
        "channel_id": channel.pk,
        "chain_code": chain.code if chain else None,
        "service_forms": ["project"],  # the other mode's fields are dropped
    }
    response = api(unit_staff).post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft"
    assert body["channel"]["name"] == "2025中国·平顶山招才引智大会"
    assert body["service_forms"] == []
    assert body["contract_rule"]["key"] == "introduction.full_time_min_contract_years"
    assert "3年以上" in body["decision_note"]
    assert [t["name"] for t in body["available_transitions"]] == ["submit"]


def test_contract_of_two_years_364_days_is_refused_with_article_7(api, unit_staff, unit, talent):
    payload = {**FULL_TIME, "talent_id": talent.pk, "unit_id": unit.pk, "contract_end": "2028-02-28"}
    response = api(unit_staff).post(URL, payload, content_type="application/json")
    assert response.status_code == 422
    message = response.json()["detail"]["contract_end"][0]
    assert "第七条" in message
    assert "3年以上" in message
    assert "2年11个月28天" in message  # one day short: February 2028 has 29 days
    assert not Introduction.objects.exists()


def test_contract_of_exactly_three_years_is_accepted(api, unit_staff, unit, talent):
    start = D(2024, 2, 29)
    payload = {
        **FULL_TIME,
        "talent_id": talent.pk,
        "unit_id": unit.pk,
        "introduced_on": start.isoformat(),
        "contract_start": start.isoformat(),
        "contract_end": minimum_end(start, 3).isoformat(),
    }
    response = api(unit_staff).post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content


def test_full_time_declared_through_the_api_cannot_be_submitted_without_the_file(api, unit_staff, unit, talent):
    client = api(unit_staff)
    created = client.post(
        URL, {**FULL_TIME, "talent_id": talent.pk, "unit_id": unit.pk}, content_type="application/json"
    )
    response = client.post(
        f"{URL}/{created.json()['id']}/review", {"transition": "submit"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "合同或协议文件" in response.json()["detail"]["contract_file"][0]


def test_flexible_needs_service_forms_and_agreement(api, unit_staff, unit, talent):
    payload = {**FLEXIBLE, "talent_id": talent.pk, "unit_id": unit.pk, "service_forms": [], "agreement_end": None}
    response = api(unit_staff).post(URL, payload, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "服务方式" in detail["service_forms"][0]
    assert "协议起止日期" in detail["agreement_start"][0]


def test_unknown_mode_and_channel_are_422_in_chinese(api, unit_staff, unit, talent):
    client = api(unit_staff)
    payload = {**FLEXIBLE, "talent_id": talent.pk, "unit_id": unit.pk}
    assert (
        "不存在"
        in client.post(URL, {**payload, "channel_id": 999999}, content_type="application/json").json()["detail"][
            "channel"
        ][0]
    )
    response = client.post(URL, {**payload, "mode": "secret"}, content_type="application/json")
    assert response.status_code == 422
    assert "mode" in response.json()["detail"]


def test_unit_cannot_declare_for_another_unit(api, unit_staff, other_unit, other_talent):
    payload = {**FLEXIBLE, "talent_id": other_talent.pk, "unit_id": other_unit.pk}
    assert api(unit_staff).post(URL, payload, content_type="application/json").status_code == 404
    assert not Introduction.objects.exists()


def test_unit_cannot_declare_a_talent_of_another_unit(api, unit_staff, unit, other_talent):
    payload = {**FLEXIBLE, "talent_id": other_talent.pk, "unit_id": unit.pk}
    response = api(unit_staff).post(URL, payload, content_type="application/json")
    assert response.status_code == 422
    assert "talent" in response.json()["detail"]


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_only_units_and_the_office_declare(api, request, role, unit, talent):
    payload = {**FLEXIBLE, "talent_id": talent.pk, "unit_id": unit.pk}
    response = api(request.getfixturevalue(role)).post(URL, payload, content_type="application/json")
    assert response.status_code in (403, 404)
    assert not Introduction.objects.exists()


# --- editing ---------------------------------------------------------------------------------------------------


def test_patch_with_the_version_read_changes_the_draft(api, unit_staff, my_draft):
    client = api(unit_staff)
    response = client.patch(
        f"{URL}/{my_draft.pk}",
        {"version": my_draft.version, "transferred_from": "北京理工大学", "chain_code": None},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["transferred_from"] == "北京理工大学"
    assert response.json()["version"] == my_draft.version + 1
    stale = client.patch(
        f"{URL}/{my_draft.pk}", {"version": my_draft.version, "transferred_from": "x"}, content_type="application/json"
    )
    assert stale.status_code == 422
    assert "该记录已被他人修改" in stale.json()["detail"]["__all__"][0]


def test_patch_refuses_a_short_contract_and_a_confirmed_record(api, unit_staff, my_draft, mine):
    client = api(unit_staff)
    short = client.patch(
        f"{URL}/{my_draft.pk}",
        {"version": my_draft.version, "contract_end": "2028-02-28"},
        content_type="application/json",
    )
    assert short.status_code == 422
    assert "第七条" in short.json()["detail"]["contract_end"][0]
    confirmed = client.patch(
        f"{URL}/{mine.pk}", {"version": mine.version, "manner": "individual"}, content_type="application/json"
    )
    assert confirmed.status_code == 422
    assert "已提交审核" in confirmed.json()["detail"]["__all__"][0]


def test_county_may_not_edit_a_declaration(api, county_staff, mine):
    Introduction.objects.filter(pk=mine.pk).update(state=IntroductionState.RETURNED)
    response = api(county_staff).patch(f"{URL}/{mine.pk}", {"version": 1}, content_type="application/json")
    assert response.status_code == 403


# --- review chain ------------------------------------------------------------------------------------------------


def _review(client, introduction, transition, reason=""):
    return client.post(
        f"{URL}/{introduction.pk}/review", {"transition": transition, "reason": reason}, content_type="application/json"
    )


def test_the_review_chain_unit_county_office(api, unit_staff, county_staff, office, unit, talent):
    draft = declare(office, talent, unit, IntroductionState.DRAFT)
    assert _review(api(unit_staff), draft, "submit").json()["state"] == "submitted"
    body = _review(api(county_staff), draft, "county_approve").json()
    assert body["state"] == "county_approved"
    body = _review(api(office), draft, "confirm").json()
    assert body["state"] == "confirmed"
    assert body["state_label"] == "已确认"
    assert [s["transition"] for s in body["review_steps"]] == ["submit", "county_approve", "confirm"]
    assert body["available_transitions"] == []


def test_a_future_transfer_is_confirmed_as_pending_over_the_api(api, unit_staff, county_staff, office, unit, talent):
    draft = declare(
        office,
        talent,
        unit,
        IntroductionState.COUNTY_APPROVED,
        **{
            **FULL_TIME,
            "introduced_on": "2026-11-01",
            "personnel_transferred_on": "2027-01-01",
            "contract_start": "2026-11-01",
            "contract_end": "2029-10-31",
        },
    )
    client = api(office)
    offered = [t["name"] for t in client.get(f"{URL}/{draft.pk}").json()["available_transitions"]]
    assert "confirm_pending_transfer" in offered and "confirm" not in offered
    body = _review(client, draft, "confirm_pending_transfer").json()
    assert (body["state"], body["state_label"]) == ("pending_transfer", "待转入")
    assert _ids(client.get(URL, {"state": "pending_transfer"})) == {draft.pk}


def test_the_unit_withdraws_over_the_api_before_the_first_review(api, unit_staff, mine):
    Introduction.objects.filter(pk=mine.pk).update(state=IntroductionState.SUBMITTED)
    client = api(unit_staff)
    assert "reason" in _review(client, mine, "withdraw").json()["detail"]
    assert _review(client, mine, "withdraw", "信息有误").json()["state"] == "draft"


def test_a_return_needs_a_reason_and_the_unit_sees_it(api, unit_staff, county_staff, mine):
    Introduction.objects.filter(pk=mine.pk).update(state=IntroductionState.SUBMITTED)
    client = api(county_staff)
    assert "reason" in _review(client, mine, "county_return").json()["detail"]
    assert _review(client, mine, "county_return", "协议未盖章").status_code == 200
    body = api(unit_staff).get(f"{URL}/{mine.pk}").json()
    assert body["state"] == "returned"
    assert body["review_steps"][-1]["reason"] == "协议未盖章"
    assert [t["name"] for t in body["available_transitions"]] == ["submit"]


def test_county_cannot_confirm_outside_its_jurisdiction(api, office, other_unit, other_talent, county_staff):
    foreign = declare(office, other_talent, other_unit, IntroductionState.SUBMITTED)
    assert _review(api(county_staff), foreign, "county_approve").status_code == 404
    Introduction.objects.filter(pk=foreign.pk).update(state=IntroductionState.COUNTY_APPROVED)
    assert _review(api(county_staff), foreign, "confirm").status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == IntroductionState.COUNTY_APPROVED


def test_county_may_not_take_the_office_step(api, county_staff, mine):
    Introduction.objects.filter(pk=mine.pk).update(state=IntroductionState.COUNTY_APPROVED)
    response = _review(api(county_staff), mine, "confirm")
    assert response.status_code == 403
    assert "人才办确认" in response.json()["detail"]


def test_unit_may_not_approve_its_own_declaration(api, unit_staff, mine):
    Introduction.objects.filter(pk=mine.pk).update(state=IntroductionState.SUBMITTED)
    assert _review(api(unit_staff), mine, "county_approve").status_code == 403


def test_wrong_state_and_unknown_transition_are_422(api, office, mine):
    client = api(office)
    assert "当前状态" in _review(client, mine, "submit").json()["detail"]["__all__"][0]
    assert "transition" in _review(client, mine, "publish").json()["detail"]


# --- working periods ---------------------------------------------------------------------------------------------


def _log(client, introduction, start, end, description="产线工艺攻关"):
    return client.post(
        f"{URL}/{introduction.pk}/work-periods",
        {"start": start, "end": end, "description": description},
        content_type="application/json",
    )


def test_unit_logs_and_lists_periods(api, unit_staff, mine):
    client = api(unit_staff)
    response = _log(client, mine, "2026-03-01", "2026-03-31")
    assert response.status_code == 201, response.content
    assert response.json()["days"] == 31
    listed = client.get(f"{URL}/{mine.pk}/work-periods").json()
    assert [(p["start"], p["end"]) for p in listed] == [("2026-03-01", "2026-03-31")]


def test_unit_cannot_log_periods_for_another_units_introduction(api, unit_staff, theirs):
    assert _log(api(unit_staff), theirs, "2026-03-01", "2026-03-31").status_code == 404
    assert not WorkPeriod.objects.exists()


def test_county_may_read_but_not_log_periods(api, county_staff, mine):
    client = api(county_staff)
    assert client.get(f"{URL}/{mine.pk}/work-periods").status_code == 200
    assert _log(client, mine, "2026-03-01", "2026-03-31").status_code == 403


@pytest.mark.parametrize(
    ("start", "end", "field", "text"),
    [
        ("2026-11-20", "2026-11-26", "end", "尚未发生"),
        ("2024-12-01", "2025-01-10", "start", "协议期内"),
        ("2026-03-31", "2026-03-01", "end", "不能早于"),
    ],
)
def test_periods_in_the_future_outside_the_agreement_or_reversed_are_422(
    api, unit_staff, mine, start, end, field, text
):
    response = _log(api(unit_staff), mine, start, end)
    assert response.status_code == 422
    assert text in response.json()["detail"][field][0]


def test_full_time_introductions_have_no_periods(api, unit_staff, my_draft):
    response = _log(api(unit_staff), my_draft, "2026-03-01", "2026-03-31")
    assert response.status_code == 422
    assert "柔性引进" in response.json()["detail"]["__all__"][0]


def test_deleting_a_period_needs_a_reason(api, unit_staff, mine):
    client = api(unit_staff)
    period = _log(client, mine, "2026-03-01", "2026-03-31").json()
    url = f"{URL}/{mine.pk}/work-periods/{period['id']}"
    assert client.delete(url).status_code == 422
    assert client.delete(f"{url}?reason=登记错误").status_code == 204
    assert not WorkPeriod.objects.exists()


# --- yearly compliance (第八条) -----------------------------------------------------------------------------------


def test_compliance_of_a_flexible_talent_with_overlapping_and_year_crossing_periods(api, unit_staff, office, mine):
    client = api(unit_staff)
    for start, end in (
        ("2025-12-20", "2026-01-10"),  # crosses the year end: 12 days in 2025, 10 in 2026
        ("2026-03-01", "2026-03-31"),
        ("2026-03-20", "2026-04-10"),  # overlaps the one before: 03-01..04-10 is 41 days
        ("2025-05-01", "2025-07-31"),  # 92 days
    ):
        assert _log(client, mine, start, end).status_code == 201

    history = client.get(f"{URL}/{mine.pk}/compliance").json()
    assert [y["year"] for y in history] == [2026, 2025]
    this_year, last_year = history
    assert this_year == {
        "year": 2026,
        "days_worked": 51,
        "days_required": 90,
        "shortfall": 39,
        "status": "not_yet",
        "status_label": "尚未达标",
        "at_risk": True,
        "rule": {
            "key": "introduction.flexible_min_days_per_year",
            "version": 1,
            "label": this_year["rule"]["label"],
            "value": "90",
            "unit": "天",
            "article": "第八条",
            "document": "平顶山市科技创新领军人才引进培育工作细则",
        },
        "explanation": this_year["explanation"],
        "frozen": False,
    }
    assert "已累计工作51天" in this_year["explanation"]
    assert (last_year["days_worked"], last_year["status"], last_year["frozen"]) == (104, "met", False)

    close_year(year=2025, by=office, today=TODAY)
    last_year = client.get(f"{URL}/{mine.pk}/compliance").json()[1]
    assert (last_year["days_worked"], last_year["status"], last_year["frozen"]) == (104, "met", True)


def test_compliance_is_prorated_in_a_partial_year_and_empty_for_full_time(api, office, unit, my_draft):
    introduction = declare(
        office,
        factories.TalentFactory(unit=unit),
        unit,
        introduced_on="2026-07-01",
        agreement_start="2026-07-01",
        agreement_end="2028-06-30",
    )
    client = api(office)
    (year,) = client.get(f"{URL}/{introduction.pk}/compliance").json()
    assert (year["year"], year["days_required"], year["status"]) == (2026, 46, "not_yet")  # ceil(90 × 184 / 365)
    assert "折算" in year["explanation"]
    assert client.get(f"{URL}/{my_draft.pk}/compliance").json() == []


def test_at_risk_lists_short_talents_in_scope(api, office, unit_staff, county_staff, mine, theirs):
    WorkPeriod.objects.create(introduction=theirs, start=D(2026, 1, 1), end=D(2026, 4, 30), description="达标")
    body = api(office).get(f"{URL}/at-risk").json()
    assert [item["introduction_id"] for item in body["items"]] == [mine.pk]
    item = body["items"][0]
    assert item["talent"]["name"] == mine.talent.name
    assert item["compliance"]["shortfall"] == 90
    assert item["compliance"]["at_risk"] is True
    assert api(unit_staff).get(f"{URL}/at-risk").json()["count"] == 1
    assert api(county_staff).get(f"{URL}/at-risk").json()["count"] == 1

    Introduction.objects.filter(pk=mine.pk).update(unit=theirs.unit)
    assert api(unit_staff).get(f"{URL}/at-risk").json()["count"] == 0


def test_mode_of_record_is_kept_when_flexible_becomes_full_time(api, office, unit_staff, mine):
    successor = declarations.change_to_full_time(
        by=office,
        previous=mine,
        data={
            "introduced_on": D(2026, 7, 1),
            "personnel_transferred_on": D(2026, 7, 1),
            "transferred_from": "上海交通大学",
            "contract_start": D(2026, 7, 1),
            "contract_end": D(2029, 6, 30),
        },
    )
    client = api(unit_staff)
    old = client.get(f"{URL}/{mine.pk}").json()
    new = client.get(f"{URL}/{successor.pk}").json()
    assert (old["mode"], old["ended_on"], old["end_reason"]) == ("flexible", "2026-06-30", "转为全职引进")
    assert (new["mode"], new["supersedes_id"]) == (IntroductionMode.FULL_TIME, mine.pk)
