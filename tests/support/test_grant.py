"""免申即享: entitlements made on certification from the rule version in force (第十三条–第十四条)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.support.factories import (
    CERTIFIED_ON,
    CertificationFactory,
    SupportItemFactory,
    bank_item,
    school_item,
    service_item,
)
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.certification.enums import CertificationState
from yingcai.notifications.models import Notification
from yingcai.policy.tiers import publish_support_item_version
from yingcai.support.domain.entitlements import decision_due, grant_entitlements
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement


def test_money_items_are_split_into_dated_instalments(office, certification):
    SupportItemFactory(amount=Decimal("100000"), instalments=3, interval_months=12)
    [entitlement] = grant_entitlements(by=office, certification=certification)
    assert entitlement.state == EntitlementState.ACTIVE
    assert entitlement.amount == Decimal("100000.00")
    rows = list(entitlement.instalments.values_list("sequence", "due_on", "amount", "state"))
    assert rows == [
        (1, datetime.date(2025, 3, 3), Decimal("33333.33"), InstalmentState.SCHEDULED),
        (2, datetime.date(2026, 3, 3), Decimal("33333.33"), InstalmentState.SCHEDULED),
        (3, datetime.date(2027, 3, 3), Decimal("33333.34"), InstalmentState.SCHEDULED),
    ]


def test_a_certification_on_the_31st_gets_month_end_due_dates(office, unit):
    SupportItemFactory(amount=Decimal("1200"), instalments=3, interval_months=1)
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2025, 1, 31))
    [entitlement] = grant_entitlements(by=office, certification=certification)
    assert list(entitlement.instalments.values_list("due_on", flat=True)) == [
        datetime.date(2025, 1, 31),
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 31),
    ]


def test_states_follow_what_the_item_needs(office, certification):
    bank_item()
    school_item()
    service_item()
    by_name = {e.name: e for e in grant_entitlements(by=office, certification=certification)}
    assert by_name["购房补贴"].state == EntitlementState.AWAITING_CONFIRMATION
    # Confirmation comes first: the school's task is sent once the child's name is known.
    assert by_name["子女入学"].state == EntitlementState.AWAITING_CONFIRMATION
    assert not DecisionTask.objects.filter(entitlement=by_name["子女入学"]).exists()
    assert by_name["医疗绿色通道"].state == EntitlementState.ACTIVE
    assert by_name["医疗绿色通道"].amount is None
    assert not by_name["医疗绿色通道"].instalments.exists()


def test_a_decision_without_confirmation_gets_its_task_at_once(office, certification, bureau_staff):
    school_item(office=bureau_staff.jurisdiction, confirm_fields=[], name="配偶安置", decision_working_days=10)
    [entitlement] = grant_entitlements(by=office, certification=certification)
    assert entitlement.state == EntitlementState.AWAITING_DECISION
    task = entitlement.task
    assert task.office == bureau_staff.jurisdiction
    assert task.state == TaskState.OPEN
    assert task.due_on == decision_due(CERTIFIED_ON, 10)
    assert Notification.objects.filter(recipient=bureau_staff, title__contains="配偶安置").exists()


def test_the_task_deadline_skips_the_national_day_holiday_and_counts_the_makeup_saturday(office, unit, bureau_staff):
    """Dispatched Wed 30 Sep 2026: counting starts the next day; 1–7 Oct are holidays, Sat 10 Oct
    is a 调休 workday. 5 working days: 8, 9, 10, 12, 13 Oct."""
    school_item(office=bureau_staff.jurisdiction, confirm_fields=[], decision_working_days=5)
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2026, 9, 30))
    [entitlement] = grant_entitlements(by=office, certification=certification)
    assert entitlement.task.due_on == datetime.date(2026, 10, 13)
    assert decision_due(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)
    assert decision_due(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)


def test_granting_twice_grants_nothing_more(office, certification):
    SupportItemFactory()
    service_item()
    first = grant_entitlements(by=office, certification=certification)
    second = grant_entitlements(by=office, certification=certification)
    assert [e.pk for e in first] == [e.pk for e in second]
    assert Entitlement.objects.count() == 2
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, content_type__model="entitlement").count() == 2


def test_the_talent_is_told_what_they_get_and_what_to_confirm(office, certification, talent_self):
    SupportItemFactory(name="生活补贴")
    bank_item()
    grant_entitlements(by=office, certification=certification)
    [message] = Notification.objects.filter(recipient=talent_self)
    assert "生活补贴" in message.body and "购房补贴" in message.body
    assert "收款银行账号" in message.body
    assert message.url == f"/support/talents/{certification.talent_id}/"


def test_each_entitlement_is_audited_with_its_rule_version(office, certification):
    item = SupportItemFactory()
    [entitlement] = grant_entitlements(by=office, certification=certification)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(entitlement.pk))
    assert entry.changes["rule"][1] == item.citation
    assert entry.changes["amount"][1] == "100000.00"


def test_a_rule_change_changes_new_entitlements_and_not_old_ones(office, unit):
    item = SupportItemFactory(amount=Decimal("100000"), effective_from=datetime.date(2024, 1, 1))
    early = CertificationFactory(unit=unit, certified_on=datetime.date(2025, 3, 3))
    [old] = grant_entitlements(by=office, certification=early)
    newer = publish_support_item_version(
        by=office,
        code=item.code,
        values={"amount": Decimal("150000"), "note": "提高补贴标准"},
        effective_from=datetime.date(2025, 6, 1),
        based_on_version=1,
    )
    late = CertificationFactory(unit=unit, certified_on=datetime.date(2025, 6, 1))
    [new] = grant_entitlements(by=office, certification=late)
    old.refresh_from_db()
    assert (old.item_id, old.amount) == (item.pk, Decimal("100000.00"))
    assert sum(i.amount for i in old.instalments.all()) == Decimal("100000.00")
    assert (new.item_id, new.amount) == (newer.pk, Decimal("150000.00"))
    assert [i.amount for i in new.instalments.all()] == [Decimal("50000.00")] * 3
    # The day before the new version the old one still decides.
    eve = CertificationFactory(unit=unit, certified_on=datetime.date(2025, 5, 31))
    [kept] = grant_entitlements(by=office, certification=eve)
    assert kept.amount == Decimal("100000.00")


def test_other_tiers_items_are_not_granted(office, certification):
    SupportItemFactory(tier_code="T2")
    SupportItemFactory(effective_from=datetime.date(2025, 3, 4))  # not yet in force
    assert grant_entitlements(by=office, certification=certification) == []


@pytest.mark.parametrize("state", [CertificationState.IN_PUBLICITY, CertificationState.REVOKED])
def test_only_a_certified_talent_is_granted_support(office, unit, state):
    SupportItemFactory()
    certification = CertificationFactory(unit=unit, state=state)
    with pytest.raises(ValidationError, match="第十三条"):
        grant_entitlements(by=office, certification=certification)


def test_only_the_office_grants(certification, unit_staff, county_staff, talent_self):
    SupportItemFactory()
    for user in (unit_staff, county_staff, talent_self, factories.expert_user()):
        with pytest.raises(PermissionDenied):
            grant_entitlements(by=user, certification=certification)
    assert not Entitlement.objects.exists()
