"""Registering a departure from the city on the introduction stops future support (第十三条)."""

import datetime
from decimal import Decimal

import pytest

from tests.introductions.factories import IntroductionFactory
from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.introductions.domain.declarations import record_departure
from yingcai.support.enums import EntitlementState, InstalmentState


@pytest.fixture
def introduction(unit, talent):
    return IntroductionFactory(unit=unit, talent=talent, introduced_on=datetime.date(2024, 1, 2))


@pytest.fixture
def entitlement(office, unit, talent, introduction):
    certification = CertificationFactory(
        unit=unit, talent=talent, introduction=introduction, certified_on=datetime.date(2024, 1, 15)
    )
    return granted(office, certification, SupportItemFactory(amount=Decimal("90000"), instalments=3))


def test_leaving_the_city_stops_later_instalments(unit_staff, introduction, entitlement):
    record_departure(
        by=unit_staff, introduction=introduction, left_on=datetime.date(2025, 6, 30), reason="调往外省", left_city=True
    )
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.STOPPED
    assert entitlement.stopped_on == datetime.date(2025, 6, 30)
    assert list(entitlement.instalments.values_list("state", flat=True)) == [
        InstalmentState.SCHEDULED,
        InstalmentState.SCHEDULED,
        InstalmentState.STOPPED,
    ]
    introduction.refresh_from_db()
    assert introduction.ended_on == datetime.date(2025, 6, 30)


def test_leaving_only_the_unit_keeps_the_support(unit_staff, introduction, entitlement):
    record_departure(
        by=unit_staff, introduction=introduction, left_on=datetime.date(2025, 6, 30), reason="转往市内其他单位"
    )
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.ACTIVE


def test_the_departure_page_has_the_checkbox_and_stops_support(client, unit_staff, introduction, entitlement):
    client.force_login(unit_staff)
    url = f"/introductions/{introduction.pk}/departure/"
    page = client.get(url)
    assert "离开本市（停止后续待遇发放）" in page.content.decode()
    response = client.post(url, {"left_on": "2025-06-30", "reason": "调往外省", "left_city": "on"})
    assert response.status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.STOPPED
