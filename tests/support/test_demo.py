"""The demo seeds support for the certified talents through the domain, and adds nothing twice."""

import datetime
import random

from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item, school_item
from yingcai.support import demo
from yingcai.support.models import Entitlement, Payment


def test_seed_grants_confirms_and_pays(office, unit):
    SupportItemFactory(instalments=2)
    bank_item()
    school_item(confirm_fields=[])
    for i in range(6):
        CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15) + datetime.timedelta(days=i))
    made = demo.seed(rng=random.Random(4), today=datetime.date(2026, 11, 25))
    assert made == Entitlement.objects.count() == 18
    assert Payment.objects.exists()
    assert all(p.amount == p.instalment.amount for p in Payment.objects.select_related("instalment"))
    assert demo.seed(rng=random.Random(4), today=datetime.date(2026, 11, 25)) == 0
