"""The weekly support reminders: each to whoever must act, counting only what is really due."""

import datetime

import pytest
import time_machine

from tests.support.factories import CERTIFIED_ON, bank_item, school_item
from tests.support.helpers import BANK, granted
from yingcai.notifications.models import Notification
from yingcai.support.domain.entitlements import confirm
from yingcai.support.domain.reminders import send_support_reminders
from yingcai.support.tasks import remind_support_work_due

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_talent_is_reminded_to_confirm_and_nobody_else_hears_of_it(office, certification, talent_self, unit_staff):
    granted(office, certification, bank_item())
    Notification.objects.all().delete()
    send_support_reminders(today=CERTIFIED_ON + datetime.timedelta(days=10))
    assert titles(talent_self) == ["请确认待遇信息：购房补贴"]
    assert titles(unit_staff) == [] and titles(office) == []


def test_the_office_hears_of_instalments_due_and_unpaid_only_from_their_due_date(office, certification, talent_self):
    entitlement = granted(office, certification, bank_item())
    confirm(by=talent_self, entitlement=entitlement, data=BANK)
    first_due = entitlement.instalments.order_by("sequence").first().due_on
    Notification.objects.all().delete()
    send_support_reminders(today=first_due - datetime.timedelta(days=1))
    assert titles(office) == []
    send_support_reminders(today=first_due)
    assert titles(office) == ["待遇发放提醒：1期已到发放日期尚未登记发放"]


def test_the_responsible_office_hears_of_tasks_due_within_a_week_and_overdue(
    office, certification, talent_self, bureau_staff
):
    item = school_item(office=bureau_staff.jurisdiction)
    entitlement = granted(office, certification, item)
    # confirmed on a day whose period stays inside a year the holiday package knows
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        confirm(by=talent_self, entitlement=entitlement, data={"child_name": "王小明", "child_grade": "三年级"})
    entitlement.refresh_from_db()
    due = entitlement.task.due_on
    Notification.objects.all().delete()
    send_support_reminders(today=due - datetime.timedelta(days=8))
    assert titles(bureau_staff) == []
    send_support_reminders(today=due - datetime.timedelta(days=7))
    assert titles(bureau_staff) == ["待遇办理任务提醒：1项待办，其中0项已超期"]
    Notification.objects.all().delete()
    send_support_reminders(today=due + datetime.timedelta(days=1))
    assert titles(bureau_staff) == ["待遇办理任务提醒：1项待办，其中1项已超期"]
    assert titles(office) == []


def test_the_weekly_task_runs_the_reminders(office, certification, talent_self):
    granted(office, certification, bank_item())
    Notification.objects.all().delete()
    assert remind_support_work_due.call_local() == 1
    assert titles(talent_self) == ["请确认待遇信息：购房补贴"]


def test_a_second_run_in_the_same_week_reminds_nobody_again(office, certification, talent_self):
    entitlement = granted(office, certification, bank_item())
    confirm(by=talent_self, entitlement=entitlement, data=BANK)
    first_due = entitlement.instalments.order_by("sequence").first().due_on
    granted(office, certification, school_item())  # something for the talent to confirm, too
    Notification.objects.all().delete()
    monday = first_due + datetime.timedelta(days=7 - first_due.weekday())
    assert send_support_reminders(today=monday) == 2
    assert send_support_reminders(today=monday + datetime.timedelta(days=2)) == 0  # same ISO week
    assert titles(office) == ["待遇发放提醒：1期已到发放日期尚未登记发放"]
    assert Notification.objects.get(recipient=office).body.startswith("请在“发放登记”中")
    assert send_support_reminders(today=monday + datetime.timedelta(days=7)) == 2  # the next week
