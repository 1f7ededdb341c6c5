"""The JSON API under /api/v1: the same scopes, masking and refusals as the pages."""

import datetime
import re

import pytest
from django.test import Client

from tests import factories
from yingcai.audit.models import AuditEntry
from yingcai.registry.domain.masking import mask_id_number, mask_phone
from yingcai.registry.domain.queries import talents_with_id_number
from yingcai.registry.models import Affiliation, Talent, Unit

STALE_MESSAGE = "该记录已被他人修改"


def valid_id_number() -> str:
    """A 公民身份号码 the validator accepts (born 1990 or later: see the stdnum birth-year bug)."""
    born = datetime.date(1990, 1, 1) + datetime.timedelta(days=factories.rng.randrange(0, 3000))
    return factories.demo.id_number(factories.rng, born=born)


@pytest.fixture
def api(db):
    """A client as ninja's django_auth sees it: session login, CSRF not enforced in tests."""
    client = Client(enforce_csrf_checks=False)

    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def checked_talent(unit):
    return factories.TalentFactory(unit=unit, id_number=valid_id_number(), name="欧阳接口")


@pytest.fixture
def checked_other_talent(other_unit):
    return factories.TalentFactory(unit=other_unit, id_number=valid_id_number(), name="司马接口")


# --- schema and authentication --------------------------------------------------------------------


def test_openapi_schema_lists_units_and_talents(client, office):
    client.force_login(office)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/units" in paths
    assert "/api/v1/talents" in paths
    assert "/api/v1/talents/{talent_id}/personal-data" in paths


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/units"),
        ("get", "/api/v1/talents"),
        ("get", "/api/v1/talents/1"),
        ("get", "/api/v1/talents/1/personal-data"),
        ("post", "/api/v1/units"),
        ("post", "/api/v1/talents"),
        ("patch", "/api/v1/talents/1"),
        ("delete", "/api/v1/talents/1"),
        ("get", "/api/v1/reference/chains"),
    ],
)
def test_unauthenticated_calls_are_401(db, client, method, url):
    response = getattr(client, method)(url, content_type="application/json")
    assert response.status_code == 401


def test_logged_in_call_is_200(api, office):
    assert api(office).get("/api/v1/units").status_code == 200


# --- listing: scope and masking ----------------------------------------------------------------------


def _names(response) -> set[str]:
    assert response.status_code == 200
    return {item["name"] for item in response.json()["items"]}


def test_unit_staff_list_talents_only_own_unit(api, unit_staff, checked_talent, checked_other_talent):
    client = api(unit_staff)
    assert _names(client.get("/api/v1/talents")) == {checked_talent.name}
    body = client.get("/api/v1/talents").json()
    assert body["count"] == 1


def test_county_staff_list_only_its_jurisdiction(
    api, county_staff, unit, other_unit, checked_talent, checked_other_talent
):
    client = api(county_staff)
    assert _names(client.get("/api/v1/talents")) == {checked_talent.name}
    assert _names(client.get("/api/v1/units")) == {unit.name}


def test_office_lists_everything(api, office, unit, other_unit, checked_talent, checked_other_talent):
    client = api(office)
    assert _names(client.get("/api/v1/talents")) == {checked_talent.name, checked_other_talent.name}
    assert _names(client.get("/api/v1/units")) == {unit.name, other_unit.name}


def test_unit_staff_list_units_only_own(api, unit_staff, unit, other_unit):
    assert _names(api(unit_staff).get("/api/v1/units")) == {unit.name}


@pytest.mark.parametrize("url", ["/api/v1/talents", "/api/v1/units"])
@pytest.mark.parametrize("role", ["talent_self", "expert"])
def test_talent_and_expert_may_not_list(api, request, role, url, talent):
    response = api(request.getfixturevalue(role)).get(url)
    assert response.status_code == 403


def test_list_masks_id_number_and_phone(api, unit_staff, checked_talent):
    response = api(unit_staff).get("/api/v1/talents")
    item = response.json()["items"][0]
    assert item["id_number_masked"] == mask_id_number(checked_talent.id_number)
    assert item["id_number_masked"] == f"{checked_talent.id_number[:4]}************{checked_talent.id_number[-2:]}"
    assert item["phone_masked"] == mask_phone(checked_talent.phone)
    assert "id_number" not in item
    assert "phone" not in item
    assert checked_talent.id_number not in response.content.decode()
    assert checked_talent.phone not in response.content.decode()


def test_list_filters_apply(api, office, unit, checked_talent):
    master = factories.TalentFactory(unit=unit, name="欧阳硕士", education="master")
    client = api(office)
    assert _names(client.get("/api/v1/talents", {"education": "master"})) == {master.name}
    assert _names(client.get("/api/v1/talents", {"q": "欧阳接口"})) == {checked_talent.name}


# --- single records -------------------------------------------------------------------------------------


def test_get_talent_of_own_unit_and_404_for_another_unit(api, unit_staff, checked_talent, checked_other_talent):
    client = api(unit_staff)
    own = client.get(f"/api/v1/talents/{checked_talent.pk}")
    assert own.status_code == 200
    assert own.json()["units"][0]["id"] == unit_staff.unit_id
    other = client.get(f"/api/v1/talents/{checked_other_talent.pk}")
    assert other.status_code == 404
    assert checked_other_talent.name not in other.content.decode()
    assert "管理范围" in other.json()["detail"]


def test_get_unit_of_another_unit_is_404(api, unit_staff, unit, other_unit):
    client = api(unit_staff)
    assert client.get(f"/api/v1/units/{unit.pk}").status_code == 200
    assert client.get(f"/api/v1/units/{other_unit.pk}").status_code == 404


def test_talent_user_gets_own_record_only(api, talent_self, talent, other_talent):
    client = api(talent_self)
    assert client.get(f"/api/v1/talents/{talent.pk}").status_code == 200
    assert client.get(f"/api/v1/talents/{other_talent.pk}").status_code == 404


# --- personal data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", "unit_staff", "talent_self"])
def test_personal_data_returns_clear_values_and_is_logged(api, request, role, talent):
    user = request.getfixturevalue(role)
    response = api(user).get(f"/api/v1/talents/{talent.pk}/personal-data")
    assert response.status_code == 200
    assert response.json() == {"id_number": talent.id_number, "phone": talent.phone}
    entry = AuditEntry.objects.get(action="view_personal")
    assert entry.actor == user
    assert entry.object_id == str(talent.pk)


def test_county_staff_may_see_talent_but_not_personal_data(api, county_staff, talent):
    client = api(county_staff)
    assert client.get(f"/api/v1/talents/{talent.pk}").status_code == 200
    response = client.get(f"/api/v1/talents/{talent.pk}/personal-data")
    assert response.status_code == 403
    assert talent.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="view_personal").exists()


@pytest.mark.parametrize("role", ["unit_staff", "county_staff", "expert"])
def test_personal_data_of_talent_out_of_scope_is_refused(api, request, role, other_talent):
    response = api(request.getfixturevalue(role)).get(f"/api/v1/talents/{other_talent.pk}/personal-data")
    assert response.status_code in (403, 404)
    assert other_talent.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="view_personal").exists()


def test_personal_data_of_other_unit_is_404_for_unit_staff(api, unit_staff, other_talent):
    assert api(unit_staff).get(f"/api/v1/talents/{other_talent.pk}/personal-data").status_code == 404


# --- creating -----------------------------------------------------------------------------------------


def _unit_payload(county, **overrides) -> dict:
    payload = {
        "name": "平顶山接口登记科技有限公司",
        "credit_code": factories.demo.credit_code(factories.rng),
        "kind": "enterprise",
        "county_id": county.pk,
    }
    payload.update(overrides)
    return payload


def test_office_creates_unit(api, office, county):
    payload = _unit_payload(county)
    response = api(office).post("/api/v1/units", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["credit_code"] == payload["credit_code"]
    assert Unit.objects.filter(pk=body["id"], county=county).exists()
    assert AuditEntry.objects.filter(action="create", object_id=str(body["id"])).exists()


def test_create_unit_with_invalid_credit_code_is_422_in_chinese(api, office, county):
    code = factories.demo.credit_code(factories.rng)
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = api(office).post(
        "/api/v1/units", _unit_payload(county, credit_code=bad), content_type="application/json"
    )
    assert response.status_code == 422
    messages = response.json()["detail"]["credit_code"]
    assert any("统一社会信用代码" in m for m in messages)
    assert not Unit.objects.filter(credit_code=bad).exists()


def test_create_unit_with_duplicate_credit_code_is_422(api, office, county, other_unit):
    response = api(office).post(
        "/api/v1/units", _unit_payload(county, credit_code=other_unit.credit_code), content_type="application/json"
    )
    assert response.status_code == 422
    assert "已登记" in response.json()["detail"]["credit_code"][0]


def test_county_staff_creates_units_only_in_own_county(api, county_staff, county, other_county):
    client = api(county_staff)
    outside = client.post("/api/v1/units", _unit_payload(other_county), content_type="application/json")
    assert outside.status_code == 422
    assert "county" in outside.json()["detail"]
    inside = client.post("/api/v1/units", _unit_payload(county), content_type="application/json")
    assert inside.status_code == 201
    assert inside.json()["county_id"] == county.pk
    assert not Unit.objects.filter(county=other_county).exists()


@pytest.mark.parametrize("role", ["unit_staff", "talent_self", "expert"])
def test_roles_without_add_unit_get_403(api, request, role, county):
    client = api(request.getfixturevalue(role))
    before = Unit.objects.count()
    response = client.post("/api/v1/units", _unit_payload(county), content_type="application/json")
    assert response.status_code == 403
    assert Unit.objects.count() == before


def _talent_payload(**overrides) -> dict:
    payload = {"name": "林接口", "id_number": valid_id_number(), "education": "doctorate", "phone": "13700137000"}
    payload.update(overrides)
    return payload


def test_unit_staff_creates_talent_at_own_unit(api, unit_staff, unit):
    payload = _talent_payload()
    response = api(unit_staff).post("/api/v1/talents", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["units"] == [{"id": unit.pk, "name": unit.name}]
    assert body["id_number_masked"] == mask_id_number(payload["id_number"])
    talent = Talent.objects.get(pk=body["id"])
    assert Affiliation.objects.filter(talent=talent, unit=unit, end_date__isnull=True).exists()


def test_create_talent_with_invalid_id_number_is_422(api, unit_staff):
    good = valid_id_number()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = api(unit_staff).post("/api/v1/talents", _talent_payload(id_number=bad), content_type="application/json")
    assert response.status_code == 422
    assert any("公民身份号码" in m for m in response.json()["detail"]["id_number"])
    assert not talents_with_id_number(Talent.objects.all(), bad).exists()


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_roles_without_add_talent_get_403(api, request, role):
    client = api(request.getfixturevalue(role))
    before = Talent.objects.count()
    response = client.post("/api/v1/talents", _talent_payload(), content_type="application/json")
    assert response.status_code == 403
    assert Talent.objects.count() == before


def test_office_cannot_place_talent_at_unknown_unit(api, office):
    response = api(office).post("/api/v1/talents", _talent_payload(unit_id=999999), content_type="application/json")
    assert response.status_code == 404


# --- updating -------------------------------------------------------------------------------------------


def test_patch_with_current_version_saves(api, unit_staff, checked_talent):
    response = api(unit_staff).patch(
        f"/api/v1/talents/{checked_talent.pk}",
        {"version": checked_talent.version, "specialty": "储能材料"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == checked_talent.version + 1
    checked_talent.refresh_from_db()
    assert checked_talent.specialty == "储能材料"


def test_patch_with_stale_version_is_422_and_does_not_overwrite(api, unit_staff, checked_talent):
    Talent.objects.filter(pk=checked_talent.pk).update(specialty="他人修改", version=checked_talent.version + 1)
    response = api(unit_staff).patch(
        f"/api/v1/talents/{checked_talent.pk}",
        {"version": checked_talent.version, "specialty": "我的修改"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert STALE_MESSAGE in response.json()["detail"]["__all__"][0]
    checked_talent.refresh_from_db()
    assert checked_talent.specialty == "他人修改"


def test_patch_unit_with_stale_version_is_422(api, county_staff, unit):
    Unit.objects.filter(pk=unit.pk).update(name="他人改过", version=unit.version + 1)
    response = api(county_staff).patch(
        f"/api/v1/units/{unit.pk}", {"version": unit.version, "name": "我改的"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert STALE_MESSAGE in response.json()["detail"]["__all__"][0]
    unit.refresh_from_db()
    assert unit.name == "他人改过"


def test_patch_other_units_talent_is_404(api, unit_staff, checked_other_talent):
    response = api(unit_staff).patch(
        f"/api/v1/talents/{checked_other_talent.pk}",
        {"version": checked_other_talent.version, "specialty": "越权"},
        content_type="application/json",
    )
    assert response.status_code == 404
    checked_other_talent.refresh_from_db()
    assert checked_other_talent.specialty != "越权"


def test_county_staff_may_not_patch_talent_in_its_jurisdiction(api, county_staff, checked_talent):
    response = api(county_staff).patch(
        f"/api/v1/talents/{checked_talent.pk}",
        {"version": checked_talent.version, "specialty": "越权"},
        content_type="application/json",
    )
    assert response.status_code == 403
    checked_talent.refresh_from_db()
    assert checked_talent.specialty != "越权"


def test_unit_staff_may_not_patch_own_units_credit_code(api, unit_staff, unit):
    original = unit.credit_code
    response = api(unit_staff).patch(
        f"/api/v1/units/{unit.pk}",
        {"version": unit.version, "credit_code": factories.demo.credit_code(factories.rng)},
        content_type="application/json",
    )
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.credit_code == original


# --- deleting -------------------------------------------------------------------------------------------


def test_delete_requires_a_reason(api, office, talent):
    client = api(office)
    response = client.delete(f"/api/v1/talents/{talent.pk}")
    assert response.status_code == 422
    assert "reason" in response.json()["detail"]
    assert Talent.objects.filter(pk=talent.pk).exists()

    response = client.delete(f"/api/v1/talents/{talent.pk}?reason=重复登记")
    assert response.status_code == 204
    assert not Talent.objects.filter(pk=talent.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(talent.pk), reason="重复登记").exists()


def test_unit_staff_may_not_delete_own_talent(api, unit_staff, talent):
    response = api(unit_staff).delete(f"/api/v1/talents/{talent.pk}?reason=离职")
    assert response.status_code == 403
    assert Talent.objects.filter(pk=talent.pk).exists()


def test_delete_unit_requires_reason_and_office(api, office, county_staff, county):
    empty = factories.UnitFactory(county=county)
    assert api(county_staff).delete(f"/api/v1/units/{empty.pk}?reason=注销").status_code == 403
    client = api(office)
    assert client.delete(f"/api/v1/units/{empty.pk}").status_code == 422
    assert client.delete(f"/api/v1/units/{empty.pk}?reason=注销").status_code == 204
    assert not Unit.objects.filter(pk=empty.pk).exists()


def test_api_docs_are_served_without_a_cdn(client, office):
    client.force_login(office)
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Every script and style from this server. (Not `"cdn" not in html`: the page carries a random
    # CSRF token, which now and then contains those three letters.)
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links
    assert all(link.startswith("/") and not link.startswith("//") for link in links), links
