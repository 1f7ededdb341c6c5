"""The screens quote the rules in force (第七条's contract years, 第八条's days a year), not the
numbers typed in when they were written: publish a new value and the copy follows."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.introductions.factories_pages import PageFlexibleIntroductionFactory
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.imports.templates import build_template
from yingcai.introductions.models.imports import ImportKind
from yingcai.policy.domain import publish_rule_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _publish(office, key, value):
    publish_rule_version(
        by=office, key=key, value=value, effective_from=timezone.localdate(), note="市委人才办会议纪要"
    )


def _workbook_text(by) -> str:
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(kind=ImportKind.INTRODUCTIONS, by=by)))
    return "\n".join(str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value)


def test_the_declaration_form_quotes_the_rules_in_force(client, office, unit):
    staff = factories.unit_user(unit)
    client.force_login(staff)
    before = client.get(reverse("introductions:create")).content.decode()
    assert "签订3年以上（含3年）工作合同" in before and "每年在本单位累计工作不少于90天" in before
    assert "合同期限须为3年以上（含3年，第七条）" in before and "累计工作不少于90天（第八条）" in before
    assert "3年以上（含3年，首尾两日均计入）" in _workbook_text(staff)

    _publish(office, rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, 5)
    _publish(office, rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, 120)

    after = client.get(reverse("introductions:create")).content.decode()
    assert "签订5年以上（含5年）工作合同" in after and "每年在本单位累计工作不少于120天" in after
    assert "合同期限须为5年以上（含5年，第七条）" in after and "累计工作不少于120天（第八条）" in after
    assert "3年以上" not in after and "90天" not in after
    workbook = _workbook_text(staff)
    assert "5年以上（含5年，首尾两日均计入）" in workbook and "3年以上" not in workbook


def test_the_flexible_introduction_page_quotes_the_days_in_force(client, office, unit):
    introduction = PageFlexibleIntroductionFactory(unit=unit)
    client.force_login(factories.unit_user(unit))
    url = reverse("introductions:detail", args=[introduction.pk])
    assert "每年累计不少于90天，第八条" in client.get(url).content.decode()
    _publish(office, rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR, 100)
    assert "每年累计不少于100天，第八条" in client.get(url).content.decode()
