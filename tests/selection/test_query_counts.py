"""The selection list pages cost the same number of queries for 3 rows as for 20 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.selection.factories import ExpertFactory, NominationFactory, RoundFactory, chain, field


def _rounds(n):
    for _ in range(n):
        round = RoundFactory()
        NominationFactory(round=round)


def _nominations(n):
    round = RoundFactory()
    for _ in range(n):
        NominationFactory(round=round)


def _experts(n):
    for i in range(n):
        ExpertFactory(fields=[field(f"Q{i % 3}")], chains=[chain(f"T-Q{i % 2}")])


PAGES = [("/selection/", _rounds), ("/selection/nominations/", _nominations), ("/selection/experts/", _experts)]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize(("url", "make"), PAGES)
def test_selection_lists_do_not_grow_with_rows(client, office, url, make):
    client.force_login(office)
    make(3)
    few, _ = _queries(client, url)
    make(17)
    many, html = _queries(client, url)
    assert many == few
    assert html.count(b"<tr") >= 20
