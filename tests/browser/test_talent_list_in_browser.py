"""One real browser pass: log in and open the talent list in headless Chromium (Playwright).

Runs when Debian's chromium is installed; CI installs it and sets YINGCAI_REQUIRE_BROWSER=1 so a
missing browser fails instead of skipping there.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests import factories

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    # Transactional (the live server's thread needs committed data): the marker also makes
    # pytest-django run it after the ordinary database tests, since it empties the database after it.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("YINGCAI_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed",
    ),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are
    # still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def registry_data(county):
    """Made before the browser starts: ORM calls from inside Playwright's greenlets would open a
    database connection of their own that nobody closes."""
    unit = factories.UnitFactory(county=county, name="平顶山尼龙科技有限公司")
    factories.UserFactory(username="clerk", role="talent_office", full_name="人才办 测试员")
    return [factories.TalentFactory(unit=unit, name=name) for name in ("张明远", "李思琪", "王浩然")]


def test_office_logs_in_and_sees_the_talent_list(live_server, registry_data, browser_page):
    talents = registry_data
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "Secret-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_test_id("talent-count").inner_text() == "3"

    page.click("text=人才库")
    page.wait_for_url(f"{live_server.url}/registry/talents/")
    table = page.get_by_test_id("talent-table")
    for talent in talents:
        assert talent.name in table.inner_text()
        # Lists show ID numbers masked, never in clear.
        assert talent.id_number not in page.content()

    page.fill("input[name=q]", "zmy")
    page.click("button:has-text('查询')")
    page.wait_for_load_state()
    assert "张明远" in table.inner_text()
    assert "李思琪" not in table.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "talent-list.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)  # let the sidebar finish sliding away
    page.screenshot(path=str(ARTIFACTS / "talent-list-phone.png"), full_page=True)
