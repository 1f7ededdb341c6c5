"""我的档案: the talent's workspace — own profile (ID number masked, what they may ask to change and
whether a change is pending), own records with what awaits them, this year's working days against
the required days, notices; no office filter bars, no link to a page they may not open."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.introductions.factories import FlexibleIntroductionFactory, work
from tests.projects.factories import ProjectFactory
from tests.selection.factories import NominationFactory
from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item
from tests.support.helpers import granted
from yingcai.introductions.domain.compliance import year_compliance
from yingcai.notifications.domain import notify
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.domain.profile_changes import request_profile_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0), tick=False):
        yield


@pytest.fixture
def records(office, unit, talent):
    flexible = FlexibleIntroductionFactory(
        talent=talent, unit=unit, introduced_on=datetime.date(2026, 1, 5), agreement_start=datetime.date(2026, 1, 5)
    )
    work(flexible, datetime.date(2026, 3, 2), datetime.date(2026, 3, 31))
    NominationFactory(talent=talent, unit=unit)
    project = ProjectFactory(nomination=NominationFactory(talent=talent, unit=unit))
    certification = CertificationFactory(talent=talent, unit=unit)
    money = granted(office, certification, SupportItemFactory(amount=Decimal("60000"), instalments=2))
    bank = granted(office, certification, bank_item())
    return {"introduction": flexible, "project": project, "certification": certification, "bank": bank, "money": money}


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_shows_the_id_number_masked_and_what_may_be_changed(client, talent_self, talent, records):
    html = _home(client, talent_self)
    assert "我的档案" in html
    assert talent.id_number not in html and mask_id_number(talent.id_number) in html
    assert "您可申请修改：手机号码、电子邮箱、专业方向、关键核心技术领域、学历、职称" in html
    assert reverse("registry:my-profile") in html


def test_this_years_working_days_against_the_required_days(client, talent_self, records):
    html = _home(client, talent_self)
    result = year_compliance(records["introduction"], 2026, today=datetime.date(2026, 6, 15))
    assert 'data-testid="working-days"' in html
    assert f"已累计{result.days_worked}天 / 应工作{result.days_required}天 · {result.status_label}" in html
    assert result.days_worked == 30


def test_what_awaits_the_talents_confirmation_is_shown(client, talent_self, talent, records):
    html = _home(client, talent_self)
    awaiting = html.split('data-testid="awaiting"')[1].split("</div>")[0]
    assert records["bank"].name in awaiting and "待本人确认" in awaiting
    assert reverse("support:talent", args=[talent.pk]) in awaiting
    assert records["money"].name not in awaiting


def test_own_records_are_listed_with_their_states(client, talent_self, records):
    html = _home(client, talent_self)
    assert reverse("introductions:detail", args=[records["introduction"].pk]) in html
    assert reverse("projects:detail", args=[records["project"].pk]) in html
    assert reverse("certification:detail", args=[records["certification"].pk]) in html
    assert "已认定" in html and "实施中" in html


def test_a_pending_change_is_shown_instead_of_the_form_link(client, talent_self, talent):
    change = request_profile_change(by=talent_self, talent=talent, data={"email": "me@example.cn"})
    html = _home(client, talent_self)
    assert 'data-testid="pending-change"' in html
    assert reverse("registry:profile-change-detail", args=[change.pk]) in html
    assert reverse("registry:my-profile") not in html


def test_notices_are_on_the_home_page(client, talent_self):
    notify(users=[talent_self], title="您的待遇已生成，请确认", url="/support/")
    html = _home(client, talent_self)
    notices = html.split('data-testid="notices"')[1]
    assert "您的待遇已生成，请确认" in notices and reverse("notifications:list") in notices


def test_no_filter_bar_and_every_link_opens_for_the_talent(client, talent_self, records):
    html = _home(client, talent_self)
    assert "filter-bar" not in html
    breadcrumbs = html.split('class="breadcrumbs"')[1].split("</div>")[0]
    assert re.findall(r'href="([^"]+)"', breadcrumbs) == [reverse("home")]
    content = html.split('<main class="content">')[1]
    for url in sorted(set(re.findall(r'href="(/[^"]+)"', content))):
        assert client.get(url).status_code == 200, url


def test_the_talents_own_record_page_has_no_breadcrumb_to_the_registry_list(client, talent_self, talent):
    client.force_login(talent_self)
    html = client.get(reverse("registry:talent-detail", args=[talent.pk])).content.decode()
    breadcrumbs = html.split('class="breadcrumbs"')[1].split("</div>")[0]
    assert reverse("registry:talent-list") not in breadcrumbs
    client.force_login(factories.office_user())
    html = client.get(reverse("registry:talent-detail", args=[talent.pk])).content.decode()
    assert reverse("registry:talent-list") in html.split('class="breadcrumbs"')[1].split("</div>")[0]


def test_another_talents_records_never_show(client, talent_self, other_talent, other_unit):
    CertificationFactory(talent=other_talent, unit=other_unit)
    html = _home(client, talent_self)
    assert other_talent.name not in html


def test_the_office_home_is_unchanged(client, office):
    html = _home(client, office)
    assert 'data-testid="my-profile"' not in html and 'data-testid="talent-count"' in html


def test_the_pages_the_dossier_links_have_no_breadcrumb_the_talent_cannot_open(client, talent_self, records):
    html = _home(client, talent_self)
    content = html.split('<main class="content">')[1]
    for url in sorted(set(re.findall(r'href="(/[^"]+/)"', content))):
        page = client.get(url).content.decode()
        if 'class="breadcrumbs"' not in page:
            continue
        breadcrumbs = page.split('class="breadcrumbs"')[1].split("</div>")[0]
        for crumb in re.findall(r'href="([^"]+)"', breadcrumbs):
            assert client.get(crumb).status_code == 200, (url, crumb)
