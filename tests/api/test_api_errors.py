"""Input the schema allows, or input that is merely wrong, is answered with a 4xx in the one error shape
(`{"detail": "…"}` or `{"detail": {field: ["…"]}}`, Chinese, naming the field), never with a 500; and
the API's documents are for signed-in users unless API_DOCS_PUBLIC."""

import types

import pytest
from django.db import DataError, IntegrityError
from django.test import Client

from tests import factories
from tests.introductions.factories import IntroductionFactory
from tests.projects.factories import ProjectFactory
from yingcai.registry.models import Talent

JSON = "application/json"
TOO_BIG = 10**20  # past 64 bits
MAX_ID = 2**63 - 1  # BigAutoField


@pytest.fixture
def office_client(db, office) -> Client:
    client = Client()
    client.force_login(office)
    return client


def field_errors(response, status: int = 422) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, dict), detail
    return detail


# --- pagination, ids, years ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/units", "/api/v1/talents", "/api/v1/introductions", "/api/v1/projects"])
def test_a_huge_offset_is_refused_naming_the_field(office_client, url):
    errors = field_errors(office_client.get(url, {"offset": TOO_BIG}))
    assert "offset" in errors
    assert "offset" in errors["offset"][0]
    assert "不能大于" in errors["offset"][0]


def test_a_page_larger_than_the_cap_is_refused(office_client):
    errors = field_errors(office_client.get("/api/v1/units", {"limit": 101}))
    assert errors["limit"] == ["limit：不能大于 100。"]
    assert office_client.get("/api/v1/units", {"limit": 100}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/units/{TOO_BIG}",
        f"/api/v1/talents/{TOO_BIG}",
        f"/api/v1/introductions/{TOO_BIG}",
        f"/api/v1/projects/{TOO_BIG}",
        f"/api/v1/certification/{TOO_BIG}",
        f"/api/v1/selection/rounds/{TOO_BIG}",
        f"/api/v1/support/entitlements/{TOO_BIG}",
    ],
)
def test_an_id_past_64_bits_is_refused_not_a_server_error(office_client, url):
    errors = field_errors(office_client.get(url))
    (field,) = errors
    assert field.endswith("_id")
    assert str(MAX_ID) in errors[field][0]


def test_the_largest_id_is_simply_not_found(office_client):
    response = office_client.get(f"/api/v1/units/{MAX_ID}")
    assert response.status_code == 404
    assert "管理范围" in response.json()["detail"]


def test_an_id_of_zero_or_below_is_refused_in_the_error_shape(office_client):
    # With the path converter `{int:…}` a negative id found no route and got the HTML 404 page.
    response = office_client.get("/api/v1/units/-5")
    assert response["Content-Type"].startswith("application/json")
    assert "unit_id" in field_errors(response)


@pytest.mark.parametrize("url", ["/api/v1/projects", "/api/v1/selection/rounds", "/api/v1/introductions"])
def test_an_out_of_range_year_is_refused(office_client, url):
    errors = field_errors(office_client.get(url, {"year": TOO_BIG}))
    assert "year" in errors
    assert office_client.get(url, {"year": 2026}).status_code == 200


def test_a_filter_id_past_64_bits_is_refused(office_client):
    assert "county" in field_errors(office_client.get("/api/v1/talents", {"county": TOO_BIG}))


# --- amounts, dates, booleans ---------------------------------------------------------------------------


def test_a_grant_beyond_the_database_decimal_is_refused(office_client):
    project = ProjectFactory()
    response = office_client.post(
        f"/api/v1/projects/{project.pk}/grants", {"year": 2026, "amount": "1e20"}, content_type=JSON
    )
    assert "amount" in field_errors(response)
    assert not project.grants.exists()


def test_an_amount_with_too_many_decimals_is_refused(office_client):
    project = ProjectFactory()
    response = office_client.post(
        f"/api/v1/projects/{project.pk}/grants", {"year": 2026, "amount": "1.234"}, content_type=JSON
    )
    assert field_errors(response)["amount"] == ["amount：最多 2 位小数。"]


def test_a_year_past_the_range_is_refused_in_a_body(office_client):
    project = ProjectFactory()
    response = office_client.post(
        f"/api/v1/projects/{project.pk}/grants", {"year": 99999, "amount": "1.00"}, content_type=JSON
    )
    assert "year" in field_errors(response)


def test_a_date_near_the_end_of_the_calendar_is_refused(office_client, unit):
    # 9999-12-31 plus a three-year contract overflowed datetime (500).
    talent = factories.TalentFactory(unit=unit)
    body = {"talent_id": talent.pk, "unit_id": unit.pk, "mode": "full_time", "manner": "individual"}
    response = office_client.post("/api/v1/introductions", {**body, "introduced_on": "9999-12-31"}, content_type=JSON)
    assert "introduced_on" in field_errors(response)


def test_a_date_given_as_a_number_is_refused(office_client):
    # pydantic would read 0 as a Unix timestamp (1970-01-01) and answer as if the date were given.
    assert "on" in field_errors(office_client.get("/api/v1/rules/tiers", {"on": "0"}))
    assert office_client.get("/api/v1/rules/tiers", {"on": "2026-12-01"}).status_code == 200


def test_a_boolean_given_as_a_number_is_refused_in_a_body(client, db):
    response = client.post("/api/v1/rules/calculator", {"age": 40, "civil_servant": 0}, content_type=JSON)
    assert "civil_servant" in field_errors(response)


@pytest.mark.parametrize("field", ["age"])
def test_a_number_given_as_a_boolean_is_refused(client, db, field):
    response = client.post("/api/v1/rules/calculator", {field: False}, content_type=JSON)
    assert field_errors(response) == {field: [f"{field}：须为整数。"]}


def test_an_amount_given_as_a_boolean_is_refused(office_client):
    project = ProjectFactory()
    response = office_client.post(
        f"/api/v1/projects/{project.pk}/grants", {"year": 2026, "amount": True}, content_type=JSON
    )
    assert field_errors(response) == {"amount": ["amount：须为数字。"]}


# --- lists and nulls in a PATCH ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["chain_codes", "cluster_codes", "tech_field_codes"])
def test_a_null_list_in_a_unit_patch_is_refused(office_client, unit, field):
    response = office_client.patch(
        f"/api/v1/units/{unit.pk}", {"version": unit.version, field: None}, content_type=JSON
    )
    assert field in field_errors(response)


@pytest.mark.parametrize("field", ["name", "is_active", "county_id"])
def test_a_null_for_a_required_unit_field_is_refused(office_client, unit, field):
    response = office_client.patch(
        f"/api/v1/units/{unit.pk}", {"version": unit.version, field: None}, content_type=JSON
    )
    assert field in field_errors(response)


def test_a_null_department_still_clears_it(office_client, unit):
    unit.department = factories.DepartmentFactory()
    unit.save()
    response = office_client.patch(
        f"/api/v1/units/{unit.pk}",
        {"version": unit.version, "department_id": None, "reason": "改为无主管部门"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["department_id"] is None


@pytest.mark.parametrize("field", ["name", "education", "has_overseas_experience"])
def test_a_null_for_a_required_talent_field_is_refused(office_client, talent, field):
    response = office_client.patch(
        f"/api/v1/talents/{talent.pk}", {"version": talent.version, field: None}, content_type=JSON
    )
    assert field in field_errors(response)


def test_a_null_list_in_an_introduction_patch_is_refused(office_client):
    introduction = IntroductionFactory(state="draft")
    response = office_client.patch(
        f"/api/v1/introductions/{introduction.pk}",
        {"version": introduction.version, "service_forms": None},
        content_type=JSON,
    )
    assert "service_forms" in field_errors(response)


def test_a_list_of_ids_with_an_id_past_64_bits_is_refused(office_client):
    response = office_client.post(
        "/api/v1/certification/publicity", {"certification_ids": [TOO_BIG]}, content_type=JSON
    )
    assert "certification_ids.0" in field_errors(response)


# --- request bodies ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["5", "[]", "[null, null]", '"text"'])
def test_a_body_that_is_not_an_object_is_refused(client, db, body):
    # ninja reads attributes of any value: `5` passed as a profile with every field defaulted.
    response = client.post("/api/v1/rules/calculator", body, content_type=JSON)
    assert field_errors(response) == {"body": ["body：须为对象。"]}


def test_a_body_that_is_not_json_is_400_in_the_error_shape(office_client):
    response = office_client.post("/api/v1/units", b"\x00\x01not json", content_type=JSON)
    assert field_errors(response, 400) == {"body": ["请求体不是有效的 JSON。"]}


def test_a_missing_field_is_named_in_chinese(office_client):
    errors = field_errors(office_client.post("/api/v1/units", {"name": "某单位"}, content_type=JSON))
    assert errors["credit_code"] == ["credit_code：必填。"]
    assert errors["county_id"] == ["county_id：必填。"]


def test_a_wrong_type_is_named_in_chinese(office_client):
    errors = field_errors(office_client.get("/api/v1/units", {"limit": "many"}))
    assert errors == {"limit": ["limit：须为整数。"]}


def test_not_signed_in_is_401_in_the_error_shape(client, db):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。"}


# --- records others point to, clashes, values the database cannot hold -------------------------------------


def test_deleting_a_talent_others_point_to_is_409_and_nothing_is_deleted(office_client):
    introduction = IntroductionFactory()
    talent = introduction.talent
    response = office_client.delete(f"/api/v1/talents/{talent.pk}?reason=测试")
    assert response.status_code == 409, response.content
    assert "引进" in response.json()["detail"]
    assert "不能删除" in response.json()["detail"]
    assert Talent.objects.filter(pk=talent.pk).exists()


def test_deleting_a_talent_nobody_points_to_still_works(office_client, talent):
    assert office_client.delete(f"/api/v1/talents/{talent.pk}?reason=测试").status_code == 204
    assert not Talent.objects.filter(pk=talent.pk).exists()


def _database_error(kind, message: str, sqlstate: str | None = None, column: str | None = None):
    """An error as Django raises it: its cause the driver's, with PostgreSQL's SQLSTATE and column."""
    error = kind(message)
    if sqlstate is not None:
        cause = Exception(message)
        cause.sqlstate = sqlstate
        cause.diag = types.SimpleNamespace(column_name=column)
        error.__cause__ = cause
    return error


def _unit_creation_raises(monkeypatch, error: Exception) -> None:
    def create_unit(**kwargs):
        raise error

    monkeypatch.setattr("yingcai.registry.domain.units.create_unit", create_unit)


UNIT = {"name": "某单位", "credit_code": "91410400MA40000000", "kind": "enterprise", "county_id": 1}


@pytest.mark.parametrize(
    ("error", "status", "field"),
    [
        (_database_error(IntegrityError, "UNIQUE constraint failed: registry_unit.credit_code"), 409, "credit_code"),
        (_database_error(IntegrityError, "duplicate key", "23505", "credit_code"), 409, "credit_code"),
        (_database_error(IntegrityError, "FOREIGN KEY constraint failed"), 409, None),
        (_database_error(IntegrityError, "NOT NULL constraint failed: registry_unit.name"), 422, "name"),
        (_database_error(DataError, "value too long", "22001", "name"), 422, "name"),
        (_database_error(DataError, "numeric field overflow", "22003"), 422, None),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), 422, None),
    ],
)
def test_database_refusals_of_known_kinds_are_4xx(office_client, monkeypatch, error, status, field):
    _unit_creation_raises(monkeypatch, error)
    response = office_client.post("/api/v1/units", UNIT, content_type=JSON)
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    if field:
        assert list(detail) == [field]
    else:
        assert isinstance(detail, str) and detail


@pytest.mark.parametrize(
    "error",
    [IntegrityError("something else entirely"), DataError("unknown")],
)
def test_database_errors_of_unknown_kinds_stay_server_errors(office_client, monkeypatch, error):
    """A refusal the handlers do not understand is a bug to see, not a 4xx to hide."""
    _unit_creation_raises(monkeypatch, error)
    office_client.raise_request_exception = False
    assert office_client.post("/api/v1/units", UNIT, content_type=JSON).status_code == 500


# --- the documents ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("public", [False, True])
def test_a_visitor_gets_the_documents_only_when_they_are_public(client, db, settings, public):
    settings.API_DOCS_PUBLIC = public
    document = client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")
    if public:
        assert document.status_code == 200
        assert "/api/v1/units" in document.json()["paths"]
        assert docs.status_code == 200
    else:
        assert document.status_code == 401
        assert document.json() == {"detail": "请先登录。"}
        assert docs.status_code == 302
        assert docs["Location"].startswith("/login")
        assert "next=/api/v1/docs" in docs["Location"]


@pytest.mark.parametrize("public", [False, True])
def test_a_signed_in_user_always_gets_the_documents(office_client, settings, public):
    settings.API_DOCS_PUBLIC = public
    assert office_client.get("/api/v1/openapi.json").status_code == 200
    assert office_client.get("/api/v1/docs").status_code == 200


def test_the_documents_are_private_by_default():
    from yingcai import settings as project_settings

    assert project_settings.API_DOCS_PUBLIC is False


# --- the document itself --------------------------------------------------------------------------------------


def test_every_operation_documents_its_refusals_in_the_one_error_schema(office_client):
    document = office_client.get("/api/v1/openapi.json").json()
    error_ref = "#/components/schemas/ErrorOut"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "422" in responses, (method, path)
            if operation.get("security"):
                assert "401" in responses, (method, path)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {"$ref": error_ref}, (method, path)


def test_one_component_name_per_schema_and_one_schema_per_name(office_client):
    document = office_client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]

    def shape(schema):
        if isinstance(schema, dict):
            return {k: shape(v) for k, v in schema.items() if k not in {"title", "description"}}
        if isinstance(schema, list):
            return [shape(v) for v in schema]
        return schema

    seen: dict[str, str] = {}
    for name, schema in components.items():
        key = repr(shape(schema))
        assert key not in seen, f"{name} duplicates {seen.get(key)}"
        seen[key] = name
    # The names that clashed (ninja kept one class per name and silently dropped the other).
    assert {"ConditionOut", "EligibilityOut", "ExplanationOut", "RevokeIn", "ReasonIn", "Ref"} <= set(components)
    assert "UnitRef" not in components
    assert "group" in components["ConditionOut"]["properties"]
