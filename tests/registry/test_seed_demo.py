"""seed_demo: a realistic, valid demo data set and one login per role."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from stdnum.cn import ric, uscc

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.management.commands.seed_demo import DEMO_PASSWORD
from yingcai.registry.models import Affiliation, Jurisdiction, Talent, Unit
from yingcai.registry.validators import id_number_facts, validate_credit_code, validate_id_number


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return seed(talents=300)


def test_creates_300_talents_and_the_units_for_them(demo):
    assert Talent.objects.count() == 300
    assert Unit.objects.count() == 30  # one unit per 10 talents, at least 20
    assert "created 30 units and 300 talents" in demo
    assert not Talent.objects.filter(affiliations__isnull=True).exists()
    assert Affiliation.objects.filter(end_date__isnull=True).count() >= 300


def test_talent_id_numbers_carry_check_character_birth_date_and_gender(demo):
    numbers = list(Talent.objects.values_list("id_number", "birth_date", "gender"))
    assert len({n for n, _, _ in numbers}) == 300
    for number, birth, gender in numbers:
        assert len(number) == 18
        assert number[-1] == ric.calc_check_digit(number)
        assert id_number_facts(number) == (birth, gender)
    assert {g for _, _, g in numbers} == {"male", "female"}


def test_talent_id_numbers_pass_the_app_validator(demo):
    refused = []
    for number in Talent.objects.values_list("id_number", flat=True):
        try:
            validate_id_number(number)
        except ValidationError:
            refused.append(number)
    assert refused == []


def test_unit_credit_codes_are_valid_and_unique(demo):
    codes = list(Unit.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == len(codes) == 30
    for code in codes:
        assert uscc.is_valid(code), code
        validate_credit_code(code)


def test_units_spread_over_counties_departments_and_kinds(demo):
    counties = set(Unit.objects.values_list("county__code", flat=True))
    assert len(counties) >= 5
    assert "410400" not in counties  # units sit in a county-level division, not the city itself
    assert len(set(Unit.objects.values_list("kind", flat=True))) >= 3
    assert Unit.objects.filter(department__kind=JurisdictionKind.DEPARTMENT).exists()
    assert Unit.objects.filter(department__isnull=True).exists()
    talents_per_county = set(Affiliation.objects.values_list("unit__county", flat=True))
    assert len(talents_per_county) >= 5


def test_demo_logins_have_the_right_roles_and_scopes(demo):
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["office", "county", "dept", "unit", "talent", "expert"])
    }
    assert set(users) == {"office", "county", "dept", "unit", "talent", "expert"}
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        user.full_clean()  # the role has the scope it needs

    assert users["office"].role == Role.TALENT_OFFICE
    assert users["office"].is_staff
    assert users["county"].role == Role.JURISDICTION
    assert users["county"].jurisdiction.code == "410402"
    assert users["dept"].role == Role.JURISDICTION
    assert users["dept"].jurisdiction == Jurisdiction.objects.get(name="市科技局")
    assert users["dept"].jurisdiction.kind == JurisdictionKind.DEPARTMENT
    assert users["unit"].role == Role.UNIT
    assert users["unit"].unit is not None
    assert users["talent"].role == Role.TALENT
    assert users["talent"].talent.affiliations.filter(unit=users["unit"].unit, end_date__isnull=True).exists()
    assert users["expert"].role == Role.EXPERT
    assert (users["expert"].unit, users["expert"].jurisdiction, users["expert"].talent) == (None, None, None)
    assert not any(users[name].is_staff for name in ("county", "dept", "unit", "talent", "expert"))


def test_demo_logins_see_what_their_role_allows(demo):
    users = {u.username: u for u in User.objects.all()}
    talent = users["talent"].talent
    assert users["office"].has_perm("registry.view_talent", talent)
    assert users["unit"].has_perm("registry.view_personal_data", talent)
    assert users["talent"].has_perm("registry.view_talent", talent)
    assert not users["expert"].has_perm("registry.view_talent", talent)


@pytest.mark.django_db
def test_if_empty_on_a_second_run_adds_nothing():
    seed(talents=40, units=5)
    counts = (Talent.objects.count(), Unit.objects.count(), Affiliation.objects.count(), User.objects.count())
    assert counts[:2] == (40, 5)
    assert counts[3] == 6
    out = seed(talents=40, units=5, if_empty=True)
    assert "demo data already present" in out
    assert (Talent.objects.count(), Unit.objects.count(), Affiliation.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_if_empty_on_an_empty_database_seeds():
    seed(talents=25, units=3, if_empty=True)
    assert Talent.objects.count() == 25
    assert Unit.objects.count() == 3


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_set():
    seed(talents=20, units=3, seed=11)
    first = sorted(Talent.objects.values_list("id_number", flat=True))
    Affiliation.objects.all().delete()
    Talent.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()
    seed(talents=20, units=3, seed=11)
    assert sorted(Talent.objects.values_list("id_number", flat=True)) == first
