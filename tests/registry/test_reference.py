"""The city's reference data (data/reference/*.csv): counts, idempotence, and what the office added by hand."""

import pytest
from django.core.management import call_command

from yingcai.registry.domain.reference import load_reference_data
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType

pytestmark = pytest.mark.django_db

EXPECTED = {"divisions": 11, "clusters": 7, "chains": 12, "platform_types": 11, "key_tech_fields": 8}
PLATFORM_TYPES = {
    "省级以上（重点）实验室",
    "技术创新中心",
    "中试基地",
    "国际联合实验室",
    "院士工作站",
    "中原学者工作站",
    "企业技术中心",
    "产业创新中心",
    "产业研究院",
    "制造业创新中心",
    "协同创新中心",
}


def table_counts() -> dict[str, int]:
    return {
        "divisions": _divisions(),
        "clusters": IndustryCluster.objects.count(),
        "chains": IndustryChain.objects.count(),
        "platform_types": PlatformType.objects.count(),
        "key_tech_fields": KeyTechField.objects.count(),
    }


def test_load_reference_data_counts():
    assert load_reference_data() == EXPECTED
    assert table_counts() == EXPECTED


def test_divisions_are_the_city_and_its_ten_county_level_divisions():
    load_reference_data()
    city = Jurisdiction.objects.get(code="410400")
    assert (city.name, city.kind, city.parent) == ("平顶山市", JurisdictionKind.CITY, None)
    counties = Jurisdiction.objects.filter(parent=city)
    assert counties.count() == 10
    assert all(j.is_territorial for j in counties)
    assert set(counties.values_list("kind", flat=True)) == {
        JurisdictionKind.DISTRICT,
        JurisdictionKind.COUNTY,
        JurisdictionKind.COUNTY_CITY,
    }
    assert Jurisdiction.objects.get(code="410402").name == "新华区"
    assert Jurisdiction.objects.get(code="410482").kind == JurisdictionKind.COUNTY_CITY
    assert Jurisdiction.objects.get(code="410421").kind == JurisdictionKind.COUNTY
    assert list(Jurisdiction.objects.values_list("code", flat=True)[:2]) == ["410400", "410402"]


def test_seven_clusters_twelve_chains_each_in_a_cluster():
    load_reference_data()
    assert IndustryChain.objects.get(code="L01").cluster.code == "C01"
    assert IndustryChain.objects.get(code="L01").name == "尼龙新材料"
    assert {c.code for c in IndustryCluster.objects.all()} == {f"C0{i}" for i in range(1, 8)}
    assert all(cluster.chains.exists() for cluster in IndustryCluster.objects.all())


def test_platform_types_are_those_of_article_four():
    load_reference_data()
    assert set(PlatformType.objects.values_list("name", flat=True)) == PLATFORM_TYPES


def test_loading_twice_creates_no_duplicates():
    load_reference_data()
    first_ids = set(Jurisdiction.objects.values_list("pk", flat=True))
    assert load_reference_data() == EXPECTED
    assert table_counts() == EXPECTED
    assert set(Jurisdiction.objects.values_list("pk", flat=True)) == first_ids


def _divisions() -> int:
    """Administrative divisions and zones; departments come from the policy data and the office."""
    return Jurisdiction.objects.exclude(kind=JurisdictionKind.DEPARTMENT).count()


def test_reload_restores_edited_names_and_keeps_the_row():
    load_reference_data()
    xinhua = Jurisdiction.objects.get(code="410402")
    Jurisdiction.objects.filter(pk=xinhua.pk).update(name="改错的名字")
    load_reference_data()
    xinhua.refresh_from_db()
    assert xinhua.name == "新华区"
    assert _divisions() == EXPECTED["divisions"]


def test_hand_added_jurisdictions_survive_a_reload():
    load_reference_data()
    city = Jurisdiction.objects.get(code="410400")
    zone = Jurisdiction.objects.create(name="平顶山高新技术产业开发区", kind=JurisdictionKind.ZONE, parent=city)
    department = Jurisdiction.objects.create(name="市科技局", kind=JurisdictionKind.DEPARTMENT)
    load_reference_data()
    zone.refresh_from_db()
    department.refresh_from_db()
    assert (zone.code, zone.kind, zone.parent) == (None, JurisdictionKind.ZONE, city)
    assert zone.is_territorial
    assert not department.is_territorial
    # The departments the support rules name (policy data) are not administrative divisions.
    assert _divisions() == EXPECTED["divisions"] + 1


def test_load_reference_command(capsys):
    call_command("load_reference")
    out = capsys.readouterr().out
    assert "divisions=11" in out
    assert "chains=12" in out
    assert table_counts() == EXPECTED
