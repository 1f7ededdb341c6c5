"""The Content-Security-Policy in a real browser: the main pages of every role, on the demo data,
with their charts, htmx swaps and form behaviours, raise no CSP violation and no page error.

Headless Chromium (Playwright) reports each blocked script, handler, style or image as a
`securitypolicyviolation` event and on the console; both are collected from the first byte of every
page (an init script) and the test fails on any of them. Skips where Debian's chromium is missing,
like the other browser tests; screenshots go to test-artifacts/.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser_support import ARTIFACTS, BROWSER_MARKS

pytestmark = BROWSER_MARKS

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
PASSWORD = "Demo@2026"


class Watch:
    """Everything a page did wrong under the policy: violations, CSP console errors, page errors."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(COLLECT)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: page error: {error}"))
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:  # errors, and warnings of a bad header
            self.problems.append(f"{self.page.url}: console: {text}")

    def settle(self) -> None:
        """Collect the violations the current page reported so far."""
        for violation in self.page.evaluate("window.__cspViolations || []"):
            self.problems.append(f"{self.page.url}: {violation}")
        self.page.evaluate("window.__cspViolations = []")

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response.status < 400, f"{url}: HTTP {response.status}"
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")

    def login(self, base: str, username: str) -> None:
        self.page.context.clear_cookies()
        self.visit(f"{base}/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        assert "/login/" not in self.page.url, f"{username} could not sign in"
        self.page.wait_for_load_state("load")
        self.settle()


@pytest.fixture
def demo(db):
    """The demo data set (one login per role) plus a round whose scoring is open today, so the expert
    sees an editable scoring sheet. Made before the browser starts (see tests/browser)."""
    from tests.selection.factories import NominationFactory, RoundFactory
    from yingcai.accounts.models import User
    from yingcai.certification.enums import CertificationState
    from yingcai.certification.models import Certification
    from yingcai.policy.loading import load_tiers_and_support_items
    from yingcai.policy.models import SupportItem, TalentTier
    from yingcai.projects.models import Project
    from yingcai.publicity.models import Publicity
    from yingcai.registry.models import Jurisdiction, Talent
    from yingcai.selection.domain.assignments import assign_experts
    from yingcai.selection.models import Assignment, Expert, SelectionRound

    if not TalentTier.objects.exists():  # a transactional test before may have emptied the migrations' data
        load_tiers_and_support_items(TalentTier, SupportItem, Jurisdiction)
    call_command("seed_demo", talents=300, stdout=StringIO())

    today = timezone.localdate()
    office = User.objects.get(username="office")
    expert = Expert.objects.get(user__username="expert")
    scoring = RoundFactory(
        year=today.year,
        nomination_opens=today - datetime.timedelta(days=40),
        nomination_closes=today - datetime.timedelta(days=10),
        scoring_opens=today - datetime.timedelta(days=2),
        scoring_closes=today + datetime.timedelta(days=20),
        experts_per_candidate=1,
    )
    expert.fields.add(NominationFactory(round=scoring).field)
    assign_experts(by=office, round=scoring)
    assignment = Assignment.objects.filter(nomination__round=scoring, expert=expert).first()
    assert assignment is not None, "the demo expert got no sheet to score"

    unit_user = User.objects.get(username="unit")
    return {
        "talent": Talent.objects.filter(affiliations__unit=unit_user.unit).order_by("pk").first(),
        "project": Project.objects.order_by("pk").first(),
        "round": SelectionRound.objects.exclude(pk=scoring.pk).order_by("pk").first(),
        "assignment": assignment,
        "publicity": Publicity.objects.order_by("pk").first(),
        "certificate": Certification.objects.filter(state=CertificationState.CERTIFIED).order_by("pk").first(),
    }


def test_every_role_s_main_pages_run_under_the_policy(live_server, demo, browser_page):
    base = live_server.url
    page = browser_page
    watch = Watch(page)
    ARTIFACTS.mkdir(exist_ok=True)

    # The public: policies, notices, the calculator (htmx), a certificate's verification page.
    watch.visit(f"{base}/policies/")
    watch.settle()
    if demo["publicity"]:
        watch.visit(f"{base}/publicity/{demo['publicity'].pk}/")
        watch.settle()
    watch.visit(f"{base}/rules/calculator/")
    with page.expect_response(lambda r: "/rules/calculator/" in r.url and "hx-request" in r.request.headers):
        page.click("form[hx-get] button[type=submit]")
    watch.settle()
    if demo["certificate"]:
        watch.visit(f"{base}/certification/verify/{demo['certificate'].verification_token}/")
        assert page.get_by_test_id("verify").count() == 1
        watch.settle()

    # The talent office: home with charts (a tooltip too), a filtered list, statistics, a project's
    # chart, a round's chart, the funding totals, the API docs (Swagger UI).
    watch.login(base, "office")
    chart = page.locator("[data-chart=talents-by-county][data-drawn]")
    chart.wait_for()
    before = chart.screenshot()
    page.mouse.move(*center(chart))  # the tooltip: drawn on the canvas (renderMode richText), no styled HTML
    assert any(chart.screenshot() != before for _ in range(20)), "no tooltip appeared"
    chart.screenshot(path=str(ARTIFACTS / "csp-home-tooltip.png"))
    page.screenshot(path=str(ARTIFACTS / "csp-home.png"), full_page=True)
    watch.settle()
    watch.visit(f"{base}/registry/talents/")
    page.fill("input[name=q]", demo["talent"].name[:1])
    page.click("button:has-text('查询')")
    page.wait_for_load_state("load")
    assert "q=" in page.url
    watch.settle()
    for path in ("/certification/statistics/", "/introductions/", "/publicity/office/"):
        watch.visit(base + path)
        watch.settle()
    watch.visit(f"{base}/support/totals/")
    page.wait_for_selector("#support-chart[data-drawn] canvas")
    watch.settle()
    if demo["project"]:
        watch.visit(f"{base}/projects/{demo['project'].pk}/")
        page.wait_for_selector("[data-project-chart][data-drawn] canvas")
        page.screenshot(path=str(ARTIFACTS / "csp-project.png"), full_page=True)
        watch.settle()
    if demo["round"]:
        watch.visit(f"{base}/selection/rounds/{demo['round'].pk}/")
        watch.settle()
    watch.visit(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    page.screenshot(path=str(ARTIFACTS / "csp-api-docs.png"))
    watch.settle()

    # A unit: the introduction form (sections follow the chosen mode), the certification form (its
    # live eligibility check is an htmx swap), a confirmation page with its cancel button.
    watch.login(base, "unit")
    watch.visit(f"{base}/introductions/new/")
    flexible = page.locator("[data-show-when=flexible]")
    full_time = page.locator("[data-show-when=full_time]")
    page.check("input[name=mode][value=flexible]")
    assert flexible.is_visible() and not full_time.is_visible()
    page.check("input[name=mode][value=full_time]")
    assert full_time.is_visible() and not flexible.is_visible()
    watch.settle()
    watch.visit(f"{base}/certification/new/")
    page.check("input[name=basis][value=cultivated]")
    assert page.locator("[data-show-when=cultivated]").is_visible()
    page.select_option("select[name=talent]", index=1)
    with page.expect_response(lambda r: "/certification/preview/" in r.url):
        page.check("input[name=tier_code] >> nth=0")
    page.wait_for_load_state("networkidle")
    watch.settle()

    # The expert: the review list and an open scoring sheet with its running total.
    watch.login(base, "expert")
    watch.visit(f"{base}/selection/reviews/")
    watch.settle()
    watch.visit(f"{base}/selection/reviews/{demo['assignment'].pk}/")
    inputs = page.locator(".score-input")
    for i in range(inputs.count()):
        inputs.nth(i).fill("80")
    assert page.locator("[data-live-total]").inner_text() == "80.00"
    page.screenshot(path=str(ARTIFACTS / "csp-score.png"), full_page=True)
    watch.settle()

    # The talent: the home page, which is their workspace (我的档案).
    watch.login(base, "talent")
    assert page.locator("[data-testid=my-profile]").count() == 1
    watch.settle()

    assert watch.problems == []


def center(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
