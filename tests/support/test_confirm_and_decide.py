"""What only the talent knows (checked, stored, masked) and the responsible office's decision."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from tests.support.factories import bank_item, school_item, service_item
from tests.support.helpers import BANK, granted
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.notifications.models import Notification
from yingcai.support.domain.confirmation import mask_value, masked
from yingcai.support.domain.entitlements import confirm, decide_task, decision_due, stop_entitlements
from yingcai.support.enums import EntitlementState, TaskState


@pytest.fixture
def bank_entitlement(office, certification):
    return granted(office, certification, bank_item())


@pytest.mark.parametrize(
    ("account", "ok"),
    [
        ("1" * 9, False),
        ("1" * 10, True),
        ("1" * 30, True),
        ("1" * 31, False),
        ("6222 0202 0001 2345", True),
        ("6222-0202-0001-2345", True),
        ("6222O2020001234", False),
    ],
)
def test_bank_account_is_10_to_30_digits(talent_self, bank_entitlement, account, ok):
    data = {"bank_account": account, "bank_name": "中国银行平顶山分行"}
    if ok:
        confirm(by=talent_self, entitlement=bank_entitlement, data=data)
        bank_entitlement.refresh_from_db()
        assert bank_entitlement.confirmation["bank_account"] == account.replace(" ", "").replace("-", "")
    else:
        with pytest.raises(ValidationError) as error:
            confirm(by=talent_self, entitlement=bank_entitlement, data=data)
        assert "bank_account" in error.value.message_dict


def test_every_field_the_item_lists_is_required_and_others_are_ignored(talent_self, bank_entitlement):
    with pytest.raises(ValidationError) as error:
        confirm(by=talent_self, entitlement=bank_entitlement, data={"bank_account": "6222020200012345"})
    assert error.value.message_dict == {"bank_name": ["请填写开户银行。"]}
    confirm(by=talent_self, entitlement=bank_entitlement, data={**BANK, "child_name": "王小明"})
    bank_entitlement.refresh_from_db()
    assert set(bank_entitlement.confirmation) == {"bank_account", "bank_name"}


def test_confirming_activates_the_money_and_audits_it_masked(talent_self, bank_entitlement):
    confirm(by=talent_self, entitlement=bank_entitlement, data=BANK)
    bank_entitlement.refresh_from_db()
    assert bank_entitlement.state == EntitlementState.ACTIVE
    assert bank_entitlement.confirmed_by == talent_self
    assert bank_entitlement.confirmation["bank_account"] == "6222020200012345678"
    entry = AuditEntry.objects.filter(object_id=str(bank_entitlement.pk), action=AuditAction.UPDATE).get()
    assert entry.changes["bank_account"] == [None, "6222***********5678"]
    assert "6222020200012345678" not in str(entry.changes)


def test_masks():
    assert mask_value("bank_account", "6222020200012345678") == "6222***********5678"
    assert mask_value("child_name", "王小明") == "王**"
    assert mask_value("spouse_name", "欧阳娜娜") == "欧***"
    assert mask_value("spouse_employer", "郑州大学") == "郑州**"
    assert mask_value("child_grade", "小学三年级") == "小学三年级"
    assert masked({"bank_name": "平顶山银行"}) == {"bank_name": "平顶山银行"}


def test_the_unit_may_confirm_on_the_talents_behalf(unit_staff, bank_entitlement):
    confirm(by=unit_staff, entitlement=bank_entitlement, data=BANK)
    bank_entitlement.refresh_from_db()
    assert bank_entitlement.state == EntitlementState.ACTIVE
    assert AuditEntry.objects.filter(object_id=str(bank_entitlement.pk), reason="单位代为确认待遇信息").exists()


def test_others_may_not_confirm(office, bank_entitlement, county_staff, other_unit):
    someone_else = factories.talent_user(factories.TalentFactory())
    for user in (office, county_staff, factories.unit_user(other_unit), someone_else):
        with pytest.raises(PermissionDenied):
            confirm(by=user, entitlement=bank_entitlement, data=BANK)


def test_a_stale_confirmation_is_refused(talent_self, bank_entitlement):
    confirm(by=talent_self, entitlement=bank_entitlement, data=BANK, version=1)
    with pytest.raises(ValidationError, match="刷新"):
        confirm(by=talent_self, entitlement=bank_entitlement, data=BANK, version=1)


def test_nothing_to_confirm_and_stopped_ones_cannot_be_confirmed(office, certification, talent_self):
    service = granted(office, certification, service_item())
    with pytest.raises(ValidationError, match="无需"):
        confirm(by=talent_self, entitlement=service, data={})
    bank = granted(office, certification, bank_item())
    stop_entitlements(by=office, certification=certification, reason="撤销认定")
    with pytest.raises(ValidationError, match="已停止"):
        confirm(by=talent_self, entitlement=bank, data=BANK)


@pytest.fixture
def school(office, certification, bureau_staff):
    return granted(office, certification, school_item(office=bureau_staff.jurisdiction))


def test_confirming_a_school_place_sends_the_task_to_the_bureau(talent_self, school, bureau_staff):
    # A day whose five working days stay inside a year the holiday package knows.
    with time_machine.travel("2026-06-15 10:00 +0800", tick=False):
        confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    school.refresh_from_db()
    assert school.state == EntitlementState.AWAITING_DECISION
    assert school.task.office == bureau_staff.jurisdiction
    # 16, 17, 18, (端午 on Friday the 19th), 22, 23 June
    assert school.task.due_on == decision_due(datetime.date(2026, 6, 15), 5) == datetime.date(2026, 6, 23)
    assert Notification.objects.filter(recipient=bureau_staff).exists()


@pytest.mark.parametrize("name", ["王", "王小明123"])
def test_a_childs_name_is_checked(talent_self, school, name):
    with pytest.raises(ValidationError) as error:
        confirm(by=talent_self, entitlement=school, data={"child_name": name, "child_grade": "小学三年级"})
    assert "child_name" in error.value.message_dict


def test_the_bureau_decides_and_the_talent_is_told(talent_self, school, bureau_staff):
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    school.refresh_from_db()
    task = decide_task(by=bureau_staff, task=school.task, outcome="安排至市第一实验小学三年级")
    school.refresh_from_db()
    assert (task.state, task.decided_by) == (TaskState.DONE, bureau_staff)
    assert school.state == EntitlementState.ACTIVE
    assert Notification.objects.filter(recipient=talent_self, body="安排至市第一实验小学三年级").exists()
    with pytest.raises(ValidationError, match="已办结"):
        decide_task(by=bureau_staff, task=task, outcome="再次办理")


def test_a_decision_needs_an_outcome_and_the_right_office(talent_self, school, county_staff, unit_staff, office):
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    school.refresh_from_db()
    other_bureau = factories.jurisdiction_user(factories.DepartmentFactory())
    for user in (county_staff, unit_staff, talent_self, other_bureau):
        with pytest.raises(PermissionDenied):
            decide_task(by=user, task=school.task, outcome="安排")
    with pytest.raises(ValidationError):
        decide_task(by=office, task=school.task, outcome="  ")
    decide_task(by=office, task=school.task, outcome="由人才办协调安排")  # the office may decide too


def test_a_late_decision_is_recorded_as_late(office, certification, bureau_staff):
    entitlement = granted(office, certification, school_item(office=bureau_staff.jurisdiction, confirm_fields=[]))
    task = entitlement.task
    assert task.due_on < timezone.localdate()  # certified in 2025: long overdue
    decide_task(by=bureau_staff, task=task, outcome="已安排")
    entry = AuditEntry.objects.filter(object_id=str(entitlement.pk), action=AuditAction.UPDATE).get()
    assert "超期办结" in entry.changes["overdue"][1]
    assert task.due_on == decision_due(datetime.date(2025, 3, 3), 5)
