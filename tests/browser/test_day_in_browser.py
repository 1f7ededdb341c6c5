"""A working day on the demo data, in a real browser, on a desktop (1366 × 800) and a phone (390 × 844).

The unit corrects the introduction the office returned and sends it again; the county approves it;
the office confirms it, publishes a 公示, looks at the at-risk list and tries the calculator; the
expert reads a candidate's materials and scores; the talent confirms a support item on 我的档案;
the public opens the running 公示 and files an objection. Each step checks what the user sees and
what changed in the database; every page is checked for console errors, failed requests and (on
the phone) sideways scrolling. Screenshots go to test-artifacts/day/<role>-<step>-<device>.png."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser_support import ARTIFACTS, BROWSER_MARKS, open_page

pytestmark = BROWSER_MARKS

PASSWORD = "Demo@2026"
DEVICES = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844, "mobile": True}}
SHOTS = ARTIFACTS / "day"


@pytest.fixture
def demo(db, settings, tmp_path):
    """The demo data set (as `make run` loads it), its business logins exempt from 2FA as there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO_EXEMPT_LOGINS = ["office", "county", "dept", "unit", "talent", "flexible", "expert"]
    call_command("seed_demo", talents=150, stdout=StringIO())


class Day:
    """One browser page walked through the day, watching every page it opens."""

    def __init__(self, page, base: str, device: str):
        self.page, self.base, self.device = page, base, device
        page.set_default_timeout(10_000)
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
        )
        page.on("dialog", lambda dialog: dialog.accept())  # the confirm() of data-confirm forms

    def sign_in(self, login: str) -> None:
        page = self.page
        page.context.clear_cookies()
        page.goto(f"{self.base}/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("form:has(input[name=username]) button[type=submit]")
        assert page.url == f"{self.base}/", f"{login} did not reach the home page: {page.url}"

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}{path}")

    def follow(self, locator) -> None:
        with self.page.expect_navigation():
            locator.click()

    def see(self, text: str, within: str = "main") -> None:
        """`text` is visible on the page (waiting for it)."""
        self.page.locator(within).get_by_text(text, exact=False).first.wait_for(state="visible")

    def look(self, role: str, step: str) -> None:
        """The page as it stands: no problem so far, no sideways scrolling; a screenshot."""
        page = self.page
        page.wait_for_load_state("load")
        assert self.problems == [], f"{role} {step} ({self.device}): {self.problems}"
        # A phone zooms a page that is too wide out (innerWidth grows with it): both are checked.
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        device_width = DEVICES[self.device]["width"]
        assert width <= inner == device_width, f"{role} {step}: {width}px wide on the {self.device} ({device_width}px)"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{role}-{step}-{self.device}.png"), full_page=True)


def contract_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>工作合同</h1><p>（加盖单位公章）</p>").write_pdf()


@pytest.mark.parametrize("device", list(DEVICES))
def test_a_day_of_every_role(live_server, demo, device, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM checks run beside Playwright's loop
    with open_page(**DEVICES[device]) as page:
        day = Day(page, live_server.url, device)
        introduction = _unit_corrects_a_returned_introduction(day, tmp_path)
        _county_approves_it(day, introduction)
        _office_confirms_publishes_and_checks(day, introduction)
        _office_tries_the_calculator(day)
        _expert_reads_and_scores(day)
        _talent_confirms_a_support_item(day)
        _public_objects_to_a_notice(day)


def _unit_corrects_a_returned_introduction(day: Day, tmp_path):
    from yingcai.accounts.models import User
    from yingcai.introductions.enums import IntroductionState
    from yingcai.introductions.models import Introduction

    unit = User.objects.get(username="unit").unit
    returned = Introduction.objects.filter(unit=unit, state=IntroductionState.RETURNED).order_by("pk").first()
    assert returned is not None, "the demo unit has a returned introduction waiting"
    name = returned.talent.name
    page = day.page
    day.sign_in("unit")
    day.see("被退回待修改的引进记录")
    day.look("unit", "home")

    day.follow(page.get_by_role("link", name="被退回待修改的引进记录"))
    day.follow(page.locator("main table").get_by_role("link", name=name).first)
    day.see("已退回，待单位修改后重新提交")
    day.look("unit", "returned")

    day.follow(page.locator("main").get_by_role("link", name="修改", exact=True))
    contract = tmp_path / "工作合同（盖章）.pdf"
    contract.write_bytes(contract_pdf())
    page.set_input_files("input[name=contract_file]", str(contract))
    day.look("unit", "correct")
    day.follow(page.locator("main form[method=post]").get_by_role("button", name="保存"))
    day.see("工作合同（盖章）.pdf")

    day.follow(
        page.locator(f"form[action='/introductions/{returned.pk}/review/']").get_by_role("button", name="提交审核")
    )
    day.see("待县区/主管部门审核")
    returned.refresh_from_db()
    assert returned.state == IntroductionState.SUBMITTED
    day.look("unit", "resubmitted")
    return returned


def _county_approves_it(day: Day, introduction) -> None:
    from yingcai.introductions.enums import IntroductionState

    page = day.page
    day.sign_in("county")
    day.see("待审核的引进记录")
    day.look("county", "home")
    day.follow(page.locator("main a[href='/introductions/?state=submitted']"))  # the 待办 item
    day.follow(page.locator(f"main a[href^='/introductions/{introduction.pk}/']").first)
    day.look("county", "review")
    day.follow(page.get_by_role("button", name="县区审核通过"))
    day.see("待人才办确认")
    introduction.refresh_from_db()
    assert introduction.state == IntroductionState.COUNTY_APPROVED
    day.look("county", "approved")


def _office_confirms_publishes_and_checks(day: Day, introduction) -> None:
    from yingcai.certification.enums import CertificationState
    from yingcai.certification.models import Certification
    from yingcai.introductions.enums import IntroductionState

    page = day.page
    day.sign_in("office")
    day.see("待确认的引进记录")
    day.look("office", "home")
    day.follow(page.locator("main a[href='/introductions/?state=county_approved']"))  # the 待办 item
    day.follow(page.locator(f"main table a[href='/introductions/{introduction.pk}/']").first)
    review = page.locator(f"form[action='/introductions/{introduction.pk}/review/']:not(:has(textarea))")
    day.follow(review.get_by_role("button"))
    introduction.refresh_from_db()
    assert introduction.state in (IntroductionState.CONFIRMED, IntroductionState.PENDING_TRANSFER)
    day.see(introduction.get_state_display())
    day.look("office", "confirmed")

    # 认定公示: the applications the office approved go out in one notice.
    waiting = Certification.objects.filter(state=CertificationState.OFFICE_APPROVED).order_by("pk")
    names = [c.talent.name for c in waiting]
    assert names, "the demo has an application waiting for its 公示"
    day.open("/certification/publicity/")
    start = page.get_by_test_id("publicity-start")
    for box in start.locator("input[name=certifications]").all():
        box.check()
    day.look("office", "publicity")
    day.follow(start.get_by_role("button", name="发布公示"))
    assert not Certification.objects.filter(pk__in=[c.pk for c in waiting], state=CertificationState.OFFICE_APPROVED)
    day.see("已发布公示")
    day.look("office", "published")

    # The flexible talents at risk of missing their working days, filtered by county.
    _open_menu(day)
    day.follow(page.locator("nav").get_by_role("link", name="柔性人才在岗预警"))
    rows = page.locator("[data-testid=at-risk-remind] tbody tr")
    rows.first.wait_for()
    everyone = rows.count()
    filters = page.locator("main form[method=get]")
    filters.locator("select[name=county]").select_option(label="新华区")
    day.follow(filters.get_by_role("button", name="查询"))
    assert "county=" in page.url
    shown = page.locator("[data-testid=at-risk-remind] tbody tr").count()
    assert 0 < shown <= everyone
    day.look("office", "at-risk")


def _office_tries_the_calculator(day: Day) -> None:
    """From the console's navigation (still signed in as the office)."""
    page = day.page
    _open_menu(day)
    day.follow(page.locator("nav").get_by_role("link", name="政策计算器"))
    assert page.locator("#sidebar").count() == 1, "the calculator opens inside the console"
    form = page.locator("main form[method=get]")
    form.locator("input[name=birth_date]").fill("1990-01-01")
    form.locator("select[name=education]").select_option("doctorate")
    form.locator("select[name=title]").select_option("senior_deputy")
    form.locator("input[name=basis_date]").fill("2025-01-01")
    form.get_by_label("中原英才计划入选者").check()
    with page.expect_response(lambda r: "submitted=1" in r.url and "hx-request" in r.request.headers):
        form.get_by_role("button", name="计算").click()
    highest = page.get_by_test_id("calc-highest")
    highest.wait_for()
    tier = highest.get_attribute("data-tier")
    assert highest.inner_text().startswith(f"最高可认定：{tier}类")
    eligible = page.locator("[data-testid^=verdict-][data-eligible=yes]").first
    assert eligible.get_attribute("data-testid") == f"verdict-{tier}"
    # The results are in view (on a phone they were scrolled to): their top on the upper part of the screen.
    page.wait_for_function(
        "(top => top >= 0 && top <= innerHeight * 0.6)(document.getElementById('calc-results').getBoundingClientRect().top)"
    )
    if day.device == "phone":
        assert page.evaluate("window.scrollY") > 0, "the results below the form were scrolled to"
    day.look("office", "calculator")


def _open_menu(day: Day) -> None:
    """On a phone the sidebar is behind the ☰ button."""
    toggle = day.page.locator("[data-toggle-sidebar]")
    if toggle.is_visible():
        toggle.click()
        day.page.locator("#sidebar.open").wait_for()


def _expert_reads_and_scores(day: Day) -> None:
    from yingcai.selection.enums import AssignmentState
    from yingcai.selection.models import Assignment

    page = day.page
    day.sign_in("expert")
    day.see("待评分的候选人")
    day.look("expert", "home")
    day.follow(page.locator("main").get_by_role("link", name="待评分的候选人").first)
    day.look("expert", "reviews")
    day.follow(page.locator("main").get_by_role("link", name="评分", exact=True).first)
    assignment = Assignment.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert assignment.state == AssignmentState.ASSIGNED
    # Reads the materials: each opens in the viewer beside the score sheet.
    views = page.locator("main a", has_text="在线查看")
    assert views.count() >= 2
    with page.expect_response(lambda r: "/view/" in r.url) as shown:
        views.nth(1).click()
    assert shown.value.status == 200
    day.look("expert", "materials")
    sheet = page.get_by_test_id("score-form")
    for score in sheet.locator("input[type=number]").all():
        top = float(score.get_attribute("max") or 10)
        score.fill(str(int(top * 0.8)))
    for comment in sheet.locator("textarea[name^=comment_]").all():
        comment.fill("论文与专利质量较高，工程化应用已见成效。")
    sheet.locator("textarea[name=overall_comment]").fill("创新能力突出，成果转化成效明显。")
    day.look("expert", "scoring")
    day.follow(sheet.get_by_role("button", name="提交评分"))
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORED
    day.look("expert", "scored")


def _talent_confirms_a_support_item(day: Day) -> None:
    from yingcai.accounts.models import User
    from yingcai.support.enums import EntitlementState
    from yingcai.support.models import Entitlement

    # The demo talent login is certified; its support waits for the talent's own confirmation.
    talent = User.objects.get(username="talent").talent
    waiting = Entitlement.objects.filter(talent=talent, state=EntitlementState.AWAITING_CONFIRMATION)
    entitlement = next(e for e in waiting.order_by("pk") if "spouse_name" in e.item.confirm_fields)
    page = day.page
    day.sign_in("talent")
    day.see("我的档案")
    day.see("待本人确认")
    day.look("talent", "home")
    day.follow(page.locator("main").get_by_role("link", name=entitlement.item.name).first)
    form = page.locator(f"form[action='/support/entitlements/{entitlement.pk}/confirm/']")
    form.locator(f"input[name=e{entitlement.pk}-spouse_name]").fill("李静")
    form.locator(f"input[name=e{entitlement.pk}-spouse_employer]").fill("平顶山市第一人民医院")
    day.look("talent", "support")
    day.follow(form.get_by_role("button", name="确认"))
    day.see("信息已确认")
    entitlement.refresh_from_db()
    assert entitlement.state != EntitlementState.AWAITING_CONFIRMATION
    day.look("talent", "confirmed")


def _public_objects_to_a_notice(day: Day) -> None:
    from yingcai.publicity.models import Objection

    page = day.page
    page.context.clear_cookies()
    day.open("/publicity/")
    day.look("public", "notices")
    running = page.locator("main table tr", has_text="公示中").first
    day.follow(running.locator("a").first)
    day.see("提出异议")
    day.look("public", "notice")
    before = Objection.objects.count()
    form = page.locator("form[action$='#objection']")
    form.locator("select[name=entry]").select_option(index=1)
    form.locator("input[name=name]").fill("王明")
    form.locator("input[name=phone]").fill("13903751234")
    form.locator("textarea[name=content]").fill("该人员的任职时间与所在单位公开信息不一致，请核实。")
    day.follow(form.get_by_role("button", name="提交异议"))
    day.see("您的异议已提交")
    assert Objection.objects.count() == before + 1
    day.look("public", "objected")
