"""The review queue on a phone (390 px): the checkbox column and the batch bar are usable, 全选本页
ticks the page's rows, the browser asks before sending, and the result lists what passed.
A screenshot goes to test-artifacts/."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests import factories
from tests.browser_support import ARTIFACTS, BROWSER_MARKS

pytestmark = BROWSER_MARKS


@pytest.fixture
def waiting(db):
    """Two introductions of one county waiting for its review (made before the browser starts)."""
    from tests.introductions.factories import IntroductionFactory
    from yingcai.introductions.enums import IntroductionState
    from yingcai.introductions.models import Introduction
    from yingcai.policy.domain import load_policy_rules
    from yingcai.workflows.models import ReviewStep

    load_policy_rules()  # a transactional test before may have emptied the migrations' data (idempotent)
    county = factories.JurisdictionFactory(name="新华区浏览器测试", code=None)
    unit = factories.UnitFactory(county=county)
    factories.jurisdiction_user(county, username="reviewer")
    records = [IntroductionFactory(unit=unit, state=IntroductionState.SUBMITTED) for _ in range(2)]
    for record in records:
        ReviewStep.objects.create(
            content_type=ContentType.objects.get_for_model(Introduction),
            object_id=record.pk,
            workflow="introduction",
            transition="submit",
            transition_label="提交审核",
            from_state=IntroductionState.DRAFT,
            to_state=IntroductionState.SUBMITTED,
            actor_name="单位",
        )
    return records


def test_on_a_phone_the_reviewer_ticks_all_and_approves_them(live_server, waiting, phone_page):
    from yingcai.introductions.enums import IntroductionState
    from yingcai.introductions.models import Introduction

    page = phone_page
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "reviewer")
    page.fill("input[name=password]", "Secret-pass-2026")
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(f"{live_server.url}/reviews/introduction-county/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the queue scrolls sideways on a phone ({width}px)"
    overflow = page.evaluate(
        "(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth; })()"
    )
    assert overflow <= 1, f"the queue's table scrolls inside its frame ({overflow}px hidden)"
    boxes = page.locator("input[name=ids]")
    assert boxes.count() == 2
    box = boxes.first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.get_by_test_id("select-all").check()
    assert all(boxes.nth(i).is_checked() for i in range(2))
    bar = page.get_by_test_id("batch-bar")
    bar.locator("textarea[name=reason]").fill("材料齐全")
    bar.locator("input[name=confirm]").check()
    button = page.get_by_test_id("batch-approve")
    button.scroll_into_view_if_needed()
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= 390 + 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-queue-phone.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button.click()
    assert "2 条通过，0 条未通过" in page.get_by_test_id("batch-summary").inner_text()
    assert set(Introduction.objects.values_list("state", flat=True)) == {IntroductionState.COUNTY_APPROVED}
    assert errors == []
