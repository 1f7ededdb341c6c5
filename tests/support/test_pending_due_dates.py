"""A decision task whose period reaches a year with no known holiday schedule (any confirmation
from late December on, while the holiday package knows only the current year) waits with its
period 待定 instead of refusing the talent; the period is set, audited and announced as soon as
the office enters that year's calendar."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.support.factories import school_item
from tests.support.helpers import granted
from yingcai.audit.models import AuditEntry
from yingcai.notifications.models import Notification
from yingcai.support.domain.entitlements import confirm, decide_task, fill_pending_due_dates
from yingcai.support.enums import EntitlementState
from yingcai.workdays.domain import LIBRARY_LAST_YEAR
from yingcai.workdays.models import CalendarDay
from yingcai.workdays.signals import announce_change

pytestmark = pytest.mark.django_db

NEXT = LIBRARY_LAST_YEAR + 1
CHILD = {"child_name": "王小明", "child_grade": "小学三年级"}


@pytest.fixture
def school(office, certification, bureau_staff):
    return granted(office, certification, school_item(office=bureau_staff.jurisdiction, decision_working_days=5))


def _confirm_on_the_last_monday(talent_self, school):
    last_monday = datetime.date(LIBRARY_LAST_YEAR, 12, 31)
    while last_monday.weekday() != 0:
        last_monday -= datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(last_monday, datetime.time(10)), tick=False):
        confirm(by=talent_self, entitlement=school, data=CHILD)
    school.refresh_from_db()
    return school.task


def test_a_period_reaching_an_unknown_year_waits_instead_of_refusing_the_talent(talent_self, school, bureau_staff):
    task = _confirm_on_the_last_monday(talent_self, school)
    assert school.state == EntitlementState.AWAITING_DECISION
    assert task.due_on is None
    told = Notification.objects.get(recipient=bureau_staff, title__contains="子女入学")
    assert "下一年度工作日历" in told.body


def test_entering_the_calendar_sets_the_period_audits_it_and_tells_the_office(
    talent_self, school, bureau_staff, django_capture_on_commit_callbacks
):
    task = _confirm_on_the_last_monday(talent_self, school)
    assert fill_pending_due_dates() == 0  # nothing known yet: nothing guessed
    before = Notification.objects.filter(recipient=bureau_staff).count()

    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=datetime.date(NEXT, 1, 1), is_workday=False, name="元旦")
        announce_change(years={NEXT})  # what the calendar's pages and admin send after their commit

    task.refresh_from_db()
    assert task.due_on is not None and task.due_on.year == NEXT
    # five working days from the day after the Monday: the rest of December, then the new year
    # on its ordinary week with 1 January off.
    counted, day = 0, task.created_at.date()
    while counted < 5:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day != datetime.date(NEXT, 1, 1):
            counted += 1
    assert task.due_on == day
    entry = AuditEntry.objects.filter(object_id=str(school.pk), changes__has_key="task_due_on").get()
    assert entry.changes["task_due_on"] == [None, task.due_on.isoformat()]
    assert Notification.objects.filter(recipient=bureau_staff).count() == before + 1
    assert fill_pending_due_dates() == 0  # once only


def test_a_task_without_a_period_is_listed_as_pending_never_overdue_and_can_be_decided(
    talent_self, school, bureau_staff, client
):
    _confirm_on_the_last_monday(talent_self, school)
    client.force_login(bureau_staff)
    page = client.get(reverse("support:tasks")).content.decode()
    assert "待定" in page
    assert '<span class="tag tag-danger">已超期</span>' not in page
    school.refresh_from_db()
    decide_task(by=bureau_staff, task=school.task, outcome="已安排至市第一小学")
    school.refresh_from_db()
    assert school.state == EntitlementState.ACTIVE
    assert "overdue" not in AuditEntry.objects.filter(object_id=str(school.pk)).latest("seq").changes


def test_the_talent_sees_that_the_period_is_pending(talent_self, school, client):
    _confirm_on_the_last_monday(talent_self, school)
    client.force_login(talent_self)
    page = client.get(reverse("support:talent", args=[school.talent_id])).content.decode()
    assert "办理期限待工作日历录入后确定" in page


def test_unknown_years_are_never_guessed_by_the_filler(talent_self, school):
    _confirm_on_the_last_monday(talent_self, school)
    # an entry for the year after next does not make next year known
    CalendarDay.objects.create(date=datetime.date(NEXT + 1, 1, 1), is_workday=False, name="元旦")
    assert fill_pending_due_dates() == 0


def test_the_api_gives_a_pending_period_as_null_and_not_overdue(talent_self, school, bureau_staff, client):
    _confirm_on_the_last_monday(talent_self, school)
    client.force_login(bureau_staff)
    rows = client.get("/api/v1/support/tasks").json()["items"]
    row = next(r for r in rows if r["id"] == school.task.pk)
    assert row["due_on"] is None
    assert row["overdue"] is False
