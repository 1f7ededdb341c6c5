"""The tiers and support items pages (第十三条, 第十四条): read by those who read the rules, changed
only by the talent office, every value with its article, document and dates."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import clock
from yingcai.audit.models import AuditEntry
from yingcai.policy.models import SupportItem, TalentTier
from yingcai.policy.tiers import create_support_item, support_items_in_force
from yingcai.registry.models import Jurisdiction

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
LIST = "/rules/tiers/"


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_routes():
    assert reverse("policy:tiers") == LIST
    assert reverse("policy:tier-publish", args=["A"]) == "/rules/tiers/A/publish/"
    assert reverse("policy:item-publish", args=["A.housing_purchase"]) == "/rules/items/A.housing_purchase/publish/"
    assert reverse("policy:item-retire", args=["A.housing_purchase"]) == "/rules/items/A.housing_purchase/retire/"
    assert reverse("policy:calculator") == "/rules/calculator/"


@pytest.mark.parametrize("role", ["office", "county_staff", "unit_staff", "talent_self"])
def test_everyone_but_experts_reads_the_tiers_with_their_sources(client, request, role):
    response = as_user(client, request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("A类 国际一流人才", "D类 省内青年拔尖人才", "E类 市级人才", "购房补贴", "配偶安置", "子女入学"):
        assert name in text
    assert "年龄≤40周岁" in text
    assert "300000 元" in text and "（分3期，每12个月一期）" in text
    assert "市教育局" in text and "子女姓名" in text
    assert "《平顶山市科技创新领军人才引进培育工作细则》第十三条" in text
    assert "《平人才〔2024〕2号》认定标准" in text
    assert "示例" in text and 'data-testid="example-warning"' in text
    assert "2024-01-01" in text
    can_publish = role == "office"
    assert (reverse("policy:tier-publish", args=["A"]) in text) is can_publish
    assert (reverse("policy:item-retire", args=["A.housing_purchase"]) in text) is can_publish


def test_experts_and_visitors_do_not_read_the_tiers_page(client, expert):
    assert client.get(LIST).status_code == 302
    assert as_user(client, expert).get(LIST).status_code == 403


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_opens_or_posts_the_forms(client, request, role):
    client = as_user(client, request.getfixturevalue(role))
    urls = [
        reverse("policy:tier-publish", args=["A"]),
        reverse("policy:tier-new"),
        reverse("policy:item-publish", args=["A.housing_purchase"]),
        reverse("policy:item-new"),
        reverse("policy:item-retire", args=["A.housing_purchase"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"effective_from": "2027-01-01", "amount": "1"}).status_code == 403
    assert SupportItem.objects.filter(version__gt=1).count() == 0
    assert TalentTier.objects.filter(version__gt=1).count() == 0
    assert SupportItem.objects.filter(effective_to__isnull=False).count() == 0


def test_unknown_codes_are_404(client, office):
    client = as_user(client, office)
    assert client.get(reverse("policy:tier-publish", args=["Z"])).status_code == 404
    assert client.get(reverse("policy:item-publish", args=["Z.x"])).status_code == 404
    assert client.get(reverse("policy:item-retire", args=["Z.x"])).status_code == 404


def item_post(**changes):
    item = SupportItem.objects.get(code="D.housing_purchase", version=1)
    data = {
        "kind": item.kind,
        "name": item.name,
        "amount": "350000",
        "instalments": "1",
        "interval_months": "12",
        "confirm_fields": ["bank_account", "bank_name"],
        "article": item.article,
        "document": item.document,
        "effective_from": "2027-01-01",
        "note": "市委人才办2026年第6次会议",
        "based_on": "1",
    }
    return {**data, **changes}


def test_office_publishes_a_new_amount_from_a_date(client, office):
    client = as_user(client, office)
    url = reverse("policy:item-publish", args=["D.housing_purchase"])
    page = client.get(url).content.decode()
    assert 'value="300000.00"' in page and "已生成的待遇按原版本执行" in page
    response = client.post(url, item_post())
    assert response.status_code == 302
    new = SupportItem.objects.get(code="D.housing_purchase", version=2)
    assert new.amount == Decimal("350000") and not new.is_example and new.created_by == office
    assert support_items_in_force("D", datetime.date(2026, 12, 31))[0].amount == Decimal("300000")
    assert AuditEntry.objects.filter(object_id=str(new.pk), action="create").exists()
    text = client.get(LIST).content.decode()
    assert "v2 2027-01-01起" in text


def test_a_stale_form_is_refused_on_the_page(client, office):
    client = as_user(client, office)
    url = reverse("policy:item-publish", args=["D.housing_purchase"])
    assert client.post(url, item_post()).status_code == 302
    response = client.post(url, item_post(amount="360000", effective_from="2027-02-01"))
    assert response.status_code == 200
    assert "已由他人发布了新版本（v2）" in response.content.decode()
    assert SupportItem.objects.filter(code="D.housing_purchase").count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "0"}, "金额须大于0元"),
        ({"needs_decision": "on", "decision_working_days": "10"}, "须指定办理部门"),
        ({"effective_from": "2024-01-01"}, "须晚于上一版本的生效日期"),
    ],
)
def test_refusals_are_shown_on_the_form(client, office, changes, message):
    response = as_user(client, office).post(
        reverse("policy:item-publish", args=["D.housing_purchase"]), item_post(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SupportItem.objects.filter(code="D.housing_purchase").count() == 1


def test_office_publishes_a_tier_version(client, office):
    tier = TalentTier.objects.get(code="D")
    data = {
        "name": tier.name,
        "rank": "4",
        "max_age": "45",
        "min_education": "doctorate",
        "min_title": "",
        "honours": "中原英才计划入选者\n河南省青年科技奖获得者",
        "qualifications": tier.qualifications,
        "article": tier.article,
        "document": tier.document,
        "effective_from": "2027-01-01",
        "based_on": "1",
        "is_example": "on",
    }
    client = as_user(client, office)
    assert 'value="40"' in client.get(reverse("policy:tier-publish", args=["D"])).content.decode()
    response = client.post(reverse("policy:tier-publish", args=["D"]), data)
    assert response.status_code == 302
    new = TalentTier.objects.get(code="D", version=2)
    assert new.max_age == 45 and new.honours == ["中原英才计划入选者", "河南省青年科技奖获得者"] and new.is_example


def test_office_adds_and_retires_an_item(client, office):
    client = as_user(client, office)
    department = Jurisdiction.objects.get(name="市教育局")
    response = client.post(
        reverse("policy:item-new"),
        {
            "tier_code": "E",
            "code": "E.kindergarten",
            "kind": "school",
            "name": "幼儿园入园",
            "instalments": "1",
            "interval_months": "12",
            "needs_decision": "on",
            "responsible_office": str(department.pk),
            "decision_working_days": "10",
            "confirm_fields": ["child_name"],
            "article": "第十三条",
            "document": "平人才〔2024〕2号",
            "effective_from": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert SupportItem.objects.get(code="E.kindergarten").responsible_office == department
    response = client.post(
        reverse("policy:item-retire", args=["E.kindergarten"]), {"effective_to": "2027-06-30", "note": "政策调整"}
    )
    assert response.status_code == 302
    assert SupportItem.objects.get(code="E.kindergarten").effective_to == datetime.date(2027, 6, 30)


def test_office_adds_a_tier(client, office):
    response = as_user(client, office).post(
        reverse("policy:tier-new"),
        {
            "code": "F",
            "name": "市内优秀青年人才",
            "rank": "6",
            "max_age": "35",
            "article": "认定标准",
            "document": "平人才〔2024〕2号",
            "effective_from": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert TalentTier.objects.get(code="F").max_age == 35


def _more_items(office, n):
    for i in range(n):
        create_support_item(
            by=office,
            values={
                "code": f"E.extra{i}",
                "tier_code": "E",
                "kind": "award",
                "name": f"附加奖励{i}",
                "amount": 1000,
                "article": "第十三条",
                "document": "平人才〔2024〕2号",
            },
            effective_from=datetime.date(2026, 1, 1),
        )


def test_the_tiers_page_costs_the_same_queries_for_3_and_20_more_items(client, office):
    client = as_user(client, office)

    def count(n):
        SupportItem.objects.filter(code__startswith="E.extra").delete()
        _more_items(office, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    assert count(3) == count(20)
