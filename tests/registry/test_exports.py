"""Excel exports: real .xlsx files of exactly what the user may see, with personal data masked.

Each export is asked for on the list (POST), written by the task (inline in tests) and downloaded."""

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.registry.exporting import ask_for_export, export_rows
from tests.xlsx_checks import INJECTED, assert_no_formula
from yingcai.audit.models import AuditEntry
from yingcai.registry.domain.masking import mask_id_number, mask_phone
from yingcai.registry.enums import Education
from yingcai.registry.models import ExportJob

CJK = re.compile(r"[\u4e00-\u9fff]")
TALENT_HEADER = ("姓名", "公民身份号码", "性别", "出生年份", "学历", "职称", "专业方向")
UNIT_HEADER = (
    "单位名称",
    "统一社会信用代码",
    "单位类型",
    "所在县区",
    "主管部门",
    "产业链",
    "联系人",
    "联系电话",
    "状态",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    def run(route: str, params: dict | None = None) -> list[tuple]:
        return export_rows(client, django_capture_on_commit_callbacks, route, params)

    return run


@pytest.fixture
def people(unit, other_unit):
    """Two talents at the user's unit (one with a master's degree), three elsewhere."""
    mine = [
        factories.TalentFactory(unit=unit, name="欧阳导出甲"),
        factories.TalentFactory(unit=unit, name="欧阳导出乙", education=Education.MASTER),
    ]
    theirs = [factories.TalentFactory(unit=other_unit, name=f"司马外单位{i}") for i in range(3)]
    return mine, theirs


def test_talent_export_is_a_real_xlsx_with_chinese_header(client, export, office, people):
    client.force_login(office)
    rows = export("registry:talent-export")
    header = rows[0]
    assert header[: len(TALENT_HEADER)] == TALENT_HEADER
    assert all(CJK.search(str(title)) for title in header)
    assert len(rows) - 1 == 5


def test_unit_staff_export_contains_only_own_units_talents(client, export, unit_staff, people):
    mine, theirs = people
    client.force_login(unit_staff)
    rows = export("registry:talent-export")
    names = {row[0] for row in rows[1:]}
    assert names == {t.name for t in mine}
    assert not names & {t.name for t in theirs}


def test_county_export_contains_only_its_jurisdiction(client, export, county_staff, people, other_unit):
    mine, _ = people
    client.force_login(county_staff)
    talent_rows = export("registry:talent-export")
    assert {row[0] for row in talent_rows[1:]} == {t.name for t in mine}
    unit_rows = export("registry:unit-export")
    assert other_unit.name not in {row[0] for row in unit_rows[1:]}
    assert len(unit_rows) - 1 == 1


def test_export_masks_id_numbers_and_phones(client, export, unit_staff, people):
    mine, _ = people
    client.force_login(unit_staff)
    rows = export("registry:talent-export")
    by_name = {row[0]: row for row in rows[1:]}
    cells = [str(value) for row in rows for value in row]
    for talent in mine:
        row = by_name[talent.name]
        assert row[1] == mask_id_number(talent.id_number)
        assert row[1] == f"{talent.id_number[:4]}************{talent.id_number[-2:]}"
        assert row[3] == talent.birth_date.year  # the year, never the date
        assert row[-1] == mask_phone(talent.phone)
        assert talent.id_number not in cells
        assert talent.phone not in cells


def test_filters_in_query_string_are_applied(client, export, unit_staff, people):
    mine, _ = people
    client.force_login(unit_staff)
    rows = export("registry:talent-export", {"education": "master"})
    assert [row[0] for row in rows[1:]] == [mine[1].name]
    rows = export("registry:talent-export", {"q": mine[0].name})
    assert [row[0] for row in rows[1:]] == [mine[0].name]


def test_unit_export_filters_by_kind(client, export, office, unit, other_unit):
    hospital = factories.UnitFactory(county=unit.county, kind="hospital", name="平顶山市第一人民医院测试")
    client.force_login(office)
    rows = export("registry:unit-export", {"kind": "hospital"})
    assert [row[0] for row in rows[1:]] == [hospital.name]
    assert rows[1][2] == "医院"


def test_unit_export_header_rows_and_masked_contact_phone(client, export, unit_staff, unit, other_unit):
    unit.contact_name = "王联系"
    unit.contact_phone = "13912345678"
    unit.save()
    client.force_login(unit_staff)
    rows = export("registry:unit-export")
    assert rows[0] == UNIT_HEADER
    assert len(rows) - 1 == 1
    row = rows[1]
    assert row[0] == unit.name
    assert row[1] == unit.credit_code
    assert row[7] == "139****5678"
    assert "13912345678" not in [str(v) for v in row]


@pytest.mark.parametrize("route", ["registry:talent-export", "registry:unit-export"])
def test_export_writes_an_audit_entry(client, export, unit_staff, people, route):
    client.force_login(unit_staff)
    export(route, {"education": "master"} if route == "registry:talent-export" else {})
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == unit_staff
    expected_rows = 1
    assert entry.changes["rows"] == expected_rows
    if route == "registry:talent-export":
        assert entry.changes["what"] == "registry.Talent"
        assert "education=master" in entry.changes["filters"]
    else:
        assert entry.changes["what"] == "registry.Unit"


@pytest.mark.parametrize("role", ["talent_self", "expert"])
@pytest.mark.parametrize("route", ["registry:talent-export", "registry:unit-export"])
def test_talent_and_expert_cannot_export(client, request, role, route, people):
    client.force_login(request.getfixturevalue(role))
    for response in (client.post(reverse(route)), client.get(reverse(route))):
        assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()
    assert not ExportJob.objects.exists()


def test_anonymous_export_redirects_to_login(client, people):
    response = client.post(reverse("registry:talent-export"))
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    assert not ExportJob.objects.exists()


# --- formula injection -------------------------------------------------------------------------


def test_talent_export_writes_a_formula_like_name_as_text(client, office, unit, django_capture_on_commit_callbacks):
    factories.TalentFactory(unit=unit, name=INJECTED)
    client.force_login(office)
    job = ask_for_export(client, django_capture_on_commit_callbacks, "registry:talent-export")
    assert_no_formula(client.get(reverse("registry:export-download", args=[job.pk])))


def test_unit_export_writes_a_formula_like_name_as_text(client, office, django_capture_on_commit_callbacks):
    factories.UnitFactory(name=INJECTED, contact_name="-1+2")
    client.force_login(office)
    job = ask_for_export(client, django_capture_on_commit_callbacks, "registry:unit-export")
    response = client.get(reverse("registry:export-download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    assert_no_formula(content)
    assert_no_formula(content, "-1+2")
