"""参考数据维护 on console pages for the system administrator: codes generated, a jurisdiction's
division code checked, every change audited with its reason, and nobody else let in."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.domain.reference_upkeep import KINDS, next_code, save_reference
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin():
    return factories.system_admin_user()


def test_a_new_field_gets_the_next_code_and_the_change_is_audited(sysadmin):
    KeyTechField.objects.create(code="F07", name="已有领域")
    made = save_reference(by=sysadmin, kind=KINDS["fields"], instance=None, data={"name": "智能传感"}, reason="新增")
    assert made.code == "F08"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(made.pk))
    assert entry.changes["code"] == [None, "F08"] and entry.changes["name"] == [None, "智能传感"]
    assert entry.reason == "新增"


def test_platform_types_loaded_with_word_codes_still_get_a_numbered_one():
    assert next_code(KINDS["platform-types"]).startswith("P")


def test_a_change_keeps_the_code_and_audits_only_what_changed(sysadmin):
    cluster = IndustryCluster.objects.create(code="C01", name="新材料")
    chain = IndustryChain.objects.create(code="L01", name="尼龙新材料", cluster=cluster)
    save_reference(
        by=sysadmin,
        kind=KINDS["chains"],
        instance=chain,
        data={
            "name": chain.name + "（含精深加工）",
            "cluster": cluster,
            "verified": chain.verified,
            "note": chain.note,
        },
        reason="按市工信局通知更名",
    )
    chain.refresh_from_db()
    assert chain.name.endswith("（含精深加工）")
    entry = AuditEntry.objects.filter(object_id=str(chain.pk), action=AuditAction.UPDATE).get()
    assert set(entry.changes) <= {"name", "cluster"} and "name" in entry.changes


@pytest.mark.parametrize(
    ("kind", "code", "ok"),
    [
        (JurisdictionKind.DISTRICT, "410499", True),
        (JurisdictionKind.DISTRICT, "41049", False),
        (JurisdictionKind.DISTRICT, "", False),
        (JurisdictionKind.DEPARTMENT, "", True),
        (JurisdictionKind.DEPARTMENT, "abc", False),
    ],
)
def test_a_county_needs_its_six_digit_division_code(sysadmin, kind, code, ok):
    data = {"name": "测试区划", "kind": kind, "code": code, "parent": None, "sort_order": 99, "is_active": True}
    if ok:
        made = save_reference(by=sysadmin, kind=KINDS["jurisdictions"], instance=None, data=data, reason="新设")
        assert made.code == (code or None)
    else:
        with pytest.raises(ValidationError) as error:
            save_reference(by=sysadmin, kind=KINDS["jurisdictions"], instance=None, data=data, reason="新设")
        assert "code" in error.value.message_dict


def test_a_reason_is_required(sysadmin):
    with pytest.raises(ValidationError) as error:
        save_reference(by=sysadmin, kind=KINDS["fields"], instance=None, data={"name": "x"}, reason=" ")
    assert "reason" in error.value.message_dict


@pytest.mark.parametrize("role", ["office", "county", "secadmin"])
def test_nobody_but_the_system_administrator(role, county, client):
    user = {
        "office": factories.office_user,
        "county": lambda: factories.jurisdiction_user(county),
        "secadmin": lambda: factories.UserFactory(role="security_admin"),
    }[role]()
    with pytest.raises(PermissionDenied):
        save_reference(by=user, kind=KINDS["fields"], instance=None, data={"name": "x"}, reason="r")
    client.force_login(user)
    assert client.get(reverse("registry:reference")).status_code == 403
    assert client.get(reverse("registry:reference-list", args=["fields"])).status_code == 403
    assert (
        client.post(reverse("registry:reference-create", args=["fields"]), {"name": "x", "reason": "r"}).status_code
        == 403
    )
    assert not KeyTechField.objects.filter(name="x").exists()


def test_the_administrator_keeps_the_data_on_the_pages(sysadmin, client):
    client.force_login(sysadmin)
    home = client.get(reverse("home")).content.decode()
    assert reverse("registry:reference") in home  # the menu entry
    index = client.get(reverse("registry:reference")).content.decode()
    assert "产业链（12链）" in index
    Jurisdiction.objects.create(name="新华区（测）", code="410402", kind=JurisdictionKind.DISTRICT)
    listing = client.get(reverse("registry:reference-list", args=["jurisdictions"])).content.decode()
    assert "新华区（测）" in listing and "410402" in listing and "市辖区" in listing
    form = client.get(reverse("registry:reference-create", args=["fields"])).content.decode()
    assert 'name="code"' not in form  # codes are generated, never typed
    refused = client.post(reverse("registry:reference-create", args=["fields"]), {"name": "氢能装备", "reason": ""})
    assert refused.status_code == 200 and "field" in refused.content.decode()
    saved = client.post(reverse("registry:reference-create", args=["fields"]), {"name": "氢能装备", "reason": "新增"})
    assert saved.status_code == 302
    assert KeyTechField.objects.get(name="氢能装备").code.startswith("F")
    district = Jurisdiction.objects.get(code="410402")
    edit = client.post(
        reverse("registry:reference-edit", args=["jurisdictions", district.pk]),
        {
            "name": district.name,
            "kind": district.kind,
            "code": district.code,
            "sort_order": district.sort_order,
            "reason": "停用测试",
        },
    )
    assert edit.status_code == 302
    district.refresh_from_db()
    assert district.is_active is False  # the checkbox left unticked
    assert client.get(reverse("registry:reference-list", args=["nothing"])).status_code == 404
