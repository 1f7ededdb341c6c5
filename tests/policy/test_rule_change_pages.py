"""The pages for changing a rule safely (第十四条, issue 17): 预览 → 确认发布, 复核, 撤回 — in Chinese,
for the talent office only."""

import datetime

import pytest
from django.urls import reverse

from tests import clock, factories
from tests.introductions.factories import FlexibleIntroductionFactory, work
from yingcai.audit.models import AuditEntry
from yingcai.introductions.domain import rules_keys
from yingcai.policy.domain import publish_rule_version
from yingcai.policy.enums import RuleVersionStatus
from yingcai.policy.models import PolicyRule

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
DAYS = rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR
LIST = "/rules/"
NOTE = "市委人才办2026年第3次会议纪要"


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


@pytest.fixture
def other_office(db):
    return factories.office_user()


def as_user(client, user):
    client.force_login(user)
    return client


def publish_url(key=DAYS):
    return reverse("policy:publish", args=[key])


def form_data(**changes):
    return {"value": "120", "effective_from": "2027-01-01", "note": NOTE, "based_on": 1, **changes}


def preview(client, **changes):
    return client.post(publish_url(), form_data(**changes))


def confirm(client, response, **changes):
    return client.post(publish_url(), {**form_data(**changes), "token": response.context["token"], "confirm": "1"})


def version_2(user, **kwargs):
    return publish_rule_version(
        by=user, key=DAYS, value=120, effective_from=datetime.date(2027, 1, 1), note=NOTE, **kwargs
    )


# --- preview and confirmation --------------------------------------------------------------------------


def test_the_preview_shows_the_change_the_date_and_the_records_decided_differently(client, office):
    flexible = FlexibleIntroductionFactory(introduced_on=datetime.date(2024, 1, 1))
    work(flexible, datetime.date(2026, 1, 5), datetime.date(2026, 4, 14))  # 100 days
    response = preview(as_user(client, office), effective_from="2026-07-01")
    assert response.status_code == 200
    text = response.content.decode()
    assert "确认发布" in text
    assert "90 天（v1）→ <strong>120 天</strong>（v2）" in text
    assert "2026-07-01" in text
    assert "2026年度尚未关账的柔性引进（按已登记的工作天数）共1条，按新取值将有<strong>1</strong>条判定结果不同" in text
    assert str(flexible.talent) in text
    assert PolicyRule.objects.filter(key=DAYS).count() == 1  # nothing published yet


def test_a_rule_with_no_registered_impact_says_so_on_the_preview(client, office):
    client = as_user(client, office)
    response = client.post(
        publish_url(rules_keys.FLEXIBLE_REMINDER_FROM_MONTH), form_data(value="11", effective_from="2027-01-01")
    )
    assert "该规则未登记影响评估" in response.content.decode()


def test_confirming_the_preview_publishes_it(client, office):
    client = as_user(client, office)
    response = confirm(client, preview(client))
    assert response.status_code == 302
    v2 = PolicyRule.objects.get(key=DAYS, version=2)
    assert (v2.value, v2.note, v2.status) == (120, NOTE, RuleVersionStatus.PUBLISHED)
    assert "已发布“柔性引进每年在引进单位累计工作最少天数”第2版" in client.get(LIST).content.decode()


def test_one_click_without_a_preview_publishes_nothing(client, office):
    client = as_user(client, office)
    response = client.post(publish_url(), {**form_data(), "confirm": "1", "token": "forged"})
    assert response.status_code == 200
    assert "确认的内容与预览不一致或预览已过期" in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


def test_data_changed_after_the_preview_is_refused(client, office):
    client = as_user(client, office)
    response = confirm(client, preview(client), value="366")
    assert "确认的内容与预览不一致" in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


def test_a_rule_changed_meanwhile_refuses_the_confirmation(client, office, other_office):
    client = as_user(client, office)
    previewed = preview(client)
    publish_rule_version(by=other_office, key=DAYS, value=100, effective_from=datetime.date(2026, 9, 1), note="另一人")
    response = confirm(client, previewed)
    assert response.status_code == 200
    assert "已由他人发布或撤回了版本（最新为v2）" in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 2


def test_editing_again_keeps_what_was_typed(client, office):
    client = as_user(client, office)
    response = client.post(publish_url(), {**form_data(value="130"), "edit": "1"})
    assert response.status_code == 200
    assert 'value="130"' in response.content.decode()
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "400"}, "value", "须在1天至366天之间（含本数），400天超出范围"),
        ({"note": ""}, "note", "请填写本版本的说明"),
        ({"note": "   "}, "note", "请填写本版本的说明"),
    ],
)
def test_out_of_bounds_values_and_blank_notes_are_refused_on_the_form(client, office, data, field, message):
    response = preview(as_user(client, office), **data)
    assert response.status_code == 200
    assert message in "".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert "token" not in response.context


def test_the_form_says_the_allowed_range_and_asks_for_a_note(client, office):
    text = as_user(client, office).get(publish_url()).content.decode()
    assert "允许范围：1至366（含本数）" in text
    assert "按90天计" not in text.split("<form", 1)[1].split("</form>", 1)[0]  # the old note is not prefilled


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self"])
def test_others_may_not_preview_or_confirm(client, request, role):
    client = as_user(client, request.getfixturevalue(role))
    assert preview(client).status_code == 403
    assert client.post(publish_url(), {**form_data(), "confirm": "1", "token": "x"}).status_code == 403
    assert PolicyRule.objects.filter(key=DAYS).count() == 1


# --- second approver --------------------------------------------------------------------------------


def test_with_a_second_approver_the_preview_says_so_and_the_version_waits(client, office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    client = as_user(client, office)
    previewed = preview(client)
    assert "须另一位市委人才办工作人员复核通过后才生效" in previewed.content.decode()
    assert confirm(client, previewed).status_code == 302
    v2 = PolicyRule.objects.get(key=DAYS, version=2)
    assert v2.status == RuleVersionStatus.PENDING_REVIEW
    text = client.get(LIST).content.decode()
    assert "待另一位市委人才办工作人员复核后生效" in text
    assert "第2版待复核" in text
    assert reverse("policy:approve", args=[DAYS, 2]) not in text  # not offered to its author


def test_another_office_user_approves_on_the_page(client, office, other_office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = version_2(office)
    client = as_user(client, other_office)
    approve = reverse("policy:approve", args=[DAYS, 2])
    assert approve in client.get(LIST).content.decode()
    response = client.post(approve)
    assert response.status_code == 302
    v2.refresh_from_db()
    assert (v2.status, v2.approved_by) == (RuleVersionStatus.PUBLISHED, other_office)
    assert "已复核通过" in client.get(LIST).content.decode()


def test_the_author_approving_on_the_page_is_refused(client, office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = version_2(office)
    assert as_user(client, office).post(reverse("policy:approve", args=[DAYS, 2])).status_code == 403
    v2.refresh_from_db()
    assert v2.status == RuleVersionStatus.PENDING_REVIEW


@pytest.mark.parametrize("role", ["county_staff", "unit_staff"])
def test_others_may_not_approve(client, request, office, settings, role):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    version_2(office)
    client = as_user(client, request.getfixturevalue(role))
    assert client.post(reverse("policy:approve", args=[DAYS, 2])).status_code == 403
    assert PolicyRule.objects.get(key=DAYS, version=2).status == RuleVersionStatus.PENDING_REVIEW


# --- withdrawal -------------------------------------------------------------------------------------


def test_the_office_withdraws_a_scheduled_version_with_a_reason(client, office):
    v2 = version_2(office)
    client = as_user(client, office)
    withdraw = reverse("policy:withdraw", args=[DAYS, 2])
    assert withdraw in client.get(LIST).content.decode()
    assert client.get(withdraw).status_code == 200
    response = client.post(withdraw, {"reason": ""})
    assert "请填写撤回理由" in response.content.decode()
    response = client.post(withdraw, {"reason": "会议决定暂缓执行"})
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.status == RuleVersionStatus.WITHDRAWN
    text = client.get(LIST).content.decode()
    assert "已撤回" in text
    assert "会议决定暂缓执行" in text
    assert AuditEntry.objects.filter(object_id=str(v2.pk), reason="会议决定暂缓执行").exists()


def test_a_version_in_force_is_not_offered_for_withdrawal_and_is_refused(client, office):
    publish_rule_version(by=office, key=DAYS, value=120, effective_from=TODAY, note=NOTE)
    client = as_user(client, office)
    withdraw = reverse("policy:withdraw", args=[DAYS, 2])
    assert withdraw not in client.get(LIST).content.decode()
    response = client.post(withdraw, {"reason": "误发"})
    assert response.status_code == 200
    assert "第2版已于2026-06-15起施行，不能撤回；如需调整，请发布新版本。" in response.content.decode()
    assert PolicyRule.objects.get(key=DAYS, version=2).status == RuleVersionStatus.PUBLISHED


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self"])
def test_others_may_not_withdraw(client, request, office, role):
    version_2(office)
    client = as_user(client, request.getfixturevalue(role))
    withdraw = reverse("policy:withdraw", args=[DAYS, 2])
    assert withdraw not in client.get(LIST).content.decode()
    assert client.get(withdraw).status_code == 403
    assert client.post(withdraw, {"reason": "误发"}).status_code == 403
    assert PolicyRule.objects.get(key=DAYS, version=2).status == RuleVersionStatus.PUBLISHED


def test_unknown_versions_are_404(client, office):
    client = as_user(client, office)
    assert client.get(reverse("policy:withdraw", args=[DAYS, 9])).status_code == 404
    assert client.post(reverse("policy:approve", args=[DAYS, 9])).status_code == 404
