"""create_unit / update_unit / delete_unit: scope of each role, uniqueness, optimistic locking, audit."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from stdnum.cn import uscc

from tests import factories
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.domain.errors import DuplicateRecordError, StaleEditError
from yingcai.registry.domain.units import create_unit, delete_unit, update_unit
from yingcai.registry.enums import UnitKind
from yingcai.registry.models import Unit

_serial = itertools.count(1)


def new_credit_code() -> str:
    stem = f"91410400MA{next(_serial):07d}"
    return stem + uscc.calc_check_digit(stem)


def unit_data(county, **overrides) -> dict:
    data = {
        "name": "平顶山尼龙新材料研究院",
        "credit_code": new_credit_code(),
        "kind": UnitKind.RESEARCH_INSTITUTE,
        "county": county,
        "contact_name": "王主任",
        "contact_phone": "13812345678",
    }
    return {**data, **overrides}


def entries(action=None):
    qs = AuditEntry.objects.all()
    return qs.filter(action=action) if action else qs


# --- create ----------------------------------------------------------------------------------


def test_office_creates_unit_and_audit_entry_masks_contact_phone(office, county):
    unit = create_unit(by=office, data=unit_data(county))
    assert Unit.objects.filter(pk=unit.pk, county=county).exists()
    [entry] = history_of(unit)
    assert entry.action == AuditAction.CREATE
    assert entry.actor == office
    assert entry.changes["contact_phone"] == "138****5678"
    assert entry.changes["name"] == "平顶山尼龙新材料研究院"
    assert entry.changes["county"] == county.name
    assert "13812345678" not in str(entry.changes)


def test_credit_code_is_stored_normalised(office, county):
    code = new_credit_code()
    unit = create_unit(by=office, data=unit_data(county, credit_code=f" {code.lower()} "))
    unit.refresh_from_db()
    assert unit.credit_code == code


def test_invalid_credit_code_is_refused_and_nothing_saved(office, county):
    code = new_credit_code()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        create_unit(by=office, data=unit_data(county, credit_code=wrong))
    assert "credit_code" in info.value.message_dict
    assert not Unit.objects.exists()
    assert not entries().exists()


def test_duplicate_credit_code_points_at_existing_unit(office, county, unit):
    before = Unit.objects.count()
    with pytest.raises(DuplicateRecordError) as info:
        create_unit(by=office, data=unit_data(county, credit_code=unit.credit_code.lower(), name="另一家"))
    assert info.value.existing == unit
    assert info.value.field == "credit_code"
    assert info.value.message_dict == {"credit_code": ["该统一社会信用代码已登记。"]}
    assert Unit.objects.count() == before
    assert not entries().exists()


def test_county_staff_registers_unit_in_own_county(county_staff, county):
    unit = create_unit(by=county_staff, data=unit_data(county))
    assert unit.county == county
    assert history_of(unit).get().actor == county_staff


def test_county_staff_cannot_register_unit_in_another_county(county_staff, other_county):
    with pytest.raises(ValidationError) as info:
        create_unit(by=county_staff, data=unit_data(other_county))
    assert info.value.message_dict == {"county": ["只能登记本辖区（本部门主管）的单位。"]}
    assert not Unit.objects.exists()
    assert not entries().exists()


def test_department_staff_registers_units_it_supervises_in_any_county(other_county):
    department = factories.DepartmentFactory(name="市科技局测试")
    staff = factories.jurisdiction_user(department)
    unit = create_unit(by=staff, data=unit_data(other_county, department=department))
    assert (unit.county, unit.department) == (other_county, department)

    with pytest.raises(ValidationError) as info:
        create_unit(by=staff, data=unit_data(other_county))  # not supervised by this department
    assert "county" in info.value.message_dict
    assert Unit.objects.count() == 1


@pytest.mark.parametrize("role", ["unit_staff", "talent_self", "expert"])
def test_other_roles_cannot_create_units(request, role, county):
    user = request.getfixturevalue(role)
    before = Unit.objects.count()
    with pytest.raises(PermissionDenied):
        create_unit(by=user, data=unit_data(county))
    assert Unit.objects.count() == before
    assert not entries(AuditAction.CREATE).filter(actor=user).exists()


# --- update ----------------------------------------------------------------------------------


def test_update_records_only_changed_fields_and_bumps_version(office, unit):
    version = unit.version
    update_unit(
        by=office,
        unit=unit,
        data={"name": "平顶山新名称有限公司", "kind": unit.kind, "contact_name": "李四"},
        version=version,
        reason="更名",
    )
    unit.refresh_from_db()
    assert unit.name == "平顶山新名称有限公司"
    assert unit.version == version + 1
    entry = history_of(unit).get(action=AuditAction.UPDATE)
    assert set(entry.changes) == {"name", "contact_name"}
    assert entry.changes["contact_name"] == ["", "李四"]
    assert entry.reason == "更名"


def test_update_masks_contact_phone_in_the_diff(office, county):
    unit = factories.UnitFactory(county=county, contact_phone="13812345678")
    update_unit(by=office, unit=unit, data={"contact_phone": "13912340000"}, version=unit.version)
    entry = history_of(unit).get(action=AuditAction.UPDATE)
    assert entry.changes == {"contact_phone": ["138****5678", "139****0000"]}
    assert "13812345678" not in str(entry.changes)
    assert "13912340000" not in str(entry.changes)


def test_stale_version_is_refused_and_changes_nothing(office, unit):
    name = unit.name
    update_unit(by=office, unit=unit, data={"address": "新华路1号"}, version=unit.version)
    with pytest.raises(StaleEditError) as info:
        update_unit(by=office, unit=unit, data={"name": "覆盖别人的修改"}, version=1)
    assert info.value.code == "stale"
    unit.refresh_from_db()
    assert unit.name == name
    assert unit.version == 2
    assert history_of(unit).filter(action=AuditAction.UPDATE).count() == 1


def test_unit_staff_updates_own_profile(unit_staff, unit):
    update_unit(by=unit_staff, unit=unit, data={"address": "建设路2号"}, version=unit.version)
    unit.refresh_from_db()
    assert unit.address == "建设路2号"


@pytest.mark.parametrize("field", ["credit_code", "county", "department", "is_active"])
def test_unit_staff_cannot_change_identity_or_jurisdiction(unit_staff, unit, other_county, field):
    values = {
        "credit_code": new_credit_code(),
        "county": other_county,
        "department": other_county,
        "is_active": False,
    }
    before = (unit.credit_code, unit.county_id, unit.department_id, unit.is_active, unit.version)
    with pytest.raises(PermissionDenied) as info:
        update_unit(by=unit_staff, unit=unit, data={"name": "改名", field: values[field]}, version=unit.version)
    assert field in str(info.value)
    unit.refresh_from_db()
    assert (unit.credit_code, unit.county_id, unit.department_id, unit.is_active, unit.version) == before
    assert unit.name != "改名"
    assert not entries(AuditAction.UPDATE).exists()


def test_unit_staff_cannot_update_another_unit(unit_staff, other_unit):
    with pytest.raises(PermissionDenied):
        update_unit(by=unit_staff, unit=other_unit, data={"address": "x"}, version=other_unit.version)


def test_county_staff_cannot_move_unit_out_of_its_county(county_staff, unit, other_county):
    with pytest.raises(ValidationError) as info:
        update_unit(by=county_staff, unit=unit, data={"county": other_county}, version=unit.version)
    assert "county" in info.value.message_dict
    unit.refresh_from_db()
    assert unit.county_id != other_county.pk
    assert unit.version == 1


def test_county_staff_cannot_update_unit_of_another_county(county_staff, other_unit):
    with pytest.raises(PermissionDenied):
        update_unit(by=county_staff, unit=other_unit, data={"address": "x"}, version=other_unit.version)


def test_update_to_a_registered_credit_code_is_duplicate(office, unit, other_unit):
    with pytest.raises(DuplicateRecordError) as info:
        update_unit(by=office, unit=unit, data={"credit_code": other_unit.credit_code}, version=unit.version)
    assert info.value.existing == other_unit
    unit.refresh_from_db()
    assert unit.credit_code != other_unit.credit_code


@pytest.mark.parametrize("role", ["talent_self", "expert"])
def test_talent_and_expert_cannot_update_units(request, role, unit):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        update_unit(by=user, unit=unit, data={"address": "x"}, version=unit.version)


# --- delete ----------------------------------------------------------------------------------


def test_delete_unit_without_talents_records_reason(office, county):
    unit = factories.UnitFactory(county=county, contact_phone="13712345678")
    pk = unit.pk
    delete_unit(by=office, unit=unit, reason="重复登记")
    assert not Unit.objects.filter(pk=pk).exists()
    entry = entries(AuditAction.DELETE).get(object_id=str(pk))
    assert entry.reason == "重复登记"
    assert entry.changes["contact_phone"] == "137****5678"


@pytest.mark.parametrize("reason", ["", "   "])
def test_delete_needs_a_reason(office, county, reason):
    unit = factories.UnitFactory(county=county)
    with pytest.raises(ValidationError) as info:
        delete_unit(by=office, unit=unit, reason=reason)
    assert info.value.message_dict == {"reason": ["请填写删除原因。"]}
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not entries().exists()


def test_delete_unit_with_talents_is_refused_and_nothing_half_saved(office, unit, talent):
    with pytest.raises(ValidationError) as info:
        delete_unit(by=office, unit=unit, reason="撤销")
    assert info.value.code == "protected"
    assert info.value.messages == ["该单位仍有关联的人才或账号，不能删除；可将其设为无效。"]
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert talent.affiliations.filter(unit=unit).exists()
    assert not entries(AuditAction.DELETE).exists()


def test_delete_unit_with_only_past_talents_is_refused_history_kept(office, unit, talent):
    talent.affiliations.update(end_date="2024-01-01")
    with pytest.raises(ValidationError):
        delete_unit(by=office, unit=unit, reason="撤销")
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not entries(AuditAction.DELETE).exists()


def test_delete_unit_with_staff_accounts_is_refused(office, unit, unit_staff):
    with pytest.raises(ValidationError) as info:
        delete_unit(by=office, unit=unit, reason="撤销")
    assert info.value.code == "protected"
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not entries(AuditAction.DELETE).exists()


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_deletes_units(request, role, unit):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        delete_unit(by=user, unit=unit, reason="撤销")
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not entries(AuditAction.DELETE).exists()


def test_update_records_a_phone_change_even_when_the_masks_coincide(office, county):
    unit = factories.UnitFactory(county=county, contact_phone="13812345678")
    update_unit(by=office, unit=unit, data={"contact_phone": "13800005678"}, version=unit.version)
    entry = history_of(unit).get(action=AuditAction.UPDATE)
    assert "contact_phone" in entry.changes


# --- founded and dissolved (第七条: a contract cannot start outside the unit's life) -------------


@pytest.mark.django_db
def test_office_records_founding_and_dissolution_dates_audited(office, unit):
    import datetime

    update_unit(
        by=office,
        unit=unit,
        data={"founded_on": datetime.date(2010, 5, 1), "dissolved_on": datetime.date(2025, 6, 30)},
        version=unit.version,
    )
    unit.refresh_from_db()
    assert unit.founded_on == datetime.date(2010, 5, 1)
    assert unit.dissolved_on == datetime.date(2025, 6, 30)
    entry = history_of(unit).filter(action=AuditAction.UPDATE).get()
    assert "founded_on" in entry.changes and "dissolved_on" in entry.changes


@pytest.mark.django_db
def test_dissolution_before_founding_is_refused_naming_the_field(office, unit):
    import datetime

    with pytest.raises(ValidationError) as info:
        update_unit(
            by=office,
            unit=unit,
            data={"founded_on": datetime.date(2020, 5, 1), "dissolved_on": datetime.date(2020, 4, 30)},
            version=unit.version,
        )
    assert info.value.message_dict == {"dissolved_on": ["注销/撤销日期不能早于成立日期。"]}


def test_founding_in_the_future_is_refused(office, unit):
    import datetime

    import time_machine

    with time_machine.travel(datetime.date(2025, 6, 10)), pytest.raises(ValidationError) as info:
        update_unit(by=office, unit=unit, data={"founded_on": datetime.date(2025, 6, 11)}, version=unit.version)
    assert info.value.message_dict == {"founded_on": ["成立日期不能晚于今天。"]}


def test_unit_form_shows_and_saves_the_dates_for_those_who_may_edit(client, office, unit):
    from django.urls import reverse

    client.force_login(office)
    url = reverse("registry:unit-edit", args=[unit.pk])
    page = client.get(url).content.decode()
    assert 'name="founded_on"' in page and 'name="dissolved_on"' in page
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data = {
        k: ([str(x.pk) for x in v] if isinstance(v, list) else (v.pk if hasattr(v, "pk") else v))
        for k, v in data.items()
    }
    data.update({"founded_on": "2011-03-01", "version": unit.version, "contact_phone": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert str(unit.founded_on) == "2011-03-01"
    assert "2011-03-01" in client.get(reverse("registry:unit-detail", args=[unit.pk])).content.decode()
