"""The home page's 第三条 / 第十三条 figures: counted in the viewer's scope, money in 元 as on 资金统计."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.selection.factories import NominationFactory
from tests.support.factories import CertificationFactory, bank_item
from tests.support.helpers import BANK, granted
from yingcai.selection.enums import NominationOutcome
from yingcai.support.domain.entitlements import confirm
from yingcai.support.domain.payments import record_payment

pytestmark = pytest.mark.django_db


def figure(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1)


def test_office_and_county_see_their_own_figures_and_experts_none(
    client, office, county_staff, unit, talent, talent_self, other_unit, expert
):
    NominationFactory(unit=unit, outcome=NominationOutcome.SELECTED)
    NominationFactory(unit=other_unit, outcome=NominationOutcome.SELECTED)
    NominationFactory(unit=unit, outcome=NominationOutcome.NOT_SHORTLISTED)
    today = datetime.date.today()
    mine = CertificationFactory(
        unit=unit, talent=talent, certified_on=today, valid_until=today.replace(year=today.year + 3)
    )
    CertificationFactory(unit=other_unit, certified_on=today, valid_until=today.replace(year=today.year + 3))
    entitlement = granted(office, mine, bank_item(amount=300000, instalments=3))
    confirm(by=talent_self, entitlement=entitlement, data=BANK)
    first = entitlement.instalments.order_by("sequence").first()
    record_payment(by=office, instalment=first, amount=first.amount, paid_on=first.due_on, voucher="PZ-1")

    client.force_login(office)
    html = client.get(reverse("home")).content.decode()
    assert figure(html, "selected-count") == "2"
    assert figure(html, "certified-count") == "2"
    assert figure(html, "paid-total") == "100,000.00"  # in 元, as on 资金统计

    client.force_login(county_staff)  # the conftest unit's county only; selection is not theirs to list
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="selected-count"' not in html
    assert figure(html, "certified-count") == "1"

    client.force_login(expert)
    assert 'data-testid="certified-count"' not in client.get(reverse("home")).content.decode()
