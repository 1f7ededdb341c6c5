"""One real browser pass of an application: the live eligibility check (htmx) and the detail page
(headless Chromium via Playwright; skipped where Debian's chromium is missing, as in tests/browser)."""

import pytest

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS
from tests.certification.factories import eligible_introduction

pytestmark = BROWSER_MARKS


@pytest.fixture(autouse=True)
def _rules(db):
    """A transactional test may run after another one emptied the migrations' rules data."""
    from yingcai.policy.domain import load_policy_rules
    from yingcai.policy.loading import load_tiers_and_support_items
    from yingcai.policy.models import SupportItem, TalentTier
    from yingcai.registry.models import Jurisdiction

    load_policy_rules()
    if not TalentTier.objects.exists():
        load_tiers_and_support_items(TalentTier, SupportItem, Jurisdiction)


@pytest.fixture
def application_data(county):
    unit = factories.UnitFactory(county=county, name="平顶山尼龙新材料研究院有限公司")
    introduction = eligible_introduction(unit)
    factories.UserFactory(username="hr", role="unit", unit=unit, full_name="研究院 人事处")
    return introduction


def test_the_form_checks_eligibility_live_and_saves_a_draft(live_server, application_data, browser_page):
    introduction = application_data
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", "Secret-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/certification/new/")
    page.select_option("select[name=talent]", str(introduction.talent_id))
    page.wait_for_selector(f"select[name=introduction] option[value='{introduction.pk}']", state="attached")
    page.select_option("select[name=introduction]", str(introduction.pk))
    page.check("input[name=tier_code][value=D]")
    # D needs an honour the talent has not got: the live check says which condition fails.
    page.wait_for_selector("[data-testid=eligibility] tr[data-code=tier_honours][data-passed=false]")
    page.check("input[name=tier_code][value=E]")
    page.wait_for_selector("[data-testid=eligibility] tr[data-code=tier_title][data-passed=true]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "certification-form.png"), full_page=True)

    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("[data-testid=evidence-form]")
    assert "尚未上传证明材料" in page.content()
    page.screenshot(path=str(ARTIFACTS / "certification-detail.png"), full_page=True)


@pytest.fixture
def certified_data(county):
    import datetime

    from tests.certification.factories import CertificationFactory
    from yingcai.certification.domain.certificates import valid_until
    from yingcai.certification.enums import CertificationState
    from yingcai.policy.tiers import tier_in_force

    on = datetime.date(2026, 3, 2)
    unit = factories.UnitFactory(county=county, name="平顶山储能电池科技有限公司")
    certification = CertificationFactory(
        introduction=eligible_introduction(unit),
        tier=tier_in_force("E", on),
        state=CertificationState.CERTIFIED,
        certificate_number="PDS-2026-E-0001",
        certified_on=on,
        valid_until=valid_until(on, 3),
        verification_token="browser-token-0001",
    )
    factories.UserFactory(username="office1", role="talent_office", full_name="人才办 测试员")
    return certification


def test_statistics_and_public_verification(live_server, certified_data, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/certification/verify/browser-token-0001/")
    assert page.get_by_test_id("verify").get_attribute("data-status") == "valid"
    assert certified_data.talent.name not in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "certification-verify.png"), full_page=True)

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "office1")
    page.fill("input[name=password]", "Secret-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/certification/statistics/")
    page.wait_for_selector("[data-chart=certified-by-tier][data-drawn]")
    assert page.get_by_test_id("certified-total").inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "certification-statistics.png"), full_page=True)
    page.goto(f"{live_server.url}/certification/")
    page.screenshot(path=str(ARTIFACTS / "certification-list.png"), full_page=True)
