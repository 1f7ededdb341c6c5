"""一人一档: the talent page gathers every record of the talent from the policy apps' sections, each
linked only where the viewer may open it, with one timeline, in a bounded number of queries."""

import datetime
import pathlib
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory, work
from tests.projects.factories import ProjectFactory
from tests.selection.factories import NominationFactory
from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.introductions.domain.compliance import year_compliance
from yingcai.introductions.enums import IntroductionState
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.dossier import (
    DossierEvent,
    DossierSection,
    dossier_of,
    register_dossier_section,
    registered_sections,
)
from yingcai.registry.models import Affiliation
from yingcai.support.domain.payments import record_payment

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0), tick=False):
        yield


def _records(talent, unit, office):
    """One record of every kind for `talent` at `unit`."""
    flexible = FlexibleIntroductionFactory(
        talent=talent, unit=unit, introduced_on=datetime.date(2026, 1, 5), agreement_start=datetime.date(2026, 1, 5)
    )
    work(flexible, datetime.date(2026, 3, 2), datetime.date(2026, 3, 31))
    nomination = NominationFactory(talent=talent, unit=unit)
    project = ProjectFactory(nomination=NominationFactory(talent=talent, unit=unit))
    certification = CertificationFactory(talent=talent, unit=unit, certified_on=datetime.date(2025, 3, 3))
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("90000"), instalments=3))
    instalment = entitlement.instalments.order_by("sequence").first()
    payment = record_payment(
        by=office, instalment=instalment, amount=instalment.amount, paid_on=datetime.date(2025, 4, 1), voucher="PZ9"
    )
    return {
        "introduction": flexible,
        "nomination": nomination,
        "project": project,
        "certification": certification,
        "entitlement": entitlement,
        "payment": payment,
    }


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_each_policy_app_registers_its_section():
    modules = {fn.__module__ for fn in registered_sections()}
    assert {
        "yingcai.introductions.dossier",
        "yingcai.selection.dossier",
        "yingcai.projects.dossier",
        "yingcai.certification.dossier",
        "yingcai.support.dossier",
    } <= modules


def test_the_registry_never_imports_a_policy_app():
    above = ("introductions", "selection", "projects", "certification", "support", "publicity", "policylib")
    pattern = re.compile(rf"^\s*(from|import) yingcai\.({'|'.join(above)})\b", re.MULTILINE)
    registry = pathlib.Path(__file__).resolve().parents[2] / "yingcai" / "registry"
    # The demo command (management/) seeds every app on purpose; the app's own code does not.
    modules = [p for p in registry.rglob("*.py") if "management" not in p.parts]
    offenders = [p.name for p in modules if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_registering_twice_adds_the_section_once():
    before = len(registered_sections())

    def extra(talent, viewer):  # pragma: no cover - never called
        return None

    register_dossier_section(extra)
    register_dossier_section(extra)
    try:
        assert len(registered_sections()) == before + 1
    finally:
        from yingcai.registry import dossier

        dossier._sections.remove(extra)


def test_the_office_sees_every_record_linked_and_one_timeline_newest_first(client, office, unit, talent):
    made = _records(talent, unit, office)
    client.force_login(office)
    response = client.get(reverse("registry:talent-detail", args=[talent.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    links = _links(html)
    assert reverse("introductions:detail", args=[made["introduction"].pk]) in links
    assert reverse("selection:nomination-detail", args=[made["nomination"].pk]) in links
    assert reverse("projects:detail", args=[made["project"].pk]) in links
    assert reverse("certification:detail", args=[made["certification"].pk]) in links
    assert reverse("support:talent", args=[talent.pk]) in links
    assert "在岗工作时段 2026-03-02～2026-03-31（30天）" in html
    assert "已发放 30,000.00元" in html
    dossier = response.context["dossier"]
    dates = [event.date for event in dossier.timeline]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 7
    assert all(isinstance(d, datetime.date) and not isinstance(d, datetime.datetime) for d in dates)
    assert "2026-03-02" in html and "2025-04-01" in html  # formatted dates in the timeline
    # Every link the dossier gives the office opens.
    for section in dossier.sections:
        for row in section.rows:
            assert row.url is not None
            assert client.get(row.url).status_code == 200, row.url


def test_this_years_working_days_come_from_the_introductions_domain(office, unit, talent):
    made = _records(talent, unit, office)
    fact = dossier_of(talent=talent, viewer=office).section("introductions").facts[0]
    expected = year_compliance(made["introduction"], 2026, today=TODAY)
    assert f"已累计{expected.days_worked}天 / 应工作{expected.days_required}天" in fact.value
    assert expected.days_worked == 30 and "2026年" in fact.label


def test_links_only_where_the_viewer_may_open_the_record(client, office, unit, talent, county_staff):
    made = _records(talent, unit, office)
    client.force_login(county_staff)
    response = client.get(reverse("registry:talent-detail", args=[talent.pk]))
    assert response.status_code == 200
    links = _links(response.content.decode())
    # The county reviews introductions and certifications of its units, but not nominations.
    assert reverse("introductions:detail", args=[made["introduction"].pk]) in links
    assert reverse("certification:detail", args=[made["certification"].pk]) in links
    assert reverse("selection:nomination-detail", args=[made["nomination"].pk]) not in links
    nominations = response.context["dossier"].section("nominations")
    assert nominations.rows and all(row.url is None for row in nominations.rows)
    # And every link it is given opens for it.
    for section in response.context["dossier"].sections:
        for row in section.rows:
            if row.url:
                assert client.get(row.url).status_code == 200, row.url


def test_a_county_sees_the_dossier_only_in_its_jurisdiction_with_the_id_number_masked(
    client, office, unit, talent, county_staff, other_county
):
    _records(talent, unit, office)
    client.force_login(county_staff)
    html = client.get(reverse("registry:talent-detail", args=[talent.pk])).content.decode()
    assert talent.id_number not in html and mask_id_number(talent.id_number) in html
    assert talent.phone not in html
    client.force_login(factories.jurisdiction_user(other_county))
    assert client.get(reverse("registry:talent-detail", args=[talent.pk])).status_code == 403


def test_another_talent_cannot_open_this_dossier(client, office, unit, talent, other_talent):
    _records(talent, unit, office)
    client.force_login(factories.talent_user(other_talent))
    assert client.get(reverse("registry:talent-detail", args=[talent.pk])).status_code == 403


def test_a_draft_of_another_unit_is_not_listed_to_the_county(office, unit, talent, county_staff, other_unit):
    IntroductionFactory(talent=talent, unit=unit, state=IntroductionState.DRAFT)
    drafts = dossier_of(talent=talent, viewer=county_staff).section("introductions").rows
    assert drafts == []
    assert len(dossier_of(talent=talent, viewer=office).section("introductions").rows) == 1


def test_amounts_are_left_out_for_a_viewer_who_may_not_open_the_entitlement(office, unit, talent, other_unit):
    """Staff of a second unit the talent works at see the talent, not the support of the first."""
    _records(talent, unit, office)
    Affiliation.objects.create(talent=talent, unit=other_unit)
    viewer = factories.unit_user(other_unit)
    support = dossier_of(talent=talent, viewer=viewer).section("support")
    assert support.rows and all(row.url is None and "元" not in row.label for row in support.rows)
    assert all("元" not in row.state for row in support.rows)


def test_a_section_function_may_add_events_with_datetimes(office, talent):
    def extra(t, viewer):
        return DossierSection(
            "extra", "测试", events=[DossierEvent(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC), "x")]
        )

    register_dossier_section(extra)
    try:
        timeline = dossier_of(talent=talent, viewer=office).timeline
    finally:
        from yingcai.registry import dossier

        dossier._sections.remove(extra)
    assert timeline[0].date == datetime.date(2026, 5, 1)


def test_the_talent_page_costs_a_bounded_number_of_queries(client, office, unit, talent, django_assert_max_num_queries):
    _records(talent, unit, office)
    client.force_login(office)
    url = reverse("registry:talent-detail", args=[talent.pk])
    with CaptureQueriesContext(connection) as one_of_each:
        assert client.get(url).status_code == 200
    for _ in range(4):
        more = _records(talent, unit, office)
        work(more["introduction"], datetime.date(2026, 4, 1), datetime.date(2026, 4, 10))
    with django_assert_max_num_queries(len(one_of_each)):
        response = client.get(url)
    assert len(response.context["dossier"].section("introductions").rows) == 5 + 5 + 4
