"""The support lists cost the same number of queries for 3 rows as for 20."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory, school_item
from yingcai.support.domain.entitlements import grant_entitlements
from yingcai.support.domain.payments import record_payment
from yingcai.support.models import Entitlement

URLS = [
    "/support/",
    "/support/payments/?state=",
    "/support/tasks/?status=",
    "/api/v1/support/entitlements",
    "/api/v1/support/instalments",
    "/api/v1/support/tasks",
]


@pytest.fixture
def items(db):
    bureau = factories.DepartmentFactory()
    # One instalment per money item, so the rows of every list grow one by one.
    return [SupportItemFactory(instalments=1), school_item(office=bureau, confirm_fields=[])]


def _make(office, count: int) -> None:
    for i in range(count):
        certification = CertificationFactory(
            unit=factories.UnitFactory(county=factories.JurisdictionFactory()),
            certified_on=datetime.date(2024, 1, 15) + datetime.timedelta(days=i),
        )
        for entitlement in grant_entitlements(by=office, certification=certification):
            instalment = entitlement.instalments.first()
            if instalment is not None and i % 2:
                record_payment(
                    by=office, instalment=instalment, amount=instalment.amount, paid_on=instalment.due_on, voucher="P"
                )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", URLS)
def test_list_queries_do_not_grow_with_rows(client, office, items, url):
    client.force_login(office)
    _make(office, 3)
    few = _queries(client, url)
    _make(office, 17)
    assert _queries(client, url) == few
    assert Entitlement.objects.count() == 40


def test_the_talent_page_does_not_grow_with_entitlements(client, office, items, unit, talent):
    client.force_login(office)
    certification = CertificationFactory(unit=unit, talent=talent)
    grant_entitlements(by=office, certification=certification)
    url = f"/support/talents/{talent.pk}/"
    few = _queries(client, url)
    for _ in range(5):
        SupportItemFactory()
    grant_entitlements(by=office, certification=certification)
    assert _queries(client, url) == few
