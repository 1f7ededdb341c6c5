"""Certification lists cost the same number of queries for 3 rows as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.certification.factories import CertificationFactory, eligible_introduction
from yingcai.certification.enums import CertificationState

URLS = ["/certification/", "/api/v1/certification", "/certification/publicity/", "/certification/statistics/"]


def _make(count: int) -> None:
    states = [CertificationState.SUBMITTED, CertificationState.OFFICE_APPROVED, CertificationState.DRAFT]
    for i in range(count):
        CertificationFactory(introduction=eligible_introduction(factories.UnitFactory()), state=states[i % 3])


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("url", URLS)
def test_list_queries_do_not_grow_with_rows(client, office, url):
    client.force_login(office)
    _make(3)
    few, _ = _queries(client, url)
    _make(17)
    many, html = _queries(client, url)
    assert many == few
    if url == "/certification/":
        assert html.count('href="/certification/') >= 20  # the page really listed the rows
