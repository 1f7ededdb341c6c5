"""A payment can never be doubled or exceed the entitlement."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.db.models import Sum

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item, school_item
from tests.support.helpers import BANK, granted
from yingcai.certification.enums import CertificationState
from yingcai.support.domain.entitlements import confirm, stop_entitlements
from yingcai.support.domain.payments import record_payment
from yingcai.support.enums import EntitlementState, InstalmentState
from yingcai.support.models import Instalment, Payment

PAID_ON = datetime.date(2025, 3, 10)


@pytest.fixture
def entitlement(office, certification):
    return granted(office, certification, SupportItemFactory(amount=Decimal("100000"), instalments=3))


@pytest.fixture
def past_entitlement(office, unit):
    """Certified 15 Jan 2024: instalments due 2024-01-15, 2025-01-15, 2026-01-15, all past."""
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    return granted(office, certification, SupportItemFactory(amount=Decimal("100000"), instalments=3))


def first(entitlement) -> Instalment:
    return entitlement.instalments.get(sequence=1)


def pay(office, instalment, amount=None, paid_on=PAID_ON, voucher="PZ001"):
    return record_payment(
        by=office,
        instalment=instalment,
        amount=instalment.amount if amount is None else amount,
        paid_on=paid_on,
        voucher=voucher,
    )


def test_a_payment_marks_the_instalment_paid(office, entitlement):
    payment = pay(office, first(entitlement))
    assert (payment.amount, payment.paid_by) == (Decimal("33333.33"), office)
    assert first(entitlement).state == InstalmentState.PAID


def test_paying_every_instalment_completes_the_entitlement(office, unit):
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("100000"), instalments=3))
    for instalment in entitlement.instalments.all():  # due 2024-01-15, 2025-01-15, 2026-01-15
        pay(office, instalment, paid_on=instalment.due_on)
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.COMPLETED
    assert Payment.objects.aggregate(s=Sum("amount"))["s"] == Decimal("100000.00")


def test_a_second_payment_of_an_instalment_is_refused(office, entitlement):
    pay(office, first(entitlement))
    with pytest.raises(ValidationError, match="该期已发放，不能重复发放"):
        pay(office, first(entitlement), voucher="PZ002")
    assert Payment.objects.count() == 1


def test_the_database_refuses_a_second_payment_even_past_the_state_check(office, entitlement):
    """If the lock and the state check were bypassed, the one-to-one still holds."""
    instalment = first(entitlement)
    pay(office, instalment)
    Instalment.objects.filter(pk=instalment.pk).update(state=InstalmentState.SCHEDULED)
    with pytest.raises(ValidationError, match="该期已发放，不能重复发放"):
        pay(office, instalment, voucher="PZ002")
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("amount", ["33333.34", "33333.32", "100000", "0", "-1"])
def test_the_amount_must_be_the_instalments(office, entitlement, amount):
    with pytest.raises(ValidationError) as error:
        pay(office, first(entitlement), amount=Decimal(amount))
    assert "不能多发" in error.value.message_dict["amount"][0]
    assert not Payment.objects.exists()


def test_the_sum_of_payments_never_exceeds_the_entitlement(office, past_entitlement):
    """Even if an instalment were changed behind the schedule's back, the total holds."""
    entitlement = past_entitlement
    instalments = list(entitlement.instalments.all())
    pay(office, instalments[0], paid_on=instalments[0].due_on)
    pay(office, instalments[1], paid_on=instalments[1].due_on)
    Instalment.objects.filter(pk=instalments[2].pk).update(amount=Decimal("33333.35"))
    instalments[2].refresh_from_db()
    with pytest.raises(ValidationError) as error:
        pay(office, instalments[2], paid_on=instalments[2].due_on)
    assert "超过该待遇总额100,000.00元" in error.value.message_dict["amount"][0]
    assert Payment.objects.aggregate(s=Sum("amount"))["s"] == Decimal("66666.66")


def test_no_payment_before_the_due_date_nor_in_the_future(office, entitlement):
    second = entitlement.instalments.get(sequence=2)  # due 2026-03-03
    with pytest.raises(ValidationError) as error:
        pay(office, second, paid_on=datetime.date(2026, 3, 2))
    assert "不能提前发放" in error.value.message_dict["paid_on"][0]
    pay(office, second, paid_on=datetime.date(2026, 3, 3))  # on the due date: fine
    third = entitlement.instalments.get(sequence=3)
    with pytest.raises(ValidationError) as error:
        pay(office, third, paid_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "不能晚于今天" in error.value.message_dict["paid_on"][0]


def test_a_voucher_is_required(office, entitlement):
    with pytest.raises(ValidationError) as error:
        pay(office, first(entitlement), voucher="  ")
    assert "voucher" in error.value.message_dict


def test_unconfirmed_or_undecided_entitlements_are_not_paid(office, certification, talent_self, bureau_staff):
    bank = granted(office, certification, bank_item())
    with pytest.raises(ValidationError, match="确认收款信息"):
        pay(office, first(bank))
    confirm(by=talent_self, entitlement=bank, data=BANK)
    pay(office, first(bank))
    housing = granted(
        office,
        certification,
        school_item(office=bureau_staff.jurisdiction, amount=Decimal("5000"), confirm_fields=[], name="安家费"),
    )
    with pytest.raises(ValidationError, match="承办部门办结"):
        pay(office, first(housing))


def test_only_the_office_pays(entitlement, unit_staff, county_staff, talent_self):
    for user in (unit_staff, county_staff, talent_self, factories.expert_user()):
        with pytest.raises(PermissionDenied):
            pay(user, first(entitlement))


def test_stopped_instalments_are_not_paid_but_earlier_arrears_are(office, past_entitlement):
    entitlement = past_entitlement
    stop_entitlements(by=office, talent=entitlement.talent, on=datetime.date(2025, 6, 30), reason="离开本市")
    third = entitlement.instalments.get(sequence=3)
    with pytest.raises(ValidationError, match="已停止发放"):
        pay(office, third, paid_on=third.due_on)
    second = entitlement.instalments.get(sequence=2)  # due 2025-01-15, before leaving: earned
    pay(office, second, paid_on=datetime.date(2025, 7, 15))
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.STOPPED


def test_a_revoked_certification_is_not_paid(office, entitlement):
    certification = entitlement.certification
    certification.state = CertificationState.REVOKED
    certification.save()
    with pytest.raises(ValidationError, match="已撤销"):
        pay(office, first(entitlement))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL")
def test_two_clerks_paying_the_same_instalment_at_once():
    office = factories.office_user()
    other_clerk = factories.office_user()
    item = SupportItemFactory(amount=Decimal("100000"), instalments=3)
    entitlement = granted(office, CertificationFactory(), item)
    instalment = first(entitlement)
    barrier = threading.Barrier(2)
    outcomes: list = []

    def clerk(user, voucher):
        try:
            barrier.wait()
            outcomes.append(pay(user, Instalment.objects.get(pk=instalment.pk), voucher=voucher))
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=(u, v)) for u, v in ((office, "PZ-A"), (other_clerk, "PZ-B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    payments = [o for o in outcomes if isinstance(o, Payment)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(payments) == 1 and len(refusals) == 1
    assert refusals[0].messages == ["该期已发放，不能重复发放。"]
    assert Payment.objects.filter(instalment=instalment).count() == 1
    assert Instalment.objects.get(pk=instalment.pk).state == InstalmentState.PAID
