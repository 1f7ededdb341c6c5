"""One real browser pass of an export: the list's button, the status page, the download."""

import io

import pytest
from openpyxl import load_workbook

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS

pytestmark = BROWSER_MARKS


@pytest.fixture
def export_data(county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = factories.UnitFactory(county=county, name="平顶山尼龙科技有限公司")
    factories.UserFactory(username="clerk", role="talent_office", full_name="人才办 测试员")
    return [factories.TalentFactory(unit=unit, name=name) for name in ("张明远", "李思琪", "王浩然")]


def test_office_exports_the_talent_list_and_downloads_it(live_server, export_data, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "Secret-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/registry/talents/?q=张明远")
    page.get_by_test_id("export-form").locator("button").click()
    page.wait_for_url("**/registry/exports/*/")
    result = page.get_by_test_id("export-result")
    result.wait_for()
    assert "导出完成：共 1 行" in result.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-status.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    download = info.value
    assert download.suggested_filename.startswith("talents-") and download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as f:
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["张明远"]
    assert export_data[0].id_number not in {str(v) for row in rows for v in row}
