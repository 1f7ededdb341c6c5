"""The remaining list pages cost the same number of queries for 3 rows as for 20 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.introductions.factories import ChannelFactory, IntroductionFactory
from tests.policylib.factories import PolicyFactory
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.notifications.domain import notify


def _channels(office, n):
    for _ in range(n):
        channel = ChannelFactory(county=factories.JurisdictionFactory())
        IntroductionFactory(channel=channel)


def _policies(office, n):
    for _ in range(n):
        PolicyFactory(region=factories.JurisdictionFactory(), created_by=office)


def _notifications(office, n):
    for i in range(n):
        notify(users=[office], title=f"提醒{i}", url="/introductions/")


def _audit(office, n):
    for _ in range(n):
        record(actor=office, action=AuditAction.UPDATE, target=factories.UnitFactory(), changes={"name": ["a", "b"]})


PAGES = [
    ("/introductions/channels/", _channels),
    ("/policies/", _policies),
    ("/notifications/", _notifications),
    ("/audit/", _audit),
]


def _queries(client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize(("url", "make"), PAGES)
def test_list_queries_do_not_grow_with_rows(client, office, url, make):
    client.force_login(office)
    make(office, 3)
    few, _ = _queries(client, url)
    make(office, 17)
    many, html = _queries(client, url)
    assert many == few
    assert html.count(b"<tr") >= 20  # the page really listed the rows (header + 20 per page)
