"""Introduction lists cost the same number of queries for 3 rows as for 20."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.introductions.factories import ChannelFactory, FlexibleIntroductionFactory, IntroductionFactory, work

URLS = ["/introductions/", "/api/v1/introductions", "/introductions/at-risk/"]


def _make(count: int) -> None:
    channel = ChannelFactory()
    for i in range(count):
        unit = factories.UnitFactory()
        if i % 2:
            IntroductionFactory(unit=unit, channel=channel)
        else:
            flexible = FlexibleIntroductionFactory(unit=unit)
            work(flexible, datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", URLS)
def test_list_queries_do_not_grow_with_rows(client, office, url):
    client.force_login(office)
    _make(3)
    few = _queries(client, url)
    _make(17)
    assert _queries(client, url) == few
    # The lists really had rows: the 2 + 9 flexible talents made here are short of days this year.
    from django.utils import timezone

    from yingcai.introductions.domain.compliance import at_risk
    from yingcai.introductions.models import Introduction

    if timezone.localdate().year == 2026:
        assert len(at_risk(Introduction.objects.all(), today=timezone.localdate())) == 11
