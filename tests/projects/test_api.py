"""/api/v1/projects: the same scopes, refusals and warnings as the pages (第三条)."""

from decimal import Decimal

import pytest

from tests import factories
from tests.projects.factories import GrantFactory, ProjectFactory, SpendingFactory
from yingcai.projects.domain import projects as domain
from yingcai.projects.enums import ProjectState
from yingcai.projects.models import FundingGrant, Project, SpendingReport

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects"
D = Decimal


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    ("who", "sees_mine", "sees_other"),
    [
        ("office", True, True),
        ("county_staff", True, False),
        ("unit_staff", True, False),
        ("other_unit_staff", False, True),
        ("talent_self", True, False),
        ("expert", False, False),
    ],
)
def test_list_scopes(request, api, project, other_project, who, sees_mine, sees_other):
    found = ids(api(request.getfixturevalue(who)).get(URL))
    assert (project.pk in found, other_project.pk in found) == (sees_mine, sees_other)


def test_list_filters_and_sums(api, office, project, other_project):
    GrantFactory(project=project, year=2025, amount=D("100.00"))
    SpendingFactory(project=project, year=2025, amount=D("40.50"))
    Project.objects.filter(pk=other_project.pk).update(state=ProjectState.STOPPED, start_year=2027)
    Project.objects.filter(pk=project.pk).update(over_spent_since="2026-11-25T10:00+08:00")
    client = api(office)
    assert ids(client.get(f"{URL}?year=2025")) == {project.pk}
    assert ids(client.get(f"{URL}?state=stopped")) == {other_project.pk}
    assert ids(client.get(f"{URL}?unit_id={other_project.unit_id}")) == {other_project.pk}
    assert ids(client.get(f"{URL}?over_spent=true")) == {project.pk}
    assert ids(client.get(f"{URL}?over_spent=false")) == {other_project.pk}
    item = next(i for i in client.get(URL).json()["items"] if i["id"] == project.pk)
    assert (item["granted_total"], item["spent_total"], item["total_funding"]) == ("100.00", "40.50", "300.00")
    assert item["over_spent"] is True and item["state_label"] == "实施中"


def test_get_gives_the_funding_status(api, office, unit_staff, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("100.00"))
    domain.report_spending(by=unit_staff, project=project, year=2025, category="equipment", amount=D("60.00"))
    domain.report_spending(by=unit_staff, project=project, year=2026, category="labour", amount=D("40.01"))
    body = api(unit_staff).get(f"{URL}/{project.pk}").json()
    funding = body["funding"]
    assert (funding["granted"], funding["spent"], funding["remaining"]) == ("100.00", "100.01", "-0.01")
    y2026 = next(y for y in funding["years"] if y["year"] == 2026)
    assert (y2026["carried_in"], y2026["available"], y2026["over_spent"], y2026["over_by"]) == (
        "40.00",
        "40.00",
        True,
        "0.01",
    )
    assert funding["over_spent_years"] == [2026] and funding["over_spent_total"] is True
    assert len(funding["warnings"]) == 2
    assert [g["amount"] for g in body["grants"]] == ["100.00"]


@pytest.mark.parametrize("who", ["other_unit_staff", "other_county_staff", "expert"])
def test_outside_ones_scope_is_404(request, api, project, who):
    client = api(request.getfixturevalue(who))
    assert client.get(f"{URL}/{project.pk}").status_code == 404
    response = client.post(
        f"{URL}/{project.pk}/spending",
        {"year": 2026, "category": "other", "amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_office_grants(api, office, project):
    client = api(office)
    response = client.post(
        f"{URL}/{project.pk}/grants", {"year": 2025, "amount": "300.00"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["amount"] == "300.00"
    over = client.post(f"{URL}/{project.pk}/grants", {"year": 2026, "amount": "0.01"}, content_type="application/json")
    assert over.status_code == 422
    assert "最多还可拨付0.00万元" in over.json()["detail"]["amount"][0]


@pytest.mark.parametrize("who", ["unit_staff", "talent_self", "county_staff"])
def test_others_may_not_grant(request, api, project, who):
    response = api(request.getfixturevalue(who)).post(
        f"{URL}/{project.pk}/grants", {"year": 2025, "amount": "1.00"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not FundingGrant.objects.exists()


def test_the_talent_reports_and_hears_of_over_spending(api, talent_self, project):
    response = api(talent_self).post(
        f"{URL}/{project.pk}/spending",
        {"year": 2026, "category": "expert_consulting", "amount": "2.00", "note": "咨询费"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["report"]["category_label"] == "专家咨询费"
    assert body["funding"]["over_spent"] is True  # nothing granted yet: a warning, not a refusal
    assert SpendingReport.objects.get().amount == D("2.00")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"year": 2026, "category": "other", "amount": "0"}, "amount"),
        ({"year": 2026, "category": "other", "amount": "-3"}, "amount"),
        ({"year": 2030, "category": "other", "amount": "1"}, "year"),
        ({"year": 2026, "category": "banquet", "amount": "1"}, "category"),
    ],
)
def test_refused_reports_are_422(api, unit_staff, project, payload, field):
    response = api(unit_staff).post(f"{URL}/{project.pk}/spending", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["detail"]


@pytest.mark.parametrize("who", ["office", "county_staff"])
def test_the_office_and_the_county_may_not_report(request, api, project, who):
    response = api(request.getfixturevalue(who)).post(
        f"{URL}/{project.pk}/spending",
        {"year": 2026, "category": "other", "amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_corrections_over_the_api(api, unit, unit_staff, project):
    report = domain.report_spending(by=unit_staff, project=project, year=2026, category="other", amount=D("5"))
    url = f"{URL}/{project.pk}/spending/{report.pk}"
    colleague = factories.unit_user(unit)
    assert api(colleague).patch(url, {"amount": "4.00"}, content_type="application/json").status_code == 403
    client = api(unit_staff)
    response = client.patch(url, {"amount": "4.00", "version": 1, "reason": "多报"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["report"]["amount"] == "4.00" and response.json()["report"]["version"] == 2
    stale = client.patch(url, {"amount": "3.00", "version": 1}, content_type="application/json")
    assert stale.status_code == 422
    listed = client.get(f"{URL}/{project.pk}/spending").json()
    assert [r["amount"] for r in listed] == ["4.00"]
    other = ProjectFactory()
    assert (
        client.patch(
            f"{URL}/{other.pk}/spending/{report.pk}", {"amount": "1"}, content_type="application/json"
        ).status_code
        == 404
    )
