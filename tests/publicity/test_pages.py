"""The public notice pages (no login, no personal data, the objection form with its honeypot and
rate limit) and the office's pages (objections with contact details, htmx answers, concluding),
with every denial."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.publicity.factories import EntryFactory, ObjectionFactory, PublicityFactory
from yingcai.publicity import throttle
from yingcai.publicity.enums import EntryOutcome, PublicityState
from yingcai.publicity.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_and_fresh_cache():
    cache.clear()
    with translation.override("zh-hans"):
        yield
    cache.clear()


@pytest.fixture
def notice():
    publicity = PublicityFactory(title="2026年度领军人才拟入选人选公示")
    EntryFactory(publicity=publicity, summary="担纲领衔省级重大科技任务“尼龙新材料”")
    EntryFactory(publicity=publicity)
    return publicity


def detail_url(publicity) -> str:
    return reverse("publicity:notice-detail", args=[publicity.pk])


def objection_post(entry=None, **overrides) -> dict:
    data = {"entry": entry.pk if entry else "", "name": "李群众", "phone": "13812345678", "content": "其并非负责人。"}
    data.update(overrides)
    return data


# Public pages


def test_the_public_list_needs_no_login(client, notice):
    response = client.get(reverse("publicity:notice-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026年度领军人才拟入选人选公示" in html
    assert "公示中" in html and "5个工作日" in html


def test_the_notice_shows_names_units_period_and_rule_but_no_personal_data(client, notice):
    response = client.get(detail_url(notice))
    html = response.content.decode()
    entry = notice.entries.first()
    talent = entry.subject
    assert entry.name in html and entry.unit_name in html and "尼龙新材料" in html
    assert "5个工作日" in html and "第三条" in html and "平顶山市科技创新领军人才引进培育工作细则" in html
    assert notice.starts_on.strftime("%Y年") in html
    assert talent.id_number not in html and talent.phone not in html
    assert talent.id_number[-4:] + "<" not in html


def test_the_public_page_never_shows_objections_or_objectors(client, notice):
    ObjectionFactory(entry=notice.entries.first(), name="王秘密", phone="13700001111", content="秘密线索")
    html = client.get(detail_url(notice)).content.decode()
    assert "王秘密" not in html and "13700001111" not in html and "秘密线索" not in html


def test_filing_an_objection_confirms_in_chinese(client, notice):
    entry = notice.entries.first()
    response = client.post(detail_url(notice), objection_post(entry), follow=True)
    objection = Objection.objects.get()
    assert (objection.entry, objection.name, objection.phone) == (entry, "李群众", "13812345678")
    html = response.content.decode()
    assert f"受理编号：{objection.pk}" in html and "不会公开" in html


def test_a_wrong_phone_is_shown_on_the_form(client, notice):
    response = client.post(detail_url(notice), objection_post(phone="12345"))
    assert response.status_code == 200
    assert "联系电话应为11位手机号码" in response.content.decode()
    assert not Objection.objects.exists()


def test_the_honeypot_saves_nothing(client, notice):
    response = client.post(detail_url(notice), objection_post(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Objection.objects.exists()


def test_at_most_n_objections_per_address_per_hour(client, notice, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 2
    for _ in range(2):
        client.post(detail_url(notice), objection_post())
    assert Objection.objects.count() == 2
    response = client.post(detail_url(notice), objection_post())
    assert "每小时最多提交2条异议" in response.content.decode()
    assert Objection.objects.count() == 2
    # Another address is not held back.
    client.post(detail_url(notice), objection_post(), REMOTE_ADDR="10.0.0.9")
    assert Objection.objects.count() == 3


def test_refused_objections_do_not_count_against_the_limit(client, notice, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 1
    client.post(detail_url(notice), objection_post(phone="bad"))
    assert throttle.allowed("127.0.0.1")


def test_a_notice_past_its_last_day_has_no_form_and_refuses_a_post(client):
    today = timezone.localdate()
    past = PublicityFactory(starts_on=today - datetime.timedelta(days=10), ends_on=today - datetime.timedelta(days=1))
    EntryFactory(publicity=past)
    response = client.get(detail_url(past))
    html = response.content.decode()
    assert 'name="content"' not in html and "不再受理异议" in html
    client.post(detail_url(past), objection_post())
    assert not Objection.objects.exists()


def test_a_notice_not_yet_started_says_when_it_starts(client):
    today = timezone.localdate()
    future = PublicityFactory(starts_on=today + datetime.timedelta(days=1), ends_on=today + datetime.timedelta(days=8))
    EntryFactory(publicity=future)
    html = client.get(detail_url(future)).content.decode()
    assert 'name="content"' not in html and "开始后即可在此提出异议" in html and "即将公示" in html


def test_an_unknown_notice_is_404(client):
    assert client.get(reverse("publicity:notice-detail", args=[999999])).status_code == 404


# Office pages


def test_the_office_sees_objections_with_full_contact_details(client, office, notice):
    ObjectionFactory(entry=notice.entries.first(), name="王反映", phone="13700001111")
    client.force_login(office)
    html = client.get(reverse("publicity:office-detail", args=[notice.pk])).content.decode()
    assert "王反映" in html and "13700001111" in html
    assert "公示管理" in html  # the navigation entry


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_others_may_not_open_the_office_pages(client, request, notice, role):
    objection = ObjectionFactory(entry=notice.entries.first())
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("publicity:office-list")).status_code == 403
    assert client.get(reverse("publicity:office-detail", args=[notice.pk])).status_code == 403
    answer = client.post(reverse("publicity:answer", args=[objection.pk]), {"upheld": "0", "answer": "不成立"})
    assert answer.status_code == 403
    assert client.post(reverse("publicity:conclude", args=[notice.pk])).status_code == 403
    objection.refresh_from_db()
    assert objection.upheld is None


def test_anonymous_visitors_are_sent_to_login_from_the_office_pages(client, notice):
    response = client.get(reverse("publicity:office-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_office_answers_with_htmx_and_gets_the_row_back(client, office, notice):
    entry = notice.entries.first()
    objection = ObjectionFactory(entry=entry)
    client.force_login(office)
    response = client.post(
        reverse("publicity:answer", args=[objection.pk]),
        {"upheld": "1", "answer": "经核实，其仅为参与人。", "entry": entry.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<tr")
    assert "答复已保存" in html and "异议成立" in html
    objection.refresh_from_db()
    assert objection.upheld is True and objection.answered_by == office


def test_an_upheld_answer_without_a_person_is_refused_in_the_row(client, office, notice):
    objection = ObjectionFactory(publicity=notice)
    client.force_login(office)
    response = client.post(
        reverse("publicity:answer", args=[objection.pk]), {"upheld": "1", "answer": "成立"}, HTTP_HX_REQUEST="true"
    )
    assert "异议成立时须指明所涉及的公示对象" in response.content.decode()
    objection.refresh_from_db()
    assert objection.upheld is None


def test_the_conclude_button_is_disabled_with_the_reasons(client, office, notice):
    ObjectionFactory(entry=notice.entries.first())
    client.force_login(office)
    html = client.get(reverse("publicity:office-detail", args=[notice.pk])).content.decode()
    button = re.search(r'<button[^>]*data-testid="conclude-button"[^>]*>', html).group(0)
    assert " disabled" in button
    assert "期满后方可结束公示" in html and "还有1条异议未答复" in html
    client.post(reverse("publicity:conclude", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.state == PublicityState.OPEN


def test_the_office_concludes_a_notice_past_its_end(client, office):
    today = timezone.localdate()
    past = PublicityFactory(starts_on=today - datetime.timedelta(days=10), ends_on=today - datetime.timedelta(days=1))
    kept, removed = EntryFactory(publicity=past), EntryFactory(publicity=past)
    ObjectionFactory(entry=removed, upheld=True, answer="经核实，反映属实。")
    client.force_login(office)
    response = client.post(reverse("publicity:conclude", args=[past.pk]), follow=True)
    assert "公示已结束" in response.content.decode()
    kept.refresh_from_db(), removed.refresh_from_db(), past.refresh_from_db()
    assert (kept.outcome, removed.outcome, past.state) == (
        EntryOutcome.PASSED,
        EntryOutcome.REMOVED,
        PublicityState.CONCLUDED,
    )


def test_post_only_actions(client, office, notice):
    client.force_login(office)
    assert client.get(reverse("publicity:conclude", args=[notice.pk])).status_code == 405


# Query counts


def _notices(n):
    for _ in range(n):
        publicity = PublicityFactory()
        EntryFactory(publicity=publicity)
        ObjectionFactory(publicity=publicity)


def _objections(notice, n):
    for _ in range(n):
        ObjectionFactory(entry=EntryFactory(publicity=notice))


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("url_name", ["publicity:notice-list", "publicity:office-list"])
def test_list_queries_do_not_grow_with_rows(client, office, url_name):
    client.force_login(office)
    _notices(3)
    few, _ = _count(client, reverse(url_name))
    _notices(17)
    many, html = _count(client, reverse(url_name))
    assert many == few
    assert html.count(b"<tr") >= 21


def test_notice_and_objection_pages_do_not_grow_with_rows(client, office):
    notice = PublicityFactory()
    client.force_login(office)
    _objections(notice, 3)
    few_public, _ = _count(client, detail_url(notice))
    few_office, _ = _count(client, reverse("publicity:office-detail", args=[notice.pk]))
    _objections(notice, 17)
    many_public, public_html = _count(client, detail_url(notice))
    many_office, office_html = _count(client, reverse("publicity:office-detail", args=[notice.pk]))
    assert (many_public, many_office) == (few_public, few_office)
    assert office_html.count(b'data-testid="objection-row"') == 20
    assert public_html.count(b"<tr") >= 21


def test_objections_sent_at_the_same_moment_cannot_pass_the_hourly_limit(shared_cache, settings):
    """Checking the count and counting afterwards let parallel filings all pass: a filing now takes
    its slot first, atomically, on the file cache and on Redis."""
    import threading

    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 3
    start = threading.Barrier(20)
    taken = []

    def file_one():
        start.wait()
        if throttle.take("10.5.5.5"):
            taken.append(1)

    threads = [threading.Thread(target=file_one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 3
    assert not throttle.allowed("10.5.5.5")


def test_a_refused_filing_gives_its_slot_back(settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 1
    assert throttle.take("10.6.6.6")
    throttle.give_back("10.6.6.6")
    assert throttle.take("10.6.6.6")
    assert not throttle.take("10.6.6.6")
