"""Leaving the city or a revoked certification stops future instalments; paid ones stay."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory, school_item, service_item
from tests.support.helpers import granted
from yingcai.notifications.models import Notification
from yingcai.support.domain.entitlements import stop_entitlements
from yingcai.support.domain.payments import record_payment
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState


@pytest.fixture
def entitlement(office, unit, talent):
    """Certified 15 Jan 2024: 100 000 in 3, due 2024-01-15, 2025-01-15, 2026-01-15."""
    certification = CertificationFactory(unit=unit, talent=talent, certified_on=datetime.date(2024, 1, 15))
    return granted(office, certification, SupportItemFactory(amount=Decimal("100000"), instalments=3))


def states(entitlement):
    return list(entitlement.instalments.order_by("sequence").values_list("state", flat=True))


def test_instalments_due_after_leaving_stop_and_paid_ones_stay(office, entitlement, talent_self):
    first = entitlement.instalments.get(sequence=1)
    record_payment(by=office, instalment=first, amount=first.amount, paid_on=first.due_on, voucher="PZ1")
    stopped = stop_entitlements(by=office, talent=entitlement.talent, on=datetime.date(2025, 1, 14), reason="离开本市")
    entitlement.refresh_from_db()
    assert [e.pk for e in stopped] == [entitlement.pk]
    assert states(entitlement) == [InstalmentState.PAID, InstalmentState.STOPPED, InstalmentState.STOPPED]
    assert (entitlement.state, entitlement.stopped_on, entitlement.stop_reason) == (
        EntitlementState.STOPPED,
        datetime.date(2025, 1, 14),
        "离开本市",
    )
    assert first.payments.get().amount == Decimal("33333.33")
    assert Notification.objects.filter(recipient=talent_self, title="您的人才待遇已停止").exists()


def test_an_instalment_due_on_the_day_of_leaving_is_still_earned(office, entitlement):
    stop_entitlements(by=office, talent=entitlement.talent, on=datetime.date(2025, 1, 15), reason="离开本市")
    assert states(entitlement) == [InstalmentState.SCHEDULED, InstalmentState.SCHEDULED, InstalmentState.STOPPED]


def test_completed_entitlements_are_left_alone_and_services_stop(office, entitlement):
    service = granted(office, entitlement.certification, service_item())
    for instalment in entitlement.instalments.all():
        record_payment(
            by=office, instalment=instalment, amount=instalment.amount, paid_on=instalment.due_on, voucher="PZ"
        )
    stopped = stop_entitlements(by=office, talent=entitlement.talent, on=datetime.date(2026, 2, 1), reason="离开本市")
    entitlement.refresh_from_db()
    assert [e.pk for e in stopped] == [service.pk]
    assert entitlement.state == EntitlementState.COMPLETED


def test_open_tasks_of_stopped_entitlements_are_closed(office, certification, bureau_staff):
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction, confirm_fields=[]))
    stop_entitlements(by=office, certification=certification, reason="撤销认定")
    school.task.refresh_from_db()
    assert school.task.state == TaskState.DONE
    assert "待遇已停止" in school.task.outcome


def test_revocation_stops_only_that_certification(office, entitlement, unit):
    other = granted(office, CertificationFactory(unit=unit, talent=entitlement.talent), SupportItemFactory())
    stop_entitlements(by=office, certification=entitlement.certification, reason="撤销认定")
    other.refresh_from_db()
    assert other.state == EntitlementState.ACTIVE


def test_a_reason_is_required(office, entitlement):
    with pytest.raises(ValidationError):
        stop_entitlements(by=office, talent=entitlement.talent, reason=" ")


def test_who_may_register_leaving(office, entitlement, unit_staff, county_staff, talent_self, other_unit):
    for user in (county_staff, talent_self, factories.unit_user(other_unit)):
        with pytest.raises(PermissionDenied):
            stop_entitlements(by=user, talent=entitlement.talent, reason="离开本市")
    with pytest.raises(PermissionDenied):
        stop_entitlements(by=unit_staff, certification=entitlement.certification, reason="撤销")  # office only
    assert stop_entitlements(by=unit_staff, talent=entitlement.talent, reason="离开本市")
