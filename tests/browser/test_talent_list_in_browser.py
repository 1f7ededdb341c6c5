"""One real browser pass: log in and open the talent list in headless Chromium (Playwright).

Runs when Debian's chromium is installed; CI installs it and sets YINGCAI_REQUIRE_BROWSER=1 so a
missing browser fails instead of skipping there.
"""

import pytest

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS

pytestmark = BROWSER_MARKS


@pytest.fixture
def registry_data(county):
    """Made before the browser starts: ORM calls from inside Playwright's greenlets would open a
    database connection of their own that nobody closes."""
    from yingcai.policy.domain import load_policy_rules

    load_policy_rules()  # the home page's 待办 reads the review deadlines; a transactional test before may have emptied them
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
