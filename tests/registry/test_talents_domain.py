"""Talents: registration, edits, links to units, and revealing personal data (always logged)."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from stdnum.cn import ric

from tests import factories
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.domain.errors import DuplicateRecordError, StaleEditError
from yingcai.registry.domain.talents import (
    create_talent,
    end_affiliation,
    link_talent_to_unit,
    reveal_personal_data,
    update_talent,
)
from yingcai.registry.models import Affiliation, Talent

_seq = itertools.count(100)


def make_id(born: datetime.date = datetime.date(1985, 3, 7), *, male: bool = True, place: str = "410402") -> str:
    """A valid 公民身份号码 (born 1983 or later, so python-stdnum knows the Pingdingshan codes)."""
    seq = next(_seq)
    if (seq % 2 == 1) != male:
        seq = next(_seq)
    stem = f"{place}{born:%Y%m%d}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def talent_data(**overrides) -> dict:
    return {"name": "张三", "id_number": make_id(), "education": "doctorate", "phone": "13812345678", **overrides}


def valid_talent(unit=None, **kwargs) -> Talent:
    """A factory talent whose ID number passes the app's validator, so domain edits can save it."""
    kwargs.setdefault("id_number", make_id())
    return factories.TalentFactory(unit=unit, **kwargs)


def all_audit_text() -> str:
    return " ".join(f"{e.changes} {e.reason} {e.object_repr}" for e in AuditEntry.objects.all())


# --- create ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "male", "gender"),
    [(datetime.date(1985, 3, 7), True, "male"), (datetime.date(1999, 12, 31), False, "female")],
)
def test_create_talent_derives_birth_date_gender_and_pinyin(office, born, male, gender):
    number = make_id(born, male=male)
    talent = create_talent(by=office, data=talent_data(id_number=number))
    talent.refresh_from_db()
    assert (talent.birth_date, talent.gender) == (born, gender)
    assert (talent.name_pinyin, talent.name_initials) == ("zhangsan", "zs")
    assert talent.id_number == number
    assert talent.version == 1


def test_create_talent_normalises_lowercase_x(office):
    number = next(n for n in (make_id() for _ in range(2000)) if n.endswith("X"))
    talent = create_talent(by=office, data=talent_data(id_number=number[:-1] + "x"))
    assert Talent.objects.get(pk=talent.pk).id_number == number


def test_unit_staff_create_links_talent_to_own_unit_even_if_another_is_passed(unit_staff, unit, other_unit):
    talent = create_talent(by=unit_staff, data=talent_data(), unit=other_unit, position="总工程师")
    [affiliation] = Affiliation.objects.filter(talent=talent)
    assert affiliation.unit == unit
    assert affiliation.end_date is None
    assert affiliation.position == "总工程师"
    assert not Affiliation.objects.filter(unit=other_unit, talent=talent).exists()


def test_create_talent_audit_entry_is_masked(office, unit):
    number = make_id()
    talent = create_talent(by=office, data=talent_data(id_number=number), unit=unit)
    created = history_of(talent).filter(action=AuditAction.CREATE)
    assert created.count() == 2  # the person, then the link to the unit
    snapshot = created.exclude(changes__has_key="affiliation").get().changes
    assert snapshot["id_number"] == f"{number[:4]}************{number[-2:]}"
    assert snapshot["phone"] == "138****5678"
    assert number not in all_audit_text()
    assert "13812345678" not in all_audit_text()


def test_create_with_a_registered_id_number_is_duplicate(office):
    existing = valid_talent()
    with pytest.raises(DuplicateRecordError) as info:
        create_talent(by=office, data=talent_data(id_number=existing.id_number, name="李四"))
    assert info.value.existing == existing
    assert info.value.message_dict == {"id_number": ["该公民身份号码已登记在人才库中。"]}
    assert Talent.objects.count() == 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (make_id()[:17], "公民身份号码应为18位。"),
        (make_id()[:-1] + "Y", "公民身份号码校验码不正确，请核对后重新输入。"),
        ("41040219900230123" + ric.calc_check_digit("410402199002301230"), "公民身份号码中的出生日期或地址码无效。"),
    ],
)
def test_invalid_id_number_is_refused_naming_the_field_and_nothing_saved(office, unit, number, message):
    before = Talent.objects.count()
    with pytest.raises(ValidationError) as info:
        create_talent(by=office, data=talent_data(id_number=number), unit=unit)
    assert info.value.message_dict["id_number"] == [message]
    assert Talent.objects.count() == before
    assert not Affiliation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_invalid_id_number_error_names_only_the_fields_the_user_typed(office):
    with pytest.raises(ValidationError) as info:
        create_talent(by=office, data=talent_data(id_number=make_id()[:-1] + "Y"))
    assert set(info.value.message_dict) == {"id_number"}


def test_invalid_phone_is_refused(office):
    with pytest.raises(ValidationError) as info:
        create_talent(by=office, data=talent_data(phone="12012345678"))
    assert info.value.message_dict["phone"] == ["手机号码应为以1开头的11位数字。"]
    assert not Talent.objects.exists()


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_roles_that_may_not_register_talents(request, role):
    user = request.getfixturevalue(role)
    before = Talent.objects.count()
    with pytest.raises(PermissionDenied):
        create_talent(by=user, data=talent_data())
    assert Talent.objects.count() == before
    assert not AuditEntry.objects.exists()


# --- update ----------------------------------------------------------------------------------


def test_update_rederives_facts_and_pinyin_and_masks_the_diff(office, unit):
    talent = valid_talent(unit, name="王五", phone="13700001111")
    old_number = talent.id_number
    new_number = make_id(datetime.date(1992, 8, 8), male=False)
    update_talent(
        by=office,
        talent=talent,
        data={"name": "李四", "id_number": new_number, "phone": "13912345678"},
        version=talent.version,
        reason="更正",
    )
    talent.refresh_from_db()
    assert (talent.birth_date, talent.gender) == (datetime.date(1992, 8, 8), "female")
    assert (talent.name_pinyin, talent.name_initials) == ("lisi", "ls")
    assert talent.version == 2
    entry = history_of(talent).get(action=AuditAction.UPDATE)
    assert set(entry.changes) >= {"name", "id_number", "phone", "birth_date", "gender"}
    assert entry.changes["id_number"] == [
        f"{old_number[:4]}************{old_number[-2:]}",
        f"4104************{new_number[-2:]}",
    ]
    # The birth date is logged as its year (the history is shown beside the masked number).
    assert entry.changes["birth_date"] == [str(old_number[6:10]), "1992"]
    assert entry.changes["phone"] == ["137****1111", "139****5678"]
    for clear in (old_number, new_number, "13700001111", "13912345678"):
        assert clear not in all_audit_text()


def test_update_with_stale_version_is_refused(office, unit):
    talent = valid_talent(unit, name="王五")
    update_talent(by=office, talent=talent, data={"specialty": "高分子材料"}, version=1)
    with pytest.raises(StaleEditError):
        update_talent(by=office, talent=talent, data={"name": "赵六"}, version=1)
    talent.refresh_from_db()
    assert talent.name == "王五"
    assert talent.version == 2
    assert history_of(talent).filter(action=AuditAction.UPDATE).count() == 1


def test_update_to_a_registered_id_number_is_duplicate(office, unit):
    talent = valid_talent(unit)
    other = valid_talent()
    with pytest.raises(DuplicateRecordError) as info:
        update_talent(by=office, talent=talent, data={"id_number": other.id_number}, version=talent.version)
    assert info.value.existing == other
    talent.refresh_from_db()
    assert talent.id_number != other.id_number
    assert talent.version == 1


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_roles_that_may_not_edit_talents(request, role, talent):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        update_talent(by=user, talent=talent, data={"specialty": "x"}, version=talent.version)


def test_unit_staff_cannot_edit_a_talent_of_another_unit(unit_staff, other_talent):
    with pytest.raises(PermissionDenied):
        update_talent(by=unit_staff, talent=other_talent, data={"specialty": "x"}, version=other_talent.version)


def test_update_records_a_phone_change_even_when_the_masks_coincide(office, unit):
    talent = valid_talent(unit, phone="13812345678")
    update_talent(by=office, talent=talent, data={"phone": "13800005678"}, version=talent.version)
    assert "phone" in history_of(talent).get(action=AuditAction.UPDATE).changes


# --- reveal personal data --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", "unit_staff", "talent_self"])
def test_reveal_allowed_and_logged(request, role, talent):
    user = request.getfixturevalue(role)
    values = reveal_personal_data(by=user, talent=talent)
    assert values == {"id_number": talent.id_number, "phone": talent.phone}
    entry = history_of(talent).get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert entry.actor == user
    assert entry.actor_role == user.role
    assert talent.id_number not in str(entry.changes)
    reveal_personal_data(by=user, talent=talent)
    assert history_of(talent).filter(action=AuditAction.VIEW_PERSONAL_DATA).count() == 2


def test_reveal_denied_to_county_other_unit_and_expert(county_staff, other_unit, expert, talent):
    other_unit_staff = factories.unit_user(other_unit)
    for user in (county_staff, other_unit_staff, expert):
        assert user.has_perm("registry.view_personal_data", talent) is False
        with pytest.raises(PermissionDenied):
            reveal_personal_data(by=user, talent=talent)
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_reveal_denied_to_another_talent(talent, other_talent):
    other_self = factories.talent_user(other_talent)
    with pytest.raises(PermissionDenied):
        reveal_personal_data(by=other_self, talent=talent)


def test_former_unit_can_no_longer_reveal(office, unit_staff, talent):
    affiliation = talent.affiliations.get()
    end_affiliation(by=office, affiliation=affiliation, end_date=datetime.date(2025, 6, 30), reason="离职")
    with pytest.raises(PermissionDenied):
        reveal_personal_data(by=unit_staff, talent=talent)


# --- affiliations ----------------------------------------------------------------------------


def test_end_affiliation_keeps_the_history(unit_staff, unit, talent):
    affiliation = talent.affiliations.get()
    end_affiliation(by=unit_staff, affiliation=affiliation, end_date=datetime.date(2025, 6, 30), reason="调离")
    affiliation.refresh_from_db()
    assert affiliation.end_date == datetime.date(2025, 6, 30)
    assert Affiliation.objects.filter(talent=talent, unit=unit).count() == 1
    assert talent in unit.talents.all()  # the link is still there, only ended
    entry = history_of(talent).get(action=AuditAction.UPDATE)
    assert entry.changes == {"affiliation_end": [unit.name, "2025-06-30"]}
    assert entry.reason == "调离"


def test_end_date_before_start_is_refused(office, unit):
    talent = valid_talent()
    affiliation = Affiliation.objects.create(talent=talent, unit=unit, start_date=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as info:
        end_affiliation(by=office, affiliation=affiliation, end_date=datetime.date(2024, 2, 29), reason="x")
    assert info.value.message_dict == {"end_date": ["终止日期不能早于起始日期。"]}
    affiliation.refresh_from_db()
    assert affiliation.end_date is None
    assert not AuditEntry.objects.exists()


def test_end_date_on_the_start_day_is_accepted(office, unit):
    talent = valid_talent()
    affiliation = Affiliation.objects.create(talent=talent, unit=unit, start_date=datetime.date(2024, 3, 1))
    end_affiliation(by=office, affiliation=affiliation, end_date=datetime.date(2024, 3, 1), reason="当日离职")
    affiliation.refresh_from_db()
    assert affiliation.end_date == datetime.date(2024, 3, 1)


def test_ending_twice_is_refused(office, talent):
    affiliation = talent.affiliations.get()
    end_affiliation(by=office, affiliation=affiliation, end_date=datetime.date(2025, 1, 31), reason="离职")
    again = Affiliation.objects.get(pk=affiliation.pk)
    with pytest.raises(ValidationError) as info:
        end_affiliation(by=office, affiliation=again, end_date=datetime.date(2025, 12, 31), reason="再次")
    assert info.value.code == "already_ended"
    assert info.value.messages == ["该任职已结束。"]
    again.refresh_from_db()
    assert again.end_date == datetime.date(2025, 1, 31)
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 1


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_roles_that_may_not_end_affiliations(request, role, talent):
    user = request.getfixturevalue(role)
    affiliation = talent.affiliations.get()
    with pytest.raises(PermissionDenied):
        end_affiliation(by=user, affiliation=affiliation, end_date=datetime.date(2025, 1, 31), reason="x")
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


def test_second_current_link_to_the_same_unit_is_refused(office, unit, talent):
    with pytest.raises(ValidationError) as info:
        link_talent_to_unit(by=office, talent=talent, unit=unit, position="兼职")
    assert info.value.code == "already_linked"
    assert info.value.messages == ["该人才已在本单位任职。"]
    assert Affiliation.objects.filter(talent=talent, unit=unit).count() == 1


def test_relink_after_the_link_ended_and_link_to_a_second_unit(office, unit, other_unit, talent):
    end_affiliation(by=office, affiliation=talent.affiliations.get(), end_date=datetime.date(2024, 1, 1), reason="x")
    link_talent_to_unit(by=office, talent=talent, unit=unit, position="返聘")
    link_talent_to_unit(by=office, talent=talent, unit=other_unit, position="兼职专家")
    assert Affiliation.objects.filter(talent=talent, unit=unit).count() == 2
    assert Affiliation.objects.filter(talent=talent, end_date__isnull=True).count() == 2
    links = history_of(talent).filter(action=AuditAction.CREATE, changes__has_key="affiliation")
    assert links.count() == 2


def test_county_staff_cannot_link_talents(county_staff, unit):
    talent = valid_talent()
    with pytest.raises(PermissionDenied):
        link_talent_to_unit(by=county_staff, talent=talent, unit=unit)
    assert not Affiliation.objects.filter(talent=talent).exists()


def test_unit_staff_cannot_link_to_another_unit(unit_staff, other_unit):
    talent = valid_talent()
    with pytest.raises(PermissionDenied):
        link_talent_to_unit(by=unit_staff, talent=talent, unit=other_unit)
    assert not Affiliation.objects.filter(talent=talent).exists()
