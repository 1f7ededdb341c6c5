"""The project lists (page and API) and a project's page cost the same number of queries for
3 rows as for 20."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.projects.factories import GrantFactory, ProjectFactory, SpendingFactory

pytestmark = pytest.mark.django_db


def _projects(count: int) -> None:
    for i in range(count):
        project = ProjectFactory()
        GrantFactory(project=project, year=2025, amount=Decimal("100.00"))
        SpendingFactory(project=project, year=2025, amount=Decimal(f"{50 + i}.00"))


def _queries(client, url: str) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


@pytest.mark.parametrize("url", ["/projects/", "/projects/?year=2025&over_spent=no", "/api/v1/projects"])
def test_list_queries_do_not_grow_with_rows(client, office, url):
    client.force_login(office)
    _projects(3)
    few, _ = _queries(client, url)
    _projects(17)
    many, content = _queries(client, url)
    assert many == few
    if url.startswith("/projects/"):
        assert content.count(b"<tr") >= 21  # the header and a full page of 20 rows
    else:
        assert b'"count": 20' in content or b'"count":20' in content


def test_a_projects_page_does_not_grow_with_its_reports(client, unit_staff, unit):
    project = ProjectFactory(nomination__unit=unit)
    GrantFactory(project=project, year=2025)
    client.force_login(unit_staff)
    for _ in range(3):
        SpendingFactory(project=project, reported_by=unit_staff)
    client.get(f"/projects/{project.pk}/")  # warms the content-type cache the history reads through
    few, _ = _queries(client, f"/projects/{project.pk}/")
    for _ in range(17):
        SpendingFactory(project=project, reported_by=unit_staff)
    many, content = _queries(client, f"/projects/{project.pk}/")
    assert many == few
    assert content.count(b"/correct/") == 20  # every report listed, each correctable by its reporter
