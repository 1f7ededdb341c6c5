"""Lists cost a fixed number of queries whatever the number of rows on the page (no N+1)."""

import itertools

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from yingcai.registry.domain.exports import request_export, run_export
from yingcai.registry.models import (
    Affiliation,
    ExportKind,
    ExportStatus,
    IndustryChain,
    IndustryCluster,
    KeyTechField,
)

FEW, MANY = 3, 25

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference():
    clusters = [IndustryCluster.objects.create(code=f"QC{i}", name=f"测试集群{i}") for i in range(2)]
    chains = [
        IndustryChain.objects.create(code=f"QL{i}", name=f"测试产业链{i}", cluster=clusters[i % 2]) for i in range(3)
    ]
    fields = [KeyTechField.objects.create(code=f"QF{i}", name=f"测试技术领域{i}") for i in range(2)]
    return clusters, chains, fields


class RowMaker:
    """Adds units and talents spread over counties, chains, fields and several affiliations each."""

    def __init__(self, reference, county, other_county):
        self.clusters, self.chains, self.fields = reference
        self.counties = [county, other_county]
        self.serial = itertools.count()
        self.units = []

    def add_units(self, n: int) -> None:
        for _ in range(n):
            i = next(self.serial)
            unit = factories.UnitFactory(county=self.counties[i % 2])
            unit.chains.set(self.chains[: 1 + i % 3])
            unit.clusters.set(self.clusters[: 1 + i % 2])
            unit.tech_fields.set(self.fields[: 1 + i % 2])
            self.units.append(unit)

    def add_talents(self, n: int) -> None:
        if len(self.units) < 3:
            self.add_units(3 - len(self.units))
        for _ in range(n):
            i = next(self.serial)
            talent = factories.TalentFactory(
                unit=self.units[i % len(self.units)],
                chain=self.chains[i % 3],
                tech_field=self.fields[i % 2],
            )
            Affiliation.objects.create(talent=talent, unit=self.units[(i + 1) % len(self.units)], position="兼职")


@pytest.fixture
def rows(reference, county, other_county):
    return RowMaker(reference, county, other_county)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def assert_constant(client, url, add_rows, rows_on_page):
    add_rows(FEW)
    client.get(url)  # warm caches that are filled once per process (content types, reference lookups)
    few = count_queries(client, url)
    add_rows(MANY - FEW)
    many = count_queries(client, url)
    assert rows_on_page() >= settings.LIST_PAGE_SIZE, "the second request must show a full page"
    assert many == few, f"{few} queries for {FEW} rows but {many} for {MANY}"


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_talent_list_page_queries_do_not_grow_with_rows(office_client, rows):
    url = reverse("registry:talent-list")
    assert_constant(office_client, url, rows.add_talents, lambda: len(office_client.get(url).context["listing"].page))


def test_unit_list_page_queries_do_not_grow_with_rows(office_client, rows):
    url = reverse("registry:unit-list")
    assert_constant(office_client, url, rows.add_units, lambda: len(office_client.get(url).context["listing"].page))


def test_unit_staff_talent_list_queries_do_not_grow_with_rows(client, rows, reference):
    rows.add_units(3)
    unit_staff = factories.unit_user(rows.units[0])
    client.force_login(unit_staff)
    url = reverse("registry:talent-list")

    def add_own_talents(n):
        for _ in range(n):
            talent = factories.TalentFactory(unit=rows.units[0], chain=rows.chains[0], tech_field=rows.fields[0])
            Affiliation.objects.create(talent=talent, unit=rows.units[1])

    assert_constant(client, url, add_own_talents, lambda: len(client.get(url).context["listing"].page))


def test_talent_api_queries_do_not_grow_with_rows(office_client, rows):
    url = "/api/v1/talents"
    assert_constant(office_client, url, rows.add_talents, lambda: len(office_client.get(url).json()["items"]))


def test_unit_api_queries_do_not_grow_with_rows(office_client, rows):
    url = "/api/v1/units"
    assert_constant(office_client, url, rows.add_units, lambda: len(office_client.get(url).json()["items"]))


def test_talent_export_queries_do_not_grow_with_rows(office, rows, settings, tmp_path):
    """The export has no page: every row is written, so it must not add a query per row either
    (the task's queries are counted: asking for the export only counts the rows)."""
    settings.MEDIA_ROOT = tmp_path

    def count_export_queries():
        job = request_export(by=office, kind=ExportKind.TALENTS, query_string="")
        with CaptureQueriesContext(connection) as captured:
            job = run_export(job.pk)
        assert job.status == ExportStatus.DONE
        return len(captured)

    rows.add_talents(FEW)
    count_export_queries()
    few = count_export_queries()
    rows.add_talents(MANY - FEW)
    assert count_export_queries() == few
