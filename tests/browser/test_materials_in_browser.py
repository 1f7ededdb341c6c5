"""The expert's document viewer in a real browser: the scoring page frames the candidate's PDF
(served inline with frame-ancestors 'self' for that response only), Chromium's PDF viewer renders
it without any CSP violation, and a link of the material list swaps the document in the frame.
Screenshots (desktop and phone) go to test-artifacts/."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Error

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS

pytestmark = BROWSER_MARKS

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
});
"""
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"  # Chromium's built-in viewer


def pdf_of(title: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>2006年至今 研发中心主任</p>").write_pdf()


@pytest.fixture
def scoring(db, settings, tmp_path):
    """A nomination with a CV and a patent certificate (real PDFs), assigned to one expert, scoring
    open today. Made before the browser starts (see tests/browser)."""
    from tests.selection.factories import ExpertFactory, NominationFactory, RoundFactory
    from yingcai.policy.domain import load_policy_rules
    from yingcai.selection.domain import materials
    from yingcai.selection.domain.assignments import assign_experts
    from yingcai.selection.enums import AchievementKind, MaterialKind
    from yingcai.selection.models import Assignment

    load_policy_rules()  # a transactional test before may have emptied the migrations' data (idempotent)
    settings.MEDIA_ROOT = tmp_path / "media"
    # The live server reads the real date: the round is built around it.
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    round = RoundFactory(
        experts_per_candidate=1,
        nomination_opens=today - 30 * day,
        nomination_closes=today - 10 * day,
        scoring_opens=today - day,
        scoring_closes=today + 10 * day,
    )
    nomination = NominationFactory(round=round)
    unit_staff = factories.unit_user(nomination.unit)
    cv = materials.add_material(
        by=unit_staff,
        nomination=nomination,
        kind=MaterialKind.CV,
        file=SimpleUploadedFile("张伟简历.pdf", pdf_of("个人简历"), "application/pdf"),
        on=round.nomination_closes,
    )
    patent = materials.add_material(
        by=unit_staff,
        nomination=nomination,
        kind=MaterialKind.ACHIEVEMENT,
        achievement_kind=AchievementKind.PATENT,
        title="一种己二腈连续化生产方法",
        achieved_on=today - 400 * day,
        file=SimpleUploadedFile("专利证书.pdf", pdf_of("发明专利证书"), "application/pdf"),
        on=round.nomination_closes,
    )
    expert = ExpertFactory(user=factories.expert_user(username="reviewer"))
    assign_experts(by=factories.office_user(), round=round)
    return Assignment.objects.get(expert=expert), cv, patent


def _viewer_frame(page, url_part: str):
    """The viewer frame shows ``url_part`` with Chromium's PDF viewer inside: wait until that has
    drawn the first page's thumbnail (the document was parsed and rendered)."""
    for _ in range(100):
        frame = page.frame(name="material-viewer")
        if frame is not None and url_part in frame.url:
            for viewer in (f for f in frame.child_frames if f.url.startswith(PDF_VIEWER)):
                try:
                    if viewer.locator("viewer-thumbnail").count():
                        return viewer
                except Error:  # the viewer replaces its frame while it starts
                    pass
        page.wait_for_timeout(200)
    raise AssertionError(f"no PDF viewer for {url_part}: {[(f.name, f.url) for f in page.frames]}")


def _sign_in(page, base):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "Secret-pass-2026")
    with page.expect_navigation():
        page.click("button[type=submit]")


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(COLLECT)
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_expert_reads_the_pdfs_in_the_viewer(live_server, scoring, browser_page):
    target, cv, patent = scoring
    page = browser_page
    problems = _watch(page)
    _sign_in(page, live_server.url)
    with page.expect_response(lambda r: f"/materials/{cv.pk}/view/" in r.url) as first:
        page.goto(f"{live_server.url}/selection/reviews/{target.pk}/")
    response = first.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    _viewer_frame(page, f"/materials/{cv.pk}/view/")

    # The patent's 在线查看 opens it in the same frame; the scoring form stays as typed.
    page.fill(".score-input >> nth=0", "88")
    page.locator("[data-testid=achievement] [data-testid=view-material]").click()
    _viewer_frame(page, f"/materials/{patent.pk}/view/")
    assert page.locator(".score-input >> nth=0").input_value() == "88"
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []

    ARTIFACTS.mkdir(exist_ok=True)
    page.get_by_test_id("material-viewer").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "materials-viewer.png"))


def test_on_a_phone_the_materials_fit_and_download(live_server, scoring, phone_page):
    target, _cv, _patent = scoring
    page = phone_page
    problems = _watch(page)
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/selection/reviews/{target.pk}/")
    materials = page.get_by_test_id("nomination-materials")
    materials.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the page scrolls sideways on a phone ({width}px)"
    with page.expect_download() as download:
        materials.locator("[data-testid=material-cv] [data-testid=download-material]").click()
    assert download.value.suggested_filename == "张伟简历.pdf"
    assert problems == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "materials-phone.png"))


@pytest.fixture
def unit_nomination(db, settings, tmp_path):
    from tests.selection.factories import NominationFactory, RoundFactory
    from yingcai.policy.domain import load_policy_rules

    load_policy_rules()
    settings.MEDIA_ROOT = tmp_path / "media"
    # Nominations open today (the live server reads the real date): the unit may still change them.
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    round = RoundFactory(
        nomination_opens=today - 10 * day,
        nomination_closes=today + 10 * day,
        scoring_opens=today + 20 * day,
        scoring_closes=today + 30 * day,
    )
    nomination = NominationFactory(round=round)
    factories.unit_user(nomination.unit, username="clerk")
    return nomination


def test_the_unit_adds_its_materials_on_its_page(live_server, unit_nomination, browser_page, tmp_path):
    page = browser_page
    problems = _watch(page)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "clerk")
    page.fill("input[name=password]", "Secret-pass-2026")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}/selection/nominations/{unit_nomination.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("materials-link").click()
    statements = page.get_by_test_id("statements-form")
    statements.locator("textarea[name=recommendation]").fill("该同志牵头攻关成效显著，同意推荐。")
    with page.expect_navigation():
        statements.locator("button[type=submit]").click()
    evidence = tmp_path / "获奖证书.pdf"
    evidence.write_bytes(pdf_of("获奖证书"))
    form = page.get_by_test_id("achievement-form")
    form.locator("select[name=achievement_kind]").select_option("award")
    form.locator("input[name=title]").fill("河南省科学技术进步奖一等奖")
    form.locator("input[name=achieved_on]").fill("2024-05-20")
    form.locator("input[name=file]").set_input_files(str(evidence))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    listed = page.get_by_test_id("material-achievements").inner_text()
    assert "河南省科学技术进步奖一等奖" in listed and "获奖证书.pdf" in listed
    assert "同意推荐" in page.get_by_test_id("recommendation").inner_text()
    # An executable renamed .pdf is refused next to the file field, in Chinese.
    fake = tmp_path / "简历.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    document = page.get_by_test_id("document-form")
    document.locator("input[name=file]").set_input_files(str(fake))
    with page.expect_navigation():
        document.locator("button[type=submit]").click()
    assert "文件内容不是 PDF 文件" in page.get_by_test_id("document-form").inner_text()
    assert problems == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "materials-unit.png"), full_page=True)
