"""One real browser pass on a phone-sized screen: the unit reports spending through the htmx form,
the over-spending warning appears without a reload, and the chart is drawn (Playwright, Chromium).

Skips when Debian's chromium is not installed, like tests/browser."""

import datetime
from decimal import Decimal

import pytest

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS
from tests.projects.factories import GrantFactory, ProjectFactory, SpendingFactory
from yingcai.selection.models import SelectionRound

pytestmark = BROWSER_MARKS


@pytest.fixture
def project_data(county):
    unit = factories.UnitFactory(county=county, name="平顶山尼龙新材料有限公司")
    factories.UserFactory(username="clerk", role="unit", unit=unit, full_name="单位 经办人")
    # A round made directly: another transactional test may have emptied the database of the policy
    # rules RoundFactory records.
    selection_round = SelectionRound.objects.create(
        year=2026,
        name="2026年度科技创新领军人才遴选",
        nomination_opens=datetime.date(2026, 3, 1),
        nomination_closes=datetime.date(2026, 3, 31),
        scoring_opens=datetime.date(2026, 4, 10),
        scoring_closes=datetime.date(2026, 4, 30),
        quota=10,
    )
    project = ProjectFactory(nomination__unit=unit, nomination__round=selection_round, name="尼龙66关键单体中试")
    GrantFactory(project=project, year=2025, amount=Decimal("100.00"))
    GrantFactory(project=project, year=2026, amount=Decimal("50.00"))
    SpendingFactory(project=project, year=2025, category="equipment", amount=Decimal("60.00"))
    return project


def test_unit_reports_spending_on_a_phone(live_server, project_data, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "Secret-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/projects/{project_data.pk}/")
    assert page.get_by_test_id("over-spent-warning").count() == 0
    assert page.locator("[data-project-chart] canvas").count() == 1

    form = page.get_by_test_id("spending-form")
    form.locator("select[name=year]").select_option("2026")
    form.locator("select[name=category]").select_option("business")
    form.locator("input[name=amount]").fill("90.01")
    form.locator("button[type=submit]").click()
    page.get_by_test_id("over-spent-warning").wait_for()
    assert "2026年度超支0.01万元" in page.get_by_test_id("over-spent-warning").inner_text()
    assert page.get_by_test_id("spent-total").inner_text() == "150.01"
    assert page.locator("[data-project-chart] canvas").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "project-detail-phone.png"), full_page=True)
