"""What each role may see: the querysets (visible_units / visible_talents) and the object rules
(user.has_perm) must give the same answers, including the refusals. And talent search."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from stdnum.cn import ric

from tests import factories
from yingcai.registry.domain.queries import search_talents, visible_talents, visible_units
from yingcai.registry.models import Affiliation, Talent


def make_id(seq: int, born: datetime.date = datetime.date(1988, 6, 1)) -> str:
    stem = f"410402{born:%Y%m%d}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


@pytest.fixture
def world(county, other_county, unit, other_unit, talent, other_talent):
    """Two counties, a line department, and talents current, former and shared between units."""
    department = factories.DepartmentFactory(name="市卫生健康委测试")
    dept_unit = factories.UnitFactory(county=other_county, department=department)
    dept_talent = factories.TalentFactory(unit=dept_unit)
    former = factories.TalentFactory()
    Affiliation.objects.create(
        talent=former, unit=unit, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    shared = factories.TalentFactory(unit=other_unit)
    Affiliation.objects.create(talent=shared, unit=unit, position="兼职专家")
    unlinked = factories.TalentFactory()
    return SimpleNamespace(
        county=county,
        other_county=other_county,
        department=department,
        unit=unit,
        other_unit=other_unit,
        dept_unit=dept_unit,
        talent=talent,
        other_talent=other_talent,
        dept_talent=dept_talent,
        former=former,
        shared=shared,
        unlinked=unlinked,
    )


def users(w) -> dict:
    return {
        "office": factories.office_user(),
        "county": factories.jurisdiction_user(w.county),
        "other_county": factories.jurisdiction_user(w.other_county),
        "department": factories.jurisdiction_user(w.department),
        "unit": factories.unit_user(w.unit),
        "other_unit": factories.unit_user(w.other_unit),
        "talent": factories.talent_user(w.talent),
        "expert": factories.expert_user(),
    }


ALL_UNITS = {"unit", "other_unit", "dept_unit"}
ALL_TALENTS = {"talent", "other_talent", "dept_talent", "former", "shared", "unlinked"}

EXPECTED_UNITS = {
    "office": ALL_UNITS,
    "county": {"unit"},
    "other_county": {"other_unit", "dept_unit"},
    "department": {"dept_unit"},
    "unit": {"unit"},
    "other_unit": {"other_unit"},
    "talent": set(),
    "expert": set(),
}
EXPECTED_TALENTS = {
    "office": ALL_TALENTS,
    "county": {"talent", "shared"},  # not `former`: the affiliation ended
    "other_county": {"other_talent", "dept_talent", "shared"},
    "department": {"dept_talent"},
    "unit": {"talent", "shared"},
    "other_unit": {"other_talent", "shared"},
    "talent": {"talent"},
    "expert": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED_UNITS))
def test_visible_units_per_role_agree_with_rules(world, who):
    user = users(world)[who]
    visible = set(visible_units(user))
    for name in sorted(ALL_UNITS):
        unit = getattr(world, name)
        expected = name in EXPECTED_UNITS[who]
        assert (unit in visible) is expected, (who, name)
        assert user.has_perm("registry.view_unit", unit) is expected, (who, name)
    assert len(visible) == len(EXPECTED_UNITS[who])


@pytest.mark.parametrize("who", sorted(EXPECTED_TALENTS))
def test_visible_talents_per_role_agree_with_rules(world, who):
    user = users(world)[who]
    visible = set(visible_talents(user))
    for name in sorted(ALL_TALENTS):
        talent = getattr(world, name)
        expected = name in EXPECTED_TALENTS[who]
        assert (talent in visible) is expected, (who, name)
        assert user.has_perm("registry.view_talent", talent) is expected, (who, name)
    assert len(visible) == len(EXPECTED_TALENTS[who])


def test_visible_talents_has_no_duplicates_for_talents_with_two_current_units(world):
    county_user = factories.jurisdiction_user(world.county)
    world.other_unit.county = world.county
    world.other_unit.save()
    talents = list(visible_talents(county_user))
    assert talents.count(world.shared) == 1
    assert visible_talents(county_user).count() == len(set(talents))


def test_ending_an_affiliation_removes_the_talent_from_county_and_unit(world):
    county_user = factories.jurisdiction_user(world.county)
    unit_user = factories.unit_user(world.unit)
    assert world.talent in visible_talents(county_user)
    world.talent.affiliations.update(end_date=datetime.date(2025, 6, 30))
    for user in (county_user, unit_user):
        assert world.talent not in visible_talents(user)
        assert not user.has_perm("registry.view_talent", world.talent)
    assert world.talent in visible_talents(factories.office_user())


def test_unscoped_and_anonymous_users_see_nothing(world):
    anonymous = AnonymousUser()
    assert not visible_units(anonymous).exists()
    assert not visible_talents(anonymous).exists()
    assert not anonymous.has_perm("registry.view_talent", world.talent)
    unscoped = factories.UserFactory(role="jurisdiction", jurisdiction=None)
    assert not visible_units(unscoped).exists()
    assert not visible_talents(unscoped).exists()
    assert not unscoped.has_perm("registry.view_unit", world.unit)


def test_talent_without_profile_sees_nobody(world):
    user = factories.UserFactory(role="talent", talent=None)
    assert not visible_talents(user).exists()
    assert not user.has_perm("registry.view_talent", world.talent)


# --- search ----------------------------------------------------------------------------------


@pytest.fixture
def people(db):
    names = {"zhangsan": "张三", "zhangwei": "张伟", "lisi": "李四", "zhaosi": "赵四", "sanmao": "三毛"}
    return {
        key: factories.TalentFactory(name=name, id_number=make_id(i)) for i, (key, name) in enumerate(names.items())
    }


def found(text):
    return set(search_talents(Talent.objects.all(), text, by=factories.office_user()))


def test_search_by_chinese_substring(people):
    assert found("张") == {people["zhangsan"], people["zhangwei"]}
    assert found("三") == {people["zhangsan"], people["sanmao"]}
    assert found("张三") == {people["zhangsan"]}
    assert found("王") == set()


def test_search_by_full_pinyin_prefix(people):
    assert found("zhang") == {people["zhangsan"], people["zhangwei"]}
    assert found("zhangsan") == {people["zhangsan"]}
    assert found("ZhangSan") == {people["zhangsan"]}
    assert found("zhang san") == {people["zhangsan"]}
    assert found("zhangsanfeng") == set()
    assert found("hangsan") == set()  # a prefix, not any substring


def test_search_by_initials(people):
    assert found("zs") == {people["zhangsan"], people["zhaosi"]}
    assert found("ZS") == {people["zhangsan"], people["zhaosi"]}
    assert found("zw") == {people["zhangwei"]}
    assert found("ls") == {people["lisi"]}
    assert found("sm") == {people["sanmao"]}
    assert found("zx") == set()


def test_empty_search_returns_everything(people):
    assert found("") == set(people.values())
    assert found("   ") == set(people.values())


def test_search_by_whole_id_number_only(people):
    target = people["lisi"]
    assert found(target.id_number) == {target}
    assert found(f" {target.id_number} ") == {target}
    assert found(target.id_number[:17]) == set()
    assert found(target.id_number[:6]) == set()
    assert found(target.id_number[-4:]) == set()
    assert found(target.id_number[1:]) == set()


def test_search_by_id_number_with_lowercase_x(db):
    number = next(n for n in (make_id(s, datetime.date(1991, 1, 1)) for s in range(1000)) if n.endswith("X"))
    person = factories.TalentFactory(name="钱七", id_number=number)
    assert found(number[:-1] + "x") == {person}
    assert found(number[:-1]) == set()


def test_search_stays_inside_the_visible_queryset(world):
    unit_user = factories.unit_user(world.unit)
    name = world.other_talent.name
    assert world.other_talent in search_talents(Talent.objects.all(), name, by=unit_user)
    assert world.other_talent not in search_talents(visible_talents(unit_user), name, by=unit_user)
    number = world.other_talent.id_number
    assert world.other_talent not in search_talents(visible_talents(unit_user), number, by=unit_user)
    # Nor through a wider queryset: a number finds only people whose number the searcher may see.
    assert world.other_talent not in search_talents(Talent.objects.all(), number, by=unit_user)


@pytest.mark.parametrize(
    ("name", "pinyin", "initials"),
    [("曾国藩", "zeng", "zgf"), ("单田芳", "shan", "stf"), ("解缙", "xie", "xj"), ("仇英", "qiu", "qy")],
)
def test_search_reads_surnames_the_way_they_are_pronounced(db, name, pinyin, initials):
    person = factories.TalentFactory(name=name, id_number=make_id(1))
    assert person in found(pinyin)
    assert person in found(initials)
