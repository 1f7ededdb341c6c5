"""待办 on the home page: each role sees what waits for its own action, counted in its own scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.certification.factories import CertificationFactory, eligible_introduction
from tests.introductions.factories import IntroductionFactory
from tests.selection.factories import NominationFactory
from tests.support.factories import CertificationFactory as CertifiedFactory
from tests.support.factories import bank_item, education_bureau, school_item
from tests.support.helpers import BANK, granted
from yingcai.certification.enums import CertificationState
from yingcai.console.todos import todo_items
from yingcai.introductions.enums import IntroductionState
from yingcai.selection.enums import NominationState
from yingcai.support.domain.entitlements import confirm
from yingcai.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _next_years_calendar_entered(db):
    """TODAY is in the months the office is asked to enter next year's calendar (tested in
    tests/workdays); here it has done so, so the lists show only the work of the flows."""
    CalendarDay.objects.get_or_create(date=datetime.date(TODAY.year + 1, 1, 1), defaults={"is_workday": False})


def todo(user) -> dict[str, int]:
    return {item.label: item.count for item in todo_items(user, TODAY)}


def test_each_reviewer_sees_the_step_that_waits_for_them(office, county_staff, unit, unit_staff, other_unit):
    IntroductionFactory(unit=unit, state=IntroductionState.SUBMITTED)
    IntroductionFactory(unit=unit, state=IntroductionState.COUNTY_APPROVED)
    IntroductionFactory(unit=unit, state=IntroductionState.RETURNED)
    IntroductionFactory(unit=other_unit, state=IntroductionState.RETURNED)  # not this unit's
    CertificationFactory(introduction=eligible_introduction(unit), state=CertificationState.SUBMITTED)
    NominationFactory(unit=unit, state=NominationState.SUBMITTED)
    NominationFactory(unit=unit, state=NominationState.RETURNED)

    assert todo(county_staff) == {"待审核的引进记录": 1, "待审核的人才认定申请": 1}
    assert todo(office) == {"待确认的引进记录": 1, "待形式审查的遴选推荐": 1}
    assert todo(unit_staff) == {"被退回待修改的引进记录": 1, "被退回待修改的遴选推荐": 1}


def test_nothing_to_do_shows_nothing_and_the_talent_and_expert_see_no_office_work(office, talent_self, expert, unit):
    IntroductionFactory(unit=unit, state=IntroductionState.COUNTY_APPROVED)
    assert todo(talent_self) == {}
    assert todo(expert) == {}


def test_the_home_page_lists_the_items_with_links(client, county_staff, unit):
    IntroductionFactory(unit=unit, state=IntroductionState.SUBMITTED)
    client.force_login(county_staff)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="todo"' in html
    assert "待审核的引进记录" in html
    assert f"{reverse('introductions:list')}?state=submitted" in html


def test_the_todo_costs_the_same_queries_however_much_waits(office, unit):
    IntroductionFactory(unit=unit, state=IntroductionState.COUNTY_APPROVED)
    with CaptureQueriesContext(connection) as few:
        todo_items(office, TODAY)
    for _ in range(5):
        IntroductionFactory(unit=unit, state=IntroductionState.COUNTY_APPROVED)
        NominationFactory(unit=unit, state=NominationState.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        todo_items(office, TODAY)
    assert len(many) == len(few)


def test_overdue_support_work_comes_first_and_is_marked_urgent(office, talent_self, unit, talent):
    bureau_staff = factories.jurisdiction_user(education_bureau())

    certification = CertifiedFactory(unit=unit, talent=talent)
    money = granted(office, certification, bank_item())
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction))
    assert todo(talent_self) == {"待确认信息的人才待遇": 2}
    confirm(by=talent_self, entitlement=money, data=BANK)
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "三年级"})
    school.refresh_from_db()
    late = school.task.due_on + datetime.timedelta(days=1)
    items = todo_items(bureau_staff, late)
    assert [(i.label, i.count, i.urgent) for i in items] == [("已超期的待遇办理任务", 1, True)]
    first_due = money.instalments.order_by("sequence").first().due_on
    assert {i.label: i.count for i in todo_items(office, first_due)}["已到期待登记发放的待遇"] == 1
