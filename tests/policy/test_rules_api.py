"""The rules, tiers and policy calculator over JSON (第十三条, 第十四条)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import clock
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory
from yingcai.policy.models import PolicyRule

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
URL = "/api/v1/rules"


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


def profile(**changes) -> dict:
    data = {
        "on": "2026-11-25",
        "birth_date": "1990-01-01",
        "education": "doctorate",
        "title": "senior_deputy",
        "honours": ["中原英才计划入选者"],
        "employment": "full_time",
        "basis": "introduced",
        "basis_date": "2025-01-01",
        "introduction_confirmed": True,
    }
    return {**data, **changes}


def calculate(client, **changes):
    return client.post(f"{URL}/calculator", profile(**changes), content_type="application/json")


def by_code(response) -> dict:
    assert response.status_code == 200, response.content
    return {v["tier"]["code"]: v for v in response.json()["verdicts"]}


def test_openapi_lists_the_rules_paths(client, office):
    client.force_login(office)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (URL, f"{URL}/tiers", f"{URL}/calculator", f"{URL}/calculator/talents/{{talent_id}}"):
        assert path in paths, path


def test_the_calculator_is_public_and_explains_each_tier(client):
    verdicts = by_code(calculate(client))
    assert list(verdicts) == ["A", "B", "C", "D", "E"]
    d, a = verdicts["D"], verdicts["A"]
    assert d["eligible"] and d["failed"] == []
    assert {i["code"] for i in d["support"]} >= {"D.housing_purchase", "D.living_subsidy"}
    living = next(i for i in d["support"] if i["code"] == "D.living_subsidy")
    assert (living["amount"], living["instalments"], living["interval_months"]) == ("90000.00", 3, 12)
    assert not a["eligible"] and a["failed"] == ["honours"] and a["support"] == []
    honours = next(c for c in a["conditions"] if c["code"] == "honours")
    assert honours["article"] == "认定标准" and "平人才〔2024〕2号" in honours["citation"]
    assert d["rules"] == [{"key": "certification.new_talent_window_years", "version": 1}]


def test_a_flexible_profile_is_refused_with_article_13(client):
    verdicts = by_code(calculate(client, employment="flexible", basis=None))
    for verdict in verdicts.values():
        assert not verdict["eligible"]
        full_time = verdict["conditions"][0]
        assert full_time["code"] == "full_time" and full_time["article"] == "第十三条"
        assert "柔性引进人才不享受第十三条待遇" in full_time["detail"]


def test_age_at_the_limit_and_one_over(client):
    assert by_code(calculate(client, birth_date=None, age=40))["D"]["eligible"]
    over = by_code(calculate(client, birth_date=None, age=41))["D"]
    assert over["failed"] == ["age"]


def test_the_newness_window_exactly_three_years_and_one_day_past(client):
    # 2023-11-26 … 2026-11-25 is a window of exactly 3 years, both ends included.
    assert by_code(calculate(client, basis_date="2023-11-26"))["D"]["eligible"]
    assert by_code(calculate(client, basis_date="2023-11-25"))["D"]["failed"] == ["newness"]


def test_bad_values_are_422_in_chinese(client):
    response = calculate(client, education="phd", employment="remote")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "学历不在可选范围内。" in detail["education"]
    assert "employment" in detail


def test_the_calculator_costs_a_fixed_number_of_queries(client):
    with CaptureQueriesContext(connection) as queries:
        calculate(client)
    assert len(queries) <= 4


def test_rules_and_tiers_need_login_and_the_permission(client, expert, unit_staff):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/tiers").status_code == 401
    client.force_login(expert)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/tiers").status_code == 403
    client.force_login(unit_staff)
    rules = client.get(URL).json()
    assert {r["key"] for r in rules} == set(PolicyRule.objects.values_list("key", flat=True))
    window = next(r for r in rules if r["key"] == "certification.new_talent_window_years")
    assert window["value"] == "3" and window["in_force"] and window["article"] == "第十三条"


def test_tiers_with_items_on_a_date(client, office):
    client.force_login(office)
    tiers = client.get(f"{URL}/tiers").json()
    assert [t["code"] for t in tiers] == ["A", "B", "C", "D", "E"]
    d = tiers[3]
    assert d["max_age"] == 40 and d["is_example"] and len(d["support_items"]) == 7
    school = next(i for i in d["support_items"] if i["kind"] == "school")
    assert school["responsible_office"] == "市教育局" and school["needs_decision"]
    assert client.get(f"{URL}/tiers", {"on": "2023-12-31"}).json() == []


def test_the_calculator_for_a_talent_in_scope(client, unit_staff, unit, other_talent):
    talent = IntroductionFactory(unit=unit, introduced_on=datetime.date(2025, 3, 1)).talent
    client.force_login(unit_staff)
    response = client.get(f"{URL}/calculator/talents/{talent.pk}", {"honours": "中原英才计划入选者"})
    assert response.status_code == 200
    body = response.json()
    assert body["talent_id"] == talent.pk and body["profile"]["basis_date"] == "2025-03-01"
    assert body["profile"]["honours"] == ["中原英才计划入选者"]
    assert client.get(f"{URL}/calculator/talents/{other_talent.pk}").status_code == 404


def test_the_calculator_for_a_flexible_talent(client, office):
    talent = FlexibleIntroductionFactory().talent
    client.force_login(office)
    verdicts = by_code(client.get(f"{URL}/calculator/talents/{talent.pk}"))
    assert not any(v["eligible"] for v in verdicts.values())


def test_experts_may_not_use_the_talent_calculator(client, expert, talent):
    assert client.get(f"{URL}/calculator/talents/{talent.pk}").status_code == 401
    client.force_login(expert)
    assert client.get(f"{URL}/calculator/talents/{talent.pk}").status_code == 403


def test_the_calculator_before_any_tier_was_in_force(client):
    response = calculate(client, on="2023-12-31", basis_date="2023-01-01")
    assert response.status_code == 200 and response.json()["verdicts"] == []


def test_a_county_cannot_move_the_evaluation_day_of_a_talent(client, county_staff, office, unit):
    """Ages on chosen days would give away the birth date, day by day: a county (which may not see
    it) evaluates a talent on today only, and gets no birth date back."""
    talent = IntroductionFactory(unit=unit, introduced_on=datetime.date(2025, 3, 1)).talent
    url = f"{URL}/calculator/talents/{talent.pk}"
    client.force_login(county_staff)
    refused = client.get(url, {"on": "2027-01-01"})
    assert refused.status_code == 422
    assert "评估日期只能为今天" in refused.json()["detail"]["on"][0]
    body = client.get(url).json()
    assert body["profile"]["birth_date"] is None
    assert str(talent.birth_date) not in str(body)
    client.force_login(office)
    body = client.get(url, {"on": "2027-01-01"}).json()
    assert body["on"] == "2027-01-01" and body["profile"]["birth_date"] == str(talent.birth_date)
