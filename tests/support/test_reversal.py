"""A payment registered by mistake is reversed (冲正) by the talent office with a reason: a new,
linked negative line (never an edit, never a delete), audited; the instalment is scheduled again
so the correct payment can be registered, and totals read the net."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.audit.models import AuditEntry
from yingcai.support.domain.payments import record_payment, reverse_payment
from yingcai.support.domain.queries import entitlements_for_list, money_by_year, totals
from yingcai.support.enums import EntitlementState, InstalmentState
from yingcai.support.models import Entitlement, Payment
from yingcai.support.rules import payment_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(datetime.datetime(2026, 6, 10, 10, 0), tick=False):
        yield


@pytest.fixture
def entitlement(office, unit):
    """Certified 15 Jan 2024: 3 instalments due 2024-01-15, 2025-01-15, 2026-01-15."""
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    return granted(office, certification, SupportItemFactory(amount=Decimal("90000"), instalments=3))


def _pay(office, instalment, voucher="PZ001"):
    return record_payment(
        by=office, instalment=instalment, amount=instalment.amount, paid_on=instalment.due_on, voucher=voucher
    )


def test_a_reversal_is_a_linked_negative_line_and_reopens_the_instalment(office, entitlement):
    instalment = entitlement.instalments.get(sequence=1)
    payment = _pay(office, instalment)
    reversal = reverse_payment(by=office, payment=payment, reason="凭证号登记错误")
    assert (reversal.amount, reversal.reverses, reversal.reason) == (Decimal("-30000.00"), payment, "凭证号登记错误")
    assert reversal.paid_on == TODAY and reversal.paid_by == office
    payment.refresh_from_db()
    assert payment.amount == Decimal("30000.00")  # the original line is untouched
    assert Payment.objects.filter(instalment=instalment).count() == 2
    instalment.refresh_from_db()
    assert instalment.state == InstalmentState.SCHEDULED and payment_of(instalment) is None
    entry = AuditEntry.objects.filter(object_id=str(entitlement.pk), reason__contains="冲正").get()
    assert "凭证号登记错误" in entry.reason
    # The correct payment can now be registered, and it is the one in force.
    again = _pay(office, instalment, voucher="PZ002")
    assert again.attempt == 2 and payment_of(instalment) == again
    instalment.refresh_from_db()
    assert instalment.state == InstalmentState.PAID


def test_totals_and_lists_read_the_net(office, entitlement):
    instalment = entitlement.instalments.get(sequence=1)
    payment = _pay(office, instalment)
    assert totals(office).paid == Decimal("30000.00")
    reverse_payment(by=office, payment=payment, reason="重复登记")
    assert totals(office).paid == Decimal("0.00")
    assert sum(r.paid for r in money_by_year(office)) == Decimal("0.00")
    listed = entitlements_for_list(Entitlement.objects.filter(pk=entitlement.pk)).get()
    assert listed.paid_total == Decimal("0.00")
    _pay(office, instalment, voucher="PZ002")
    assert totals(office).paid == Decimal("30000.00")


def test_a_completed_entitlement_is_active_again(office, entitlement):
    payments = [_pay(office, i, voucher=f"PZ{i.sequence}") for i in entitlement.instalments.all()]
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.COMPLETED
    reverse_payment(by=office, payment=payments[-1], reason="金额发放至错误账户")
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.ACTIVE


def test_a_reversal_cannot_be_reversed_nor_a_payment_twice(office, entitlement):
    payment = _pay(office, entitlement.instalments.get(sequence=1))
    reversal = reverse_payment(by=office, payment=payment, reason="登记错误")
    with pytest.raises(ValidationError, match="冲正记录，不能再冲正"):
        reverse_payment(by=office, payment=reversal, reason="撤销冲正")
    with pytest.raises(ValidationError, match="已冲正"):
        reverse_payment(by=office, payment=payment, reason="再次冲正")
    with pytest.raises(ValidationError):
        reverse_payment(by=office, payment=_pay(office, entitlement.instalments.get(sequence=2)), reason=" ")
    assert Payment.objects.filter(reverses__isnull=False).count() == 1


def test_only_the_office_reverses(office, entitlement, unit_staff, county_staff):
    payment = _pay(office, entitlement.instalments.get(sequence=1))
    talent_user = factories.talent_user(entitlement.talent)
    for user in (unit_staff, county_staff, talent_user):
        with pytest.raises(PermissionDenied):
            reverse_payment(by=user, payment=payment, reason="登记错误")
    assert not Payment.objects.filter(reverses__isnull=False).exists()


def test_the_register_page_reverses_with_a_confirmation(client, office, entitlement, unit_staff):
    instalment = entitlement.instalments.get(sequence=1)
    payment = _pay(office, instalment)
    url = f"/support/payments/{payment.pk}/reverse/"
    client.force_login(office)
    page = client.get("/support/payments/?state=paid").content.decode()
    assert 'data-testid="reverse-payment"' in page and url in page
    client.post(url, {"reason": "登记错误"})  # no confirmation: nothing happens
    assert not Payment.objects.filter(reverses=payment).exists()
    row = client.post(url, {"reason": "登记错误", "confirm": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert Payment.objects.filter(reverses=payment).exists()
    assert 'data-testid="reversed-payment"' in row and "登记错误" in row
    assert 'name="voucher"' in row  # the instalment can be paid again
    client.force_login(unit_staff)
    assert client.post(url, {"reason": "x", "confirm": "1"}).status_code == 403


def test_the_api_reverses_for_the_office_only(client, office, entitlement, unit_staff):
    payment = _pay(office, entitlement.instalments.get(sequence=1))
    url = f"/api/v1/support/payments/{payment.pk}/reversal"
    client.force_login(unit_staff)
    assert client.post(url, {"reason": "错"}, content_type="application/json").status_code == 403
    client.force_login(office)
    response = client.post(url, {"reason": "凭证错误"}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] in ("-30000.00", -30000.0, "-30000")
    assert response.json()["reverses_id"] == payment.pk
    again = client.post(
        f"/api/v1/support/payments/{response.json()['id']}/reversal", {"reason": "x"}, content_type="application/json"
    )
    assert again.status_code == 422
