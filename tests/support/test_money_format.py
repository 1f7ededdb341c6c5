"""Money is written one way everywhere on the support pages and in their messages:
1,234,567.00元 (yingcai.core.money); exports and the API keep numbers as numbers."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.template import Context, Template

from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.core.money import format_amount, format_yuan
from yingcai.notifications.models import Notification
from yingcai.support.domain.payments import record_payment


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234567"), "1,234,567.00元"),
        (Decimal("0.5"), "0.50元"),
        (Decimal("-30000"), "-30,000.00元"),
        (33333.333, "33,333.33元"),
        (None, "—"),
    ],
)
def test_one_format(value, text):
    assert format_yuan(value) == text
    assert Template("{% load money %}{{ v|yuan }}").render(Context({"v": value})) == text


def test_the_bare_amount_for_columns_headed_in_yuan():
    assert format_amount(Decimal("1234567.5")) == "1,234,567.50"
    assert Template("{% load money %}{{ v|amount }}").render(Context({"v": Decimal("100000")})) == "100,000.00"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 6, 10, 10, 0), tick=False)
def test_the_pages_and_messages_use_it(client, office, unit, talent_self):
    certification = CertificationFactory(unit=unit, talent=talent_self.talent, certified_on=datetime.date(2024, 1, 15))
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("1200000"), instalments=3))
    instalment = entitlement.instalments.get(sequence=1)
    record_payment(by=office, instalment=instalment, amount=instalment.amount, paid_on=instalment.due_on, voucher="PZ1")
    body = Notification.objects.filter(title__contains="已发放").latest("pk").body
    assert "400,000.00元" in body
    client.force_login(office)
    page = client.get(f"/support/talents/{entitlement.talent_id}/").content.decode()
    assert "1,200,000.00元，分3期发放" in page and "400,000.00元" in page and "已发放 400,000.00元" in page
    totals = client.get("/support/totals/").content.decode()
    assert "400,000.00" in totals
    register = client.get("/support/payments/?state=paid").content.decode()
    assert "400,000.00元" in register
    # The API keeps numbers as numbers.
    listed = client.get(f"/api/v1/support/instalments?talent_id={entitlement.talent_id}").json()["items"]
    assert {str(i["amount"]) for i in listed} <= {"400000.00", "400000.0", "400000"}
