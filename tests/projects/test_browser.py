"""One real browser pass on a phone-sized screen: the unit reports spending through the htmx form,
the over-spending warning appears without a reload, and the chart is drawn (Playwright, Chromium).

Skips when Debian's chromium is not installed, like tests/browser."""

import datetime
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests import factories
from tests.projects.factories import GrantFactory, ProjectFactory, SpendingFactory
from yingcai.selection.models import SelectionRound

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("YINGCAI_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed",
    ),
]


@pytest.fixture
def phone_page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
        yield context.new_page()
        context.close()
        browser.close()


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
