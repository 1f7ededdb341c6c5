"""超期 and 逾期未发 are each defined once (the models' queryset and method); every list, filter,
reminder and page uses them. Both at their boundary: due yesterday is late, due today is not."""

import datetime

import pytest
import time_machine

from tests.support.factories import school_item
from tests.support.helpers import granted
from yingcai.support.domain.entitlements import confirm
from yingcai.support.enums import InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Instalment

D = datetime.date
DUE = D(2026, 6, 23)


@pytest.mark.parametrize(
    ("state", "due_on", "today", "overdue"),
    [
        (TaskState.OPEN, DUE, DUE, False),
        (TaskState.OPEN, DUE, DUE + datetime.timedelta(days=1), True),
        (TaskState.DONE, DUE, DUE + datetime.timedelta(days=30), False),
        (TaskState.OPEN, None, DUE, False),  # no deadline until the work calendar is in
    ],
)
def test_a_task_is_overdue_only_when_open_past_its_deadline(state, due_on, today, overdue):
    assert DecisionTask(state=state, due_on=due_on).is_overdue_on(today) is overdue


@pytest.mark.parametrize(
    ("state", "today", "overdue"),
    [
        (InstalmentState.SCHEDULED, DUE, False),
        (InstalmentState.SCHEDULED, DUE + datetime.timedelta(days=1), True),
        (InstalmentState.PAID, DUE + datetime.timedelta(days=1), False),
    ],
)
def test_an_instalment_is_overdue_only_when_unpaid_past_its_date(state, today, overdue):
    assert Instalment(state=state, due_on=DUE).is_overdue_on(today) is overdue


@pytest.mark.django_db
def test_the_queryset_and_the_page_property_agree_with_the_method(office, certification, bureau_staff, talent_self):
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction))
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    task = DecisionTask.objects.get(entitlement=school)
    assert task.due_on == DUE
    assert not DecisionTask.objects.overdue(DUE).exists()
    assert list(DecisionTask.objects.overdue(DUE + datetime.timedelta(days=1))) == [task]
    with time_machine.travel("2026-06-23 10:00 +0800", tick=False):
        assert task.is_overdue is False
    with time_machine.travel("2026-06-24 10:00 +0800", tick=False):
        assert task.is_overdue is True
