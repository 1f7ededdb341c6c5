"""The project pages through the test client: the list and its filters, the project with its money
per year and by category, the htmx spending and grant forms, corrections, the office's edits and
state changes, and every denial: 404 outside one's scope, 403 for what one may not do."""

from decimal import Decimal

import pytest
from django.utils import translation

from tests import factories
from tests.projects.factories import GrantFactory, ProjectFactory, SpendingFactory
from yingcai.projects.domain import projects as domain
from yingcai.projects.enums import ProjectState, SpendingCategory
from yingcai.projects.models import FundingGrant, Project, SpendingReport

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def as_user(client, user):
    client.force_login(user)
    return client


def detail(project) -> str:
    return f"/projects/{project.pk}/"


# ---- list ------------------------------------------------------------------------------------


def test_the_list_shows_each_project_with_its_money(client, office, project, other_project):
    GrantFactory(project=project, year=2025, amount=D("100.00"))
    SpendingFactory(project=project, year=2025, amount=D("100.01"))
    Project.objects.filter(pk=project.pk).update(over_spent_since="2026-11-25T10:00+08:00")
    html = as_user(client, office).get("/projects/").content.decode()
    assert project.talent.name in html and other_project.talent.name in html
    assert "100.00 / 100.01" in html
    assert html.count('data-testid="over-spent"') == 1
    assert "领军人才项目" in html  # the navigation entry


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2025", {"mine", "other"}),
        ("year=2028", {"late"}),
        ("state=stopped", {"other"}),
        ("over_spent=yes", {"mine"}),
        ("over_spent=no", {"other", "late"}),
    ],
)
def test_list_filters(client, office, project, other_project, query, expected):
    late = ProjectFactory(start_year=2028, end_year=2029)
    Project.objects.filter(pk=other_project.pk).update(state=ProjectState.STOPPED)
    Project.objects.filter(pk=project.pk).update(over_spent_since="2026-11-25T10:00+08:00")
    names = {"mine": project.talent.name, "other": other_project.talent.name, "late": late.talent.name}
    html = as_user(client, office).get(f"/projects/?{query}").content.decode()
    assert {key for key, name in names.items() if name in html} == expected


def test_the_unit_filter_offers_only_units_in_scope(client, unit_staff, project, other_project):
    html = as_user(client, unit_staff).get(f"/projects/?unit={project.unit_id}").content.decode()
    assert project.unit.name in html
    assert other_project.unit.name not in html


@pytest.mark.parametrize(
    ("who", "sees_mine", "sees_other"),
    [
        ("office", True, True),
        ("county_staff", True, False),
        ("other_county_staff", False, True),
        ("unit_staff", True, False),
        ("other_unit_staff", False, True),
        ("talent_self", True, False),
    ],
)
def test_each_role_lists_its_own_scope(request, client, project, other_project, who, sees_mine, sees_other):
    html = as_user(client, request.getfixturevalue(who)).get("/projects/").content.decode()
    assert (project.talent.name in html, other_project.talent.name in html) == (sees_mine, sees_other)


def test_the_department_sees_projects_of_its_units(client, department, department_staff, project, other_project):
    project.unit.department = department
    project.unit.save()
    as_user(client, department_staff)
    html = client.get("/projects/").content.decode()
    assert project.talent.name in html and other_project.talent.name not in html
    assert client.get(detail(other_project)).status_code == 404
    assert client.get(detail(project)).status_code == 200


def test_experts_have_no_project_pages(client, expert, project):
    as_user(client, expert)
    assert client.get("/projects/").status_code == 403
    assert client.get(detail(project)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, project):
    assert client.get("/projects/").status_code == 302
    assert client.get(detail(project)).status_code == 302


# ---- detail ----------------------------------------------------------------------------------


def test_the_detail_shows_years_categories_warnings_and_history(client, office, unit_staff, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("100.00"))
    domain.grant_funding(by=office, project=project, year=2026, amount=D("50.00"))
    domain.report_spending(by=unit_staff, project=project, year=2025, category=SpendingCategory.LABOUR, amount=D("60"))
    domain.report_spending(
        by=unit_staff, project=project, year=2026, category=SpendingCategory.BUSINESS, amount=D("90.01")
    )
    html = as_user(client, unit_staff).get(detail(project)).content.decode()
    assert 'data-testid="over-spent-warning"' in html
    assert "2026年度超支0.01万元" in html
    # 2026: 50 granted + 40 left from 2025 = 90 available, 90.01 spent.
    assert '<tr data-year="2026" class="row-over">' in html
    assert "90.00" in html and "-0.01" in html
    assert "业务费（材料、测试、差旅会议等）" in html
    assert 'id="project-chart"' in html and "vendor/echarts/echarts.min.js" in html
    assert 'data-testid="project-history"' in html and "经费支出" in html and "拨付经费" in html
    assert 'data-testid="spending-form"' in html
    assert 'data-testid="grant-form"' not in html  # the unit does not grant


def test_the_office_sees_the_grant_form_not_the_spending_form(client, office, project):
    html = as_user(client, office).get(detail(project)).content.decode()
    assert 'data-testid="grant-form"' in html
    assert 'data-testid="spending-form"' not in html
    assert 'data-testid="transitions"' in html


def test_the_county_reads_without_forms(client, county_staff, project):
    html = as_user(client, county_staff).get(detail(project)).content.decode()
    assert project.name in html
    for form in ("grant-form", "spending-form", "transitions"):
        assert f'data-testid="{form}"' not in html


@pytest.mark.parametrize("who", ["other_unit_staff", "other_county_staff", "expert"])
def test_a_project_outside_ones_scope_is_not_found(request, client, project, who):
    as_user(client, request.getfixturevalue(who))
    assert client.get(detail(project)).status_code == 404
    assert client.post(f"{detail(project)}spending/", {}).status_code == 404


def test_another_talent_does_not_find_the_project(client, project, other_talent):
    assert as_user(client, factories.talent_user(other_talent)).get(detail(project)).status_code == 404


# ---- spending (htmx) -------------------------------------------------------------------------


def spending_post(**overrides) -> dict:
    return {"year": "2026", "category": SpendingCategory.EQUIPMENT, "amount": "12.50", "note": "测试仪器", **overrides}


def test_the_talent_reports_spending_through_htmx(client, talent_self, project):
    response = as_user(client, talent_self).post(f"{detail(project)}spending/", spending_post(), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="funding"')
    assert "支出已登记，无需审批。" in html
    assert "12.50" in html
    assert "超支" in html  # nothing granted yet: a warning, and the report stands
    report = SpendingReport.objects.get()
    assert (report.amount, report.reported_by) == (D("12.50"), talent_self)


def test_a_refused_report_comes_back_with_the_reason(client, unit_staff, project):
    as_user(client, unit_staff)
    response = client.post(f"{detail(project)}spending/", spending_post(amount="0"), **HTMX)
    assert response.status_code == 200
    assert not SpendingReport.objects.exists()
    assert "errorlist" in response.content.decode()
    # A year that has not begun is not offered, and is refused if sent.
    response = client.post(f"{detail(project)}spending/", spending_post(year="2027"), **HTMX)
    assert "2027" in response.content.decode() and not SpendingReport.objects.exists()


def test_without_htmx_a_report_redirects_to_the_project(client, unit_staff, project):
    response = as_user(client, unit_staff).post(f"{detail(project)}spending/", spending_post())
    assert response.status_code == 302 and response.url == f"{detail(project)}#funding"


@pytest.mark.parametrize("who", ["office", "county_staff"])
def test_the_office_and_the_county_may_not_report(request, client, project, who):
    as_user(client, request.getfixturevalue(who))
    assert client.post(f"{detail(project)}spending/", spending_post(), **HTMX).status_code == 403
    assert not SpendingReport.objects.exists()


# ---- grants ----------------------------------------------------------------------------------


def test_the_office_grants_through_htmx(client, office, project):
    as_user(client, office)
    data = {"year": "2025", "amount": "100.00", "granted_on": "2025-03-01", "note": "首期"}
    response = client.post(f"{detail(project)}grants/", data, **HTMX)
    assert "经费拨付已登记。" in response.content.decode()
    assert FundingGrant.objects.get().amount == D("100.00")
    over = client.post(f"{detail(project)}grants/", {"year": "2026", "amount": "200.01"}, **HTMX)
    assert "最多还可拨付200.00万元" in over.content.decode()
    assert FundingGrant.objects.count() == 1


@pytest.mark.parametrize("who", ["unit_staff", "talent_self", "county_staff"])
def test_only_the_office_grants_on_the_page(request, client, project, who):
    as_user(client, request.getfixturevalue(who))
    response = client.post(f"{detail(project)}grants/", {"year": "2025", "amount": "1.00"}, **HTMX)
    assert response.status_code == 403
    assert not FundingGrant.objects.exists()


# ---- corrections -----------------------------------------------------------------------------


def test_the_reporter_corrects_on_its_page(client, unit_staff, project):
    report = domain.report_spending(by=unit_staff, project=project, year=2026, category="equipment", amount=D("10"))
    as_user(client, unit_staff)
    page = client.get(detail(project)).content.decode()
    assert f"/projects/spending/{report.pk}/correct/" in page
    assert client.get(f"/projects/spending/{report.pk}/correct/").status_code == 200
    response = client.post(
        f"/projects/spending/{report.pk}/correct/",
        {"category": "labour", "amount": "9.50", "note": "", "reason": "类别填错", "version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.category, report.amount) == ("labour", D("9.50"))


def test_nobody_else_corrects(client, unit, unit_staff, talent_self, other_unit_staff, project):
    report = domain.report_spending(by=unit_staff, project=project, year=2026, category="equipment", amount=D("10"))
    url = f"/projects/spending/{report.pk}/correct/"
    assert (
        f"/projects/spending/{report.pk}/correct/"
        not in as_user(client, talent_self).get(detail(project)).content.decode()
    )
    assert client.get(url).status_code == 403
    assert (
        as_user(client, factories.unit_user(unit)).post(url, {"category": "labour", "amount": "1"}).status_code == 403
    )
    assert as_user(client, other_unit_staff).get(url).status_code == 404
    report.refresh_from_db()
    assert report.amount == D("10.00")


# ---- the office's edits and state changes ----------------------------------------------------


def test_the_office_edits_the_project(client, office, project):
    as_user(client, office)
    assert client.get(f"{detail(project)}edit/").status_code == 200
    data = {"name": "新名称", "total_funding": "500.00", "start_year": "2025", "end_year": "2028", "version": "1"}
    assert client.post(f"{detail(project)}edit/", data).status_code == 302
    project.refresh_from_db()
    assert (project.name, project.total_funding, project.end_year) == ("新名称", D("500.00"), 2028)


def test_a_refused_edit_shows_the_reason(client, office, project):
    GrantFactory(project=project, year=2025, amount=D("100.00"))
    data = {"name": project.name, "total_funding": "99.99", "start_year": "2025", "end_year": "2027", "version": "1"}
    html = as_user(client, office).post(f"{detail(project)}edit/", data).content.decode()
    assert "项目经费总额不能少于已拨付的100.00万元。" in html


@pytest.mark.parametrize("who", ["unit_staff", "county_staff", "talent_self"])
def test_others_do_not_edit_or_close(request, client, project, who):
    as_user(client, request.getfixturevalue(who))
    assert client.get(f"{detail(project)}edit/").status_code == 403
    client.post(f"{detail(project)}transition/", {"transition": "complete"})
    project.refresh_from_db()
    assert project.state == ProjectState.ACTIVE


def test_the_office_stops_a_project_with_a_reason(client, office, project):
    as_user(client, office)
    client.post(f"{detail(project)}transition/", {"transition": "stop", "reason": ""})
    project.refresh_from_db()
    assert project.state == ProjectState.ACTIVE
    client.post(f"{detail(project)}transition/", {"transition": "stop", "reason": "人才调离本市"})
    project.refresh_from_db()
    assert project.state == ProjectState.STOPPED
    html = client.get(detail(project)).content.decode()
    assert "已终止" in html and 'data-testid="grant-form"' not in html


def test_no_spending_form_before_the_first_year(client, unit, unit_staff):
    later = ProjectFactory(nomination__unit=unit, start_year=2027, end_year=2029)
    html = as_user(client, unit_staff).get(detail(later)).content.decode()
    assert 'data-testid="spending-form"' not in html
    assert "项目自2027年度起实施，届时可填报支出。" in html


def test_a_report_on_a_stopped_project_shows_why(client, office, unit_staff, project):
    domain.change_state(by=office, project=project, transition="stop", reason="人才调离")
    response = as_user(client, unit_staff).post(f"{detail(project)}spending/", spending_post(), **HTMX)
    assert "项目已终止，不能填报支出" in response.content.decode()
    assert not SpendingReport.objects.exists()


@pytest.mark.parametrize(("who", "shown"), [("talent_self", True), ("county_staff", True), ("expert", False)])
def test_the_navigation_entry(request, client, who, shown):
    html = as_user(client, request.getfixturevalue(who)).get("/notifications/").content.decode()
    assert ('href="/projects/"' in html) is shown
