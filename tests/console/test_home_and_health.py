"""The health probe and the home page, whose counts cover only what the user may see."""

import json
import re

import pytest
from django.urls import reverse

from tests import factories


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_healthz_needs_no_login_and_is_get_only(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def card(html: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}">([\d,]+)<', html)
    assert match, f"no {testid} on the page"
    return int(match.group(1).replace(",", ""))


def chart(html: str, name: str) -> dict:
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no {name} chart data"
    return json.loads(match.group(1))


@pytest.fixture
def spread(unit, other_unit, county):
    """2 talents at `unit`, 5 at `other_unit` (another county), 1 more unit in `county` with 1 talent."""
    for _ in range(2):
        factories.TalentFactory(unit=unit)
    for _ in range(5):
        factories.TalentFactory(unit=other_unit)
    neighbour = factories.UnitFactory(county=county)
    factories.TalentFactory(unit=neighbour)
    return neighbour


def test_unit_staff_home_counts_only_own_unit(client, unit_staff, spread, other_county):
    client.force_login(unit_staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert card(html, "talent-count") == 2
    assert card(html, "unit-count") == 1
    assert other_county.name not in chart(html, "talents-by-county")["labels"]
    assert sum(chart(html, "talents-by-county")["values"]) == 2


def test_county_staff_home_counts_its_jurisdiction(client, county_staff, spread, county, other_county):
    client.force_login(county_staff)
    html = client.get(reverse("home")).content.decode()
    assert card(html, "talent-count") == 3
    assert card(html, "unit-count") == 2
    by_county = chart(html, "talents-by-county")
    assert by_county["labels"] == [county.name]
    assert by_county["values"] == [3]


def test_office_home_counts_everything(client, office, spread):
    client.force_login(office)
    html = client.get(reverse("home")).content.decode()
    assert card(html, "talent-count") == 8
    assert card(html, "unit-count") == 3


def test_talent_left_unit_is_no_longer_counted_by_it(client, unit_staff, unit, spread):
    leaver = unit.affiliations.first()
    leaver.end_date = "2025-12-31"
    leaver.save()
    client.force_login(unit_staff)
    assert card(client.get(reverse("home")).content.decode(), "talent-count") == 1


def test_talent_home_is_their_workspace(client, talent_self, talent):
    """The talent's home is 我的档案 (tests/console/test_talent_home.py), linking their full record."""
    client.force_login(talent_self)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and response.context["talent"] == talent
    assert client.get(reverse("registry:talent-detail", args=[talent.pk])).status_code == 200


def test_expert_sees_home_without_registry_counts(client, expert, spread):
    client.force_login(expert)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="talent-count"' not in html
    assert 'data-testid="unit-count"' not in html
    assert "我的评审" in html
    assert reverse("registry:talent-list") not in html


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith("/login/")
