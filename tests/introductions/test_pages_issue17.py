"""Pages of issue 17 for introductions: the at-risk list's filters, export and reminders, reopening
a closed year, a period refused in a closed year, withdrawal and the 待转入 / 历史记录 notices."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests import clock, factories
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory, work
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.introductions.domain.compliance import close_year
from yingcai.introductions.enums import IntroductionState
from yingcai.introductions.models import AtRiskReminder, WorkPeriod
from yingcai.notifications.models import Notification

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 11, 3)  # 59 days left in the year


@pytest.fixture(autouse=True)
def _today_and_chinese():
    with clock.on(TODAY), translation.override("zh-hans"):
        yield


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def listed(unit, other_unit):
    """Three flexible talents short of days in 2025: two of `unit`, one of `other_unit`."""
    hopeless = FlexibleIntroductionFactory(unit=unit)  # 0 of 90 days, 59 left: can no longer be met
    possible = FlexibleIntroductionFactory(unit=unit)
    work(possible, D(2025, 3, 1), D(2025, 4, 9))  # 40 days, 50 short, 59 left
    elsewhere = FlexibleIntroductionFactory(unit=other_unit)
    return {"hopeless": hopeless, "possible": possible, "elsewhere": elsewhere}


def listed_in(response) -> set:
    return {introduction.pk for introduction, _result in response.context["items"]}


# --- 6. filters ---------------------------------------------------------------------------------


def test_the_at_risk_list_filters_by_county_unit_and_outlook(client, office, listed, county, unit):
    url = reverse("introductions:at-risk")
    everyone = {i.pk for i in listed.values()}
    assert listed_in(page(client, office, url)) == everyone
    mine = {listed["hopeless"].pk, listed["possible"].pk}
    assert listed_in(page(client, office, url, county=county.pk)) == mine
    assert listed_in(page(client, office, url, unit=unit.pk)) == mine
    response = page(client, office, url, unit=unit.pk, outlook="unreachable")
    assert listed_in(response) == {listed["hopeless"].pk}
    assert "已无法达标" in response.content.decode()
    assert listed_in(page(client, office, url, unit=unit.pk, outlook="possible")) == {listed["possible"].pk}


def test_the_unit_filter_offers_only_units_the_user_sees(client, unit_staff, listed, unit, other_unit):
    response = page(client, unit_staff, reverse("introductions:at-risk"))
    offered = set(response.context["filter"].form.fields["unit"].queryset.values_list("pk", flat=True))
    assert offered == {unit.pk}
    # Asking for another unit's rows shows none of them.
    shown = listed_in(page(client, unit_staff, reverse("introductions:at-risk"), unit=other_unit.pk))
    assert listed["elsewhere"].pk not in shown


# --- 6. export ----------------------------------------------------------------------------------


def test_the_export_is_the_filtered_list_as_xlsx_and_is_audited(client, county_staff, listed):
    client.force_login(county_staff)
    response = client.get(reverse("introductions:at-risk-export"), {"outlook": "unreachable"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("人才", "引进单位", "所在县区")
    assert [r[0] for r in rows[1:]] == [listed["hopeless"].talent.name]
    assert rows[1][6] == 90 and rows[1][7] == "已无法达标"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, actor=county_staff)
    assert entry.changes["rows"] == 1


def test_the_export_is_denied_to_those_who_may_not_see_the_list(client, talent_self, expert):
    for user in (talent_self, expert):
        client.force_login(user)
        assert client.get(reverse("introductions:at-risk-export")).status_code == 403


# --- 6. reminders -------------------------------------------------------------------------------


def test_reminding_selected_rows_notifies_their_unit_once_per_row_per_day(
    client, office, listed, unit, django_capture_on_commit_callbacks
):
    staff = factories.unit_user(unit)
    other_staff = factories.unit_user(listed["elsewhere"].unit)
    client.force_login(office)
    url = reverse("introductions:at-risk-remind")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"ids": [listed["hopeless"].pk]}, follow=True)
    assert any("1人" in m for m in messages_of(response))
    [note] = Notification.objects.filter(recipient=staff)
    assert listed["hopeless"].talent.name in note.body and "已无法达标" in note.body
    assert listed["possible"].talent.name not in note.body
    assert not Notification.objects.filter(recipient=other_staff).exists()
    assert 'data-testid="reminded-today"' in response.content.decode()
    # Again the same day: the reminded row is skipped, the new one is sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"ids": [listed["hopeless"].pk, listed["possible"].pk]}, follow=True)
    assert any("未重复提醒" in m for m in messages_of(response))
    assert AtRiskReminder.objects.filter(introduction=listed["hopeless"]).count() == 1
    assert AtRiskReminder.objects.filter(introduction=listed["possible"]).count() == 1
    assert Notification.objects.filter(recipient=staff).count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, reason__contains="在岗预警提醒").count() == 2


def test_a_county_reminds_only_rows_it_may_see(client, county_staff, listed):
    client.force_login(county_staff)
    client.post(reverse("introductions:at-risk-remind"), {"ids": [listed["elsewhere"].pk]})
    assert not AtRiskReminder.objects.exists()


def test_units_may_not_send_reminders(client, unit_staff, listed):
    client.force_login(unit_staff)
    assert client.post(reverse("introductions:at-risk-remind"), {"ids": [listed["hopeless"].pk]}).status_code == 403
    assert 'name="ids"' not in page(client, unit_staff, reverse("introductions:at-risk")).content.decode()
    assert not AtRiskReminder.objects.exists()


# --- 1. a period in a closed year; the office reopens it ---------------------------------------


@pytest.fixture
def closed(unit, office):
    flexible = FlexibleIntroductionFactory(unit=unit)
    work(flexible, D(2024, 3, 1), D(2024, 3, 31))
    close_year(year=2024, by=office, today=D(2025, 1, 2))
    return flexible


def test_a_period_in_a_closed_year_is_refused_on_the_page_not_announced_as_counted(client, unit_staff, closed):
    client.force_login(unit_staff)
    response = client.post(
        reverse("introductions:period-add", args=[closed.pk]),
        {"start": "2024-05-01", "end": "2024-05-31", "description": "补登"},
        follow=True,
    )
    html = response.content.decode()
    assert "2024年度已关账" in html
    assert "年度累计天数已更新" not in html
    assert WorkPeriod.objects.filter(introduction=closed).count() == 1


def test_the_office_reopens_a_year_from_the_page(client, office, closed):
    detail = reverse("introductions:detail", args=[closed.pk])
    assert 'data-testid="reopen-year"' in page(client, office, detail).content.decode()
    url = reverse("introductions:reopen-year", args=[closed.pk])
    response = client.post(url, {"year": 2024, "reason": ""}, follow=True)
    assert closed.service_years.filter(year=2024).exists()
    response = client.post(url, {"year": 2024, "reason": "单位补交考勤"}, follow=True)
    assert any("2024年度已重新开放" in m for m in messages_of(response))
    assert not closed.service_years.filter(year=2024).exists()


def test_only_the_office_reopens_a_year(client, unit_staff, county_staff, closed):
    url = reverse("introductions:reopen-year", args=[closed.pk])
    assert (
        'data-testid="reopen-year"'
        not in page(client, unit_staff, reverse("introductions:detail", args=[closed.pk])).content.decode()
    )
    for user in (unit_staff, county_staff):
        client.force_login(user)
        assert client.post(url, {"year": 2024, "reason": "补登"}).status_code == 403
    assert closed.service_years.filter(year=2024).exists()


# --- 3, 4, 5. states on the page ----------------------------------------------------------------


def test_the_unit_sees_a_withdraw_button_only_before_the_first_review(client, unit_staff, unit):
    submitted = IntroductionFactory(unit=unit, state=IntroductionState.SUBMITTED)
    approved = IntroductionFactory(unit=unit, state=IntroductionState.COUNTY_APPROVED)
    withdraw = 'value="withdraw"'
    assert withdraw in page(client, unit_staff, reverse("introductions:detail", args=[submitted.pk])).content.decode()
    assert (
        withdraw not in page(client, unit_staff, reverse("introductions:detail", args=[approved.pk])).content.decode()
    )
    response = client.post(
        reverse("introductions:review", args=[submitted.pk]), {"transition": "withdraw", "reason": "信息有误"}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == IntroductionState.DRAFT


def test_pending_and_historical_records_say_what_they_are(client, office, unit):
    pending = IntroductionFactory(
        unit=unit, state=IntroductionState.PENDING_TRANSFER, personnel_transferred_on=D(2025, 12, 1)
    )
    html = page(client, office, reverse("introductions:detail", args=[pending.pk])).content.decode()
    assert "待转入" in html and "2025-12-01" in html
    historical = IntroductionFactory(
        unit=unit, state=IntroductionState.HISTORICAL, introduced_on=D(2021, 5, 1), contract_rule=None
    )
    html = page(client, office, reverse("introductions:detail", args=[historical.pk])).content.decode()
    assert 'data-testid="historical"' in html and "不计入任何统计" in html
