"""The policy rules pages (第十四条): everyone but experts reads the rules and their history; only
the talent office publishes a new version, without a programmer."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests import clock, factories
from yingcai.audit.models import AuditEntry
from yingcai.introductions.domain import rules_keys
from yingcai.policy.domain import rule_in_force
from yingcai.policy.models import PolicyRule

# Database tests, so pytest-django orders them before the transactional ones that empty it.
pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
DAYS = rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR
CONTRACT_YEARS = rules_keys.FULL_TIME_MIN_CONTRACT_YEARS
LIST = "/rules/"


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


def publish_url(key: str = DAYS) -> str:
    return reverse("policy:publish", args=[key])


def as_user(client, user):
    client.force_login(user)
    return client


def post_new_version(
    client, value="100", effective_from="2027-01-01", note="市委人才办2026年第5次会议", based_on=1, key=DAYS
):
    """Fill in, preview, confirm: the confirmation posts the previewed data with its token (a
    preview that fails is returned as is)."""
    data = {"value": value, "effective_from": effective_from, "note": note, "based_on": based_on}
    preview = client.post(publish_url(key), data)
    if preview.status_code != 200 or "token" not in preview.context:
        return preview
    return client.post(publish_url(key), {**data, "token": preview.context["token"], "confirm": "1"})


def test_the_routes():
    assert reverse("policy:rules") == LIST
    assert publish_url() == f"/rules/{DAYS}/publish/"


@pytest.mark.parametrize("role", ["office", "county_staff", "unit_staff", "talent_self"])
def test_everyone_but_experts_reads_the_rules(client, request, role):
    response = as_user(client, request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    for rule in PolicyRule.objects.all():
        assert rule.label in text
        assert rule.article in text
    assert "全职引进工作合同最短期限" in text
    assert "90 天" in text
    assert "平顶山市科技创新领军人才引进培育工作细则" in text
    assert "2024-01-01" in text
    assert "系统初始数据" in text
    assert "政策规则参数" in text  # the sidebar entry


def test_experts_and_visitors_do_not(client, expert):
    assert client.get(LIST).status_code == 302
    client = as_user(client, expert)
    assert client.get(LIST).status_code == 403
    home = client.get("/")
    assert home.status_code == 200
    assert "政策规则参数" not in home.content.decode()


def test_only_the_office_sees_the_publish_button(client, office, unit_staff):
    assert publish_url() in as_user(client, office).get(LIST).content.decode()
    assert publish_url() not in as_user(client, unit_staff).get(LIST).content.decode()


def test_office_publishes_a_new_version(client, office):
    client = as_user(client, office)
    assert client.get(publish_url()).status_code == 200
    response = post_new_version(client)
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#rule-{DAYS}"

    v1, v2 = PolicyRule.objects.filter(key=DAYS).order_by("version")
    assert (v2.version, v2.value, v2.effective_from, v2.created_by) == (
        2,
        Decimal(100),
        datetime.date(2027, 1, 1),
        office,
    )
    assert v2.note == "市委人才办2026年第5次会议"
    assert v1.effective_to == datetime.date(2026, 12, 31)
    assert rule_in_force(DAYS, TODAY) == v1
    assert rule_in_force(DAYS, datetime.date(2027, 1, 1)) == v2
    assert AuditEntry.objects.filter(object_id=str(v2.pk), actor=office).exists()


def test_history_shows_both_versions_with_who_published(client, office, unit_staff):
    post_new_version(as_user(client, office))
    text = as_user(client, unit_staff).get(LIST).content.decode()
    assert "已发布第2版，将于2027-01-01起施行" in text
    start = text.index(f'data-testid="versions-{DAYS}"')
    history = text[start : text.index("</table>", start)]
    assert "v2" in history and "v1" in history
    assert "100 天" in history and "90 天" in history
    assert "待生效" in history and "现行" in history
    assert str(office) in history
    assert "2026-12-31" in history  # v1 ends the day before v2


def test_a_version_in_force_today_replaces_the_old_one_on_the_page(client, office):
    client = as_user(client, office)
    response = post_new_version(
        client, value="5", effective_from="2026-11-01", note="市委人才办2026年第4次会议", key=CONTRACT_YEARS
    )
    assert response.status_code == 302
    text = client.get(LIST).content.decode()
    assert "5 年" in text
    assert "已失效" in text
    v2 = rule_in_force(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, TODAY)
    assert v2.version == 2
    assert v2.note == "市委人才办2026年第4次会议"


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_may_publish(client, request, role):
    client = as_user(client, request.getfixturevalue(role))
    assert client.get(publish_url()).status_code == 403
    assert post_new_version(client).status_code == 403
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


def test_department_staff_may_not_publish_either(client, db):
    user = factories.jurisdiction_user(factories.DepartmentFactory(name="市科技局"))
    assert post_new_version(as_user(client, user)).status_code == 403


def test_unknown_rule_is_404(client, office):
    assert as_user(client, office).get(reverse("policy:publish", args=["no.such.rule"])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"effective_from": "2023-12-31"}, "effective_from", "新版本的生效日期须晚于上一版本的生效日期（2024-01-01）"),
        ({"effective_from": "2024-01-01"}, "effective_from", "新版本的生效日期须晚于上一版本的生效日期"),
        ({"effective_from": ""}, "effective_from", "这个字段是必填项"),
        ({"value": "90.5"}, "value", "须为整数"),
        ({"value": "-1"}, "value", "大于或等于0"),
        ({"value": "0"}, "value", "取值须大于0"),
        ({"value": "abc"}, "value", "输入一个数字"),
    ],
)
def test_refusals_are_shown_on_the_form_in_chinese(client, office, data, field, message):
    client = as_user(client, office)
    payload = {"value": "100", "effective_from": "2027-01-01", "note": "会议纪要", "based_on": 1, **data}
    response = client.post(publish_url(), payload)
    assert response.status_code == 200
    assert message in "".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


def test_yes_no_and_month_rules_take_only_sensible_values(client, office):
    client = as_user(client, office)
    prorate = rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR
    response = post_new_version(client, value="2", key=prorate)
    assert "只能取 1（是）或 0（否）" in response.content.decode()
    response = post_new_version(client, value="13", key=rules_keys.FLEXIBLE_REMINDER_FROM_MONTH)
    assert "月份须在1至12之间" in response.content.decode()
    assert post_new_version(client, value="0", key=prorate).status_code == 302


def test_a_form_opened_before_someone_else_published_is_refused(client, office):
    client = as_user(client, office)
    assert post_new_version(client).status_code == 302
    response = post_new_version(client, value="120", effective_from="2028-01-01", based_on=1)
    assert response.status_code == 200
    assert "已由他人发布或撤回了版本（最新为v2）" in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 2
