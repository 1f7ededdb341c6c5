"""Money promised against paid, by year, kind, county and tier (hand-checked numbers)."""

import datetime
from decimal import Decimal

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.policy.enums import SupportKind
from yingcai.support.domain.entitlements import stop_entitlements
from yingcai.support.domain.payments import record_payment
from yingcai.support.domain.queries import totals


def rows(money_rows):
    return [(r.label, r.promised, r.paid) for r in money_rows]


def test_promised_against_paid(office, unit, other_unit, county, other_county):
    award = SupportItemFactory(kind=SupportKind.AWARD, amount=Decimal("90000"), instalments=3)
    SupportItemFactory(kind=SupportKind.HOUSING, amount=Decimal("10000"), instalments=1)
    here = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    there = CertificationFactory(unit=other_unit, certified_on=datetime.date(2025, 2, 1))
    a = granted(office, here, award)  # 30 000 in 2024, 2025, 2026; housing 10 000 in 2024
    b = granted(office, there, award)  # 30 000 in 2025, 2026, 2027; housing 10 000 in 2025
    first = a.instalments.get(sequence=1)
    record_payment(by=office, instalment=first, amount=first.amount, paid_on=datetime.date(2024, 2, 1), voucher="P1")
    first_b = b.instalments.get(sequence=1)
    record_payment(
        by=office, instalment=first_b, amount=first_b.amount, paid_on=datetime.date(2025, 2, 1), voucher="P2"
    )
    # b's talent leaves on 2026-01-31: 2026 and 2027 instalments are no longer promised.
    stop_entitlements(by=office, talent=b.talent, on=datetime.date(2026, 1, 31), reason="离开本市")

    result = totals(office)
    assert rows(result.by_year) == [
        ("2024", Decimal("40000.00"), Decimal("30000.00")),
        ("2025", Decimal("70000.00"), Decimal("30000.00")),
        ("2026", Decimal("30000.00"), Decimal("0.00")),
    ]
    assert (result.promised, result.paid) == (Decimal("140000.00"), Decimal("60000.00"))
    assert rows(result.by_kind) == [
        ("住房保障", Decimal("20000.00"), Decimal("0.00")),
        ("奖励补贴", Decimal("120000.00"), Decimal("60000.00")),
    ]
    assert rows(result.by_county) == sorted(
        [
            (county.name, Decimal("100000.00"), Decimal("30000.00")),
            (other_county.name, Decimal("40000.00"), Decimal("30000.00")),
        ]
    )
    assert rows(result.by_tier) == [("T类", Decimal("140000.00"), Decimal("60000.00"))]

    # A county sees its own units only; a unit-less user nothing.
    mine = totals(factories.jurisdiction_user(county))
    assert (mine.promised, mine.paid) == (Decimal("100000.00"), Decimal("30000.00"))
    assert totals(factories.expert_user()).by_year == []
