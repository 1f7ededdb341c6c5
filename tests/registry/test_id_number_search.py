"""Finding talents by ID number: only for those who may see the numbers, and always audited.

A county or department sees masked numbers and birth years only; if it could search by a whole
number it would confirm a guessed one. Every place that matches a whole number goes through
`talents_with_id_number`; the searches refuse the number, in Chinese, to those who may not.
"""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.domain.queries import search_talents, talents_with_id_number, talents_with_id_numbers
from yingcai.registry.models import Talent

REFUSAL = "您无权按公民身份号码查询人才"


@pytest.fixture
def pair(unit):
    """Two talents at the same unit (in the county), born on days that are easy to spot."""
    first = factories.TalentFactory(
        unit=unit, name="欧阳甲", id_number=factories.demo.id_number(factories.rng, born=datetime.date(1986, 4, 17))
    )
    second = factories.TalentFactory(
        unit=unit, name="司马乙", id_number=factories.demo.id_number(factories.rng, born=datetime.date(1990, 9, 23))
    )
    return first, second


def _search_entries():
    return AuditEntry.objects.filter(action=AuditAction.SEARCH_ID_NUMBER)


def _audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.values("changes", "reason")), ensure_ascii=False, default=str)


def test_one_function_matches_a_number_or_several(pair):
    first, second = pair
    assert list(talents_with_id_number(Talent.objects.all(), first.id_number.lower())) == [first]
    assert set(talents_with_id_numbers(Talent.objects.all(), [first.id_number, second.id_number])) == {first, second}
    assert not talents_with_id_number(Talent.objects.all(), first.id_number[:17]).exists()


# --- the talent list ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["whole", "partial"])
def test_county_cannot_search_the_talent_list_by_id_number(client, county_staff, pair, number):
    first, second = pair
    client.force_login(county_staff)
    text = first.id_number if number == "whole" else first.id_number[:10]
    html = client.get(reverse("registry:talent-list"), {"q": text}).content.decode()
    assert REFUSAL in html
    # The number is ignored: the list is the whole list, so it confirms nothing.
    assert first.name in html and second.name in html
    assert not _search_entries().exists()


def test_county_can_still_search_by_name(client, county_staff, pair):
    first, second = pair
    client.force_login(county_staff)
    html = client.get(reverse("registry:talent-list"), {"q": "欧阳"}).content.decode()
    assert first.name in html and second.name not in html and REFUSAL not in html


@pytest.mark.parametrize("role", ["office", "unit_staff"])
def test_an_id_number_search_is_audited_with_the_number_masked(login_as, role, pair):
    first, second = pair
    client, user = login_as(role)
    html = client.get(reverse("registry:talent-list"), {"q": first.id_number}).content.decode()
    assert first.name in html and second.name not in html
    entry = _search_entries().get()
    assert entry.actor == user
    assert entry.changes == {"id_number": mask_id_number(first.id_number), "found": 1}
    assert first.id_number not in _audit_text()


def test_a_name_search_is_not_an_id_number_search(client, office, pair):
    client.force_login(office)
    client.get(reverse("registry:talent-list"), {"q": "ouyang"})
    assert not _search_entries().exists()


def test_search_by_nobody_never_matches_a_number(pair):
    first, _ = pair
    assert not search_talents(Talent.objects.all(), first.id_number, by=None).exists()
    assert not _search_entries().exists()


# --- the API --------------------------------------------------------------------------------------


def test_api_refuses_an_id_number_search_to_the_county(county_staff, pair):
    first, _ = pair
    client = Client()
    client.force_login(county_staff)
    response = client.get("/api/v1/talents", {"q": first.id_number})
    assert response.status_code == 422
    assert REFUSAL in response.json()["detail"]["q"][0]
    assert not _search_entries().exists()


def test_api_id_number_search_by_the_office_is_audited(office, pair):
    first, _ = pair
    client = Client()
    client.force_login(office)
    response = client.get("/api/v1/talents", {"q": first.id_number})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [first.pk]
    assert _search_entries().get().actor == office


def test_api_talents_carry_the_birth_year_not_the_date(county_staff, pair):
    first, _ = pair
    client = Client()
    client.force_login(county_staff)
    item = client.get(f"/api/v1/talents/{first.pk}").json()
    assert "birth_date" not in item
    assert item["birth_year"] == 1986
    assert "04-17" not in json.dumps(item) and "0417" not in json.dumps(item)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["TalentOut"]["properties"]
    assert "birth_date" not in schema and "birth_year" in schema


# --- the calculator's talent picker and the other lists -----------------------------------------


def test_calculator_picker_refuses_an_id_number_to_the_county(client, county_staff, pair):
    first, _ = pair
    client.force_login(county_staff)
    html = client.get(reverse("policy:calculator-talents"), {"q": first.id_number}).content.decode()
    assert REFUSAL in html and first.name not in html
    assert not _search_entries().exists()


def test_calculator_picker_finds_by_number_for_the_office_and_audits(client, office, pair):
    first, _ = pair
    client.force_login(office)
    html = client.get(reverse("policy:calculator-talents"), {"q": first.id_number}).content.decode()
    assert first.name in html
    assert _search_entries().get().actor == office


def test_introductions_list_refuses_an_id_number_to_the_county(client, county_staff, pair):
    first, _ = pair
    client.force_login(county_staff)
    html = client.get(reverse("introductions:list"), {"q": first.id_number}).content.decode()
    assert REFUSAL in html
    assert not _search_entries().exists()


def test_an_export_filtered_by_id_number_logs_it_masked(client, office, pair):
    first, _ = pair
    client.force_login(office)
    client.post(f"{reverse('registry:talent-export')}?q={first.id_number}")
    export = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert mask_id_number(first.id_number) in export.changes["filters"]
    assert first.id_number not in _audit_text()


# --- no birth date beside a masked number --------------------------------------------------------


def test_county_pages_show_the_birth_year_not_the_date(client, county_staff, pair, office):
    first, _ = pair
    from yingcai.registry.domain.talents import update_talent

    # A change of number puts the birth date in the history shown on the detail page.
    update_talent(
        by=office,
        talent=first,
        data={"id_number": factories.demo.id_number(factories.rng, born=datetime.date(1986, 5, 19))},
        version=first.version,
        reason="更正",
    )
    client.force_login(county_staff)
    for url in (reverse("registry:talent-list"), reverse("registry:talent-detail", args=[first.pk])):
        html = client.get(url).content.decode()
        assert "1986" in html
        for date in ("1986-04-17", "1986-05-19", "19860417", "19860519"):
            assert date not in html, url


def test_sorting_by_birth_orders_by_year_only(client, county_staff, unit):
    born = [datetime.date(1980, 12, 1), datetime.date(1980, 1, 1)]
    made = [
        factories.TalentFactory(unit=unit, name=name, id_number=factories.demo.id_number(factories.rng, born=b))
        for name, b in zip(["甲一", "乙二"], born, strict=True)
    ]
    client.force_login(county_staff)
    html = client.get(reverse("registry:talent-list"), {"o": "birth"}).content.decode()
    # Same year: the order is the tie-break (creation), not the day of birth.
    assert html.index(made[0].name) < html.index(made[1].name)


@pytest.fixture
def login_as(client, request):
    def _login(role):
        user = request.getfixturevalue(role)
        client.force_login(user)
        return client, user

    return _login
