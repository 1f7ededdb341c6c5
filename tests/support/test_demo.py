"""The demo seeds support for the certified talents through the domain: granted, mostly confirmed,
decided and paid (never before the due date, never twice, never in the future), one talent gone with
the later instalments stopped; a second run adds nothing."""

import datetime
import random

from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item, school_item
from yingcai.support import demo
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment, Payment

TODAY = datetime.date(2026, 11, 25)


def _snapshot():
    return (
        Entitlement.objects.count(),
        Payment.objects.count(),
        DecisionTask.objects.count(),
        DecisionTask.objects.filter(state=TaskState.DONE).count(),
        Entitlement.objects.filter(confirmed_at__isnull=False).count(),
        Instalment.objects.filter(state=InstalmentState.STOPPED).count(),
    )


def test_seed_grants_confirms_decides_and_pays_once(office, unit, unit_staff):
    SupportItemFactory(instalments=3)
    bank_item()
    school_item()
    certifications = [
        CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15) + datetime.timedelta(days=60 * i))
        for i in range(8)
    ]
    made = demo.seed(rng=random.Random(4), today=TODAY)
    assert made == Entitlement.objects.count() == 24
    payments = list(Payment.objects.select_related("instalment"))
    assert payments
    for payment in payments:
        assert payment.amount == payment.instalment.amount
        assert payment.instalment.due_on <= payment.paid_on < TODAY
        assert payment.instalment.state == InstalmentState.PAID
    assert len({p.instalment_id for p in payments}) == len(payments)  # nothing paid twice
    # most money due so far was paid (the unit confirmed the bank details of most talents)
    payable = Instalment.objects.filter(due_on__lt=TODAY - datetime.timedelta(days=60)).exclude(
        state=InstalmentState.STOPPED
    )
    assert payable.filter(state=InstalmentState.PAID).count() * 2 > payable.count()
    confirmed = Entitlement.objects.filter(confirmed_at__isnull=False)
    assert confirmed.exists()
    assert all(e.confirmed_at.date() < TODAY and e.confirmed_by == unit_staff for e in confirmed)
    done = DecisionTask.objects.filter(state=TaskState.DONE, decided_by=office)
    assert done.exists() and all(t.decided_at.date() <= t.due_on for t in done)

    # the first certified talent left the city a little over a year after: later instalments stopped
    leaver = certifications[0]
    assert set(leaver.entitlements.values_list("state", flat=True)) == {EntitlementState.STOPPED}
    stopped_on = leaver.entitlements.first().stopped_on
    assert stopped_on == datetime.date(2025, 2, 15)
    money = leaver.entitlements.get(item__confirm_fields=[])
    instalments = list(money.instalments.order_by("sequence"))
    assert [i.due_on <= stopped_on for i in instalments] == [True, True, False]
    assert [i.state == InstalmentState.STOPPED for i in instalments] == [False, False, True]
    assert not Entitlement.objects.exclude(certification=leaver).filter(state=EntitlementState.STOPPED).exists()

    before = _snapshot()
    assert demo.seed(rng=random.Random(5), today=TODAY) == 0
    assert _snapshot() == before


def test_without_a_login_of_the_unit_nothing_is_confirmed(office, unit):
    bank_item()
    CertificationFactory(unit=unit, certified_on=datetime.date(2026, 6, 2))  # too recent to have left
    assert demo.seed(rng=random.Random(4), today=TODAY) == 1
    assert Entitlement.objects.get().state == EntitlementState.AWAITING_CONFIRMATION
    assert not Payment.objects.exists()
