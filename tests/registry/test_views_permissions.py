"""Who may open which registry page, and what the pages show or refuse (SPEC.md "Who uses it")."""

import datetime

import pytest
from django.urls import reverse
from stdnum.cn import ric

from tests import factories
from yingcai.audit.models import AuditEntry
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.domain.queries import talents_with_id_number
from yingcai.registry.models import Affiliation, Talent, Unit

ROLES = ["office", "county_staff", "unit_staff", "talent_self", "expert"]
STALE_MESSAGE = "该记录已被他人修改"


@pytest.fixture
def affiliation(talent, unit):
    return Affiliation.objects.get(talent=talent, unit=unit)


@pytest.fixture
def other_affiliation(other_talent, other_unit):
    return Affiliation.objects.get(talent=other_talent, unit=other_unit)


@pytest.fixture
def checked_talent(unit):
    """A talent at `unit` whose ID number passes the form's validation, for edit and duplicate tests."""
    return factories.TalentFactory(unit=unit, id_number=valid_id_number())


@pytest.fixture
def checked_other_talent(other_unit):
    return factories.TalentFactory(unit=other_unit, id_number=valid_id_number())


@pytest.fixture
def login(db, client, request):
    """login("unit_staff") logs the client in as that fixture's user; login(None) stays anonymous."""

    def _login(role):
        if role is not None:
            client.force_login(request.getfixturevalue(role))
        return client

    return _login


def valid_id_number() -> str:
    """A 公民身份号码 the app's validator accepts."""
    born = datetime.date(1990, 1, 1) + datetime.timedelta(days=factories.rng.randrange(0, 3000))
    return factories.demo.id_number(factories.rng, born=born)


def _wrong_check_character(id_number: str) -> str:
    last = "0" if id_number[-1] != "0" else "1"
    return id_number[:-1] + last


def _talent_post(**overrides) -> dict:
    data = {
        "name": "林新登",
        "id_number": valid_id_number(),
        "education": "doctorate",
        "title": "senior_full",
        "specialty": "高分子材料",
        "phone": "13800138000",
        "email": "",
        "position": "研究员",
    }
    data.update(overrides)
    return data


# --- the permission matrix -------------------------------------------------------------------------
# (route, target fixture, method, {role: expected status})
ALLOWED = 200
DENIED = 403
MATRIX = [
    ("registry:talent-list", None, "get", {"office": 200, "county_staff": 200, "unit_staff": 200}),
    ("registry:unit-list", None, "get", {"office": 200, "county_staff": 200, "unit_staff": 200}),
    ("registry:talent-create", None, "get", {"office": 200, "unit_staff": 200}),
    ("registry:unit-create", None, "get", {"office": 200, "county_staff": 200}),
    (
        "registry:talent-detail",
        "talent",
        "get",
        {"office": 200, "county_staff": 200, "unit_staff": 200, "talent_self": 200},
    ),
    ("registry:talent-detail", "other_talent", "get", {"office": 200}),
    ("registry:unit-detail", "unit", "get", {"office": 200, "county_staff": 200, "unit_staff": 200}),
    ("registry:unit-detail", "other_unit", "get", {"office": 200}),
    ("registry:talent-edit", "talent", "get", {"office": 200, "unit_staff": 200}),
    ("registry:talent-edit", "other_talent", "get", {"office": 200}),
    ("registry:unit-edit", "unit", "get", {"office": 200, "county_staff": 200, "unit_staff": 200}),
    ("registry:unit-edit", "other_unit", "get", {"office": 200}),
    ("registry:talent-delete", "talent", "get", {"office": 200}),
    ("registry:unit-delete", "unit", "get", {"office": 200}),
    ("registry:talent-reveal", "talent", "post", {"office": 200, "unit_staff": 200, "talent_self": 200}),
    ("registry:talent-reveal", "other_talent", "post", {"office": 200}),
    ("registry:affiliation-end", "affiliation", "post", {"office": 302, "unit_staff": 302}),
    ("registry:affiliation-end", "other_affiliation", "post", {"office": 302}),
]
CASES = [
    pytest.param(route, target, method, role, allowed.get(role, DENIED), id=f"{route.split(':')[1]}-{target}-{role}")
    for route, target, method, allowed in MATRIX
    for role in ROLES
]


@pytest.mark.parametrize(("route", "target", "method", "role", "expected"), CASES)
def test_permission_matrix(request, login, route, target, method, role, expected):
    args = [request.getfixturevalue(target).pk] if target else []
    client = login(role)
    data = {"end_date": "2026-01-31", "reason": "合同到期"} if route == "registry:affiliation-end" else {}
    response = getattr(client, method)(reverse(route, args=args), data)
    assert response.status_code == expected
    if expected == DENIED:
        assert "无权访问" in response.content.decode()


@pytest.mark.parametrize(
    ("route", "target", "method"), [(route, target, method) for route, target, method, _ in MATRIX]
)
def test_anonymous_users_are_sent_to_login(request, client, route, target, method):
    args = [request.getfixturevalue(target).pk] if target else []
    url = reverse(route, args=args)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith("/login/")
    assert "next=" in response.url


# --- denials spelled out, next to the grant they limit -------------------------------------------


def test_unit_staff_opens_own_talent_and_unit_but_not_another_units(client, unit_staff, talent, other_talent):
    client.force_login(unit_staff)
    assert client.get(reverse("registry:talent-detail", args=[talent.pk])).status_code == 200
    assert client.get(reverse("registry:unit-detail", args=[unit_staff.unit_id])).status_code == 200
    assert client.get(reverse("registry:talent-detail", args=[other_talent.pk])).status_code == 403
    other_unit_id = other_talent.affiliations.get().unit_id
    assert client.get(reverse("registry:unit-detail", args=[other_unit_id])).status_code == 403


def test_unit_staff_loses_a_talent_who_left(client, unit_staff, talent, affiliation):
    affiliation.end_date = datetime.date(2025, 12, 31)
    affiliation.save()
    client.force_login(unit_staff)
    assert client.get(reverse("registry:talent-detail", args=[talent.pk])).status_code == 403


def test_county_staff_sees_jurisdiction_talent_masked_but_may_not_reveal(client, county_staff, talent, other_talent):
    client.force_login(county_staff)
    response = client.get(reverse("registry:talent-detail", args=[talent.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert mask_id_number(talent.id_number) in html
    assert talent.id_number not in html
    assert talent.phone not in html
    assert 'hx-post="{}"'.format(reverse("registry:talent-reveal", args=[talent.pk])) not in html

    reveal = client.post(reverse("registry:talent-reveal", args=[talent.pk]))
    assert reveal.status_code == 403
    assert talent.id_number not in reveal.content.decode()
    assert not AuditEntry.objects.filter(action="view_personal").exists()

    assert client.get(reverse("registry:talent-detail", args=[other_talent.pk])).status_code == 403


def test_county_staff_may_not_edit_a_talent_in_its_jurisdiction(client, county_staff, talent):
    client.force_login(county_staff)
    assert client.get(reverse("registry:talent-edit", args=[talent.pk])).status_code == 403
    response = client.post(reverse("registry:talent-edit", args=[talent.pk]), _talent_post(version=talent.version))
    assert response.status_code == 403
    talent.refresh_from_db()
    assert talent.name != "林新登"


def test_department_staff_see_units_they_supervise(client, unit):
    department = factories.DepartmentFactory()
    supervised = factories.UnitFactory(county=unit.county, department=department)
    person = factories.TalentFactory(unit=supervised)
    client.force_login(factories.jurisdiction_user(department))
    assert client.get(reverse("registry:unit-detail", args=[supervised.pk])).status_code == 200
    assert client.get(reverse("registry:talent-detail", args=[person.pk])).status_code == 200
    assert client.get(reverse("registry:unit-detail", args=[unit.pk])).status_code == 403


def test_talent_sees_only_own_detail(client, talent_self, talent, other_talent):
    client.force_login(talent_self)
    own = client.get(reverse("registry:talent-detail", args=[talent.pk]))
    assert own.status_code == 200
    assert talent.name in own.content.decode()
    assert client.get(reverse("registry:talent-detail", args=[other_talent.pk])).status_code == 403
    assert client.get(reverse("registry:talent-list")).status_code == 403
    assert client.get(reverse("registry:talent-edit", args=[talent.pk])).status_code == 403


def test_talent_may_reveal_own_personal_data(client, talent_self, talent):
    client.force_login(talent_self)
    response = client.post(reverse("registry:talent-reveal", args=[talent.pk]))
    assert response.status_code == 200
    assert talent.id_number in response.content.decode()
    assert AuditEntry.objects.filter(action="view_personal", actor=talent_self, object_id=str(talent.pk)).count() == 1


def test_expert_is_denied_everything_in_the_registry(client, expert, talent, unit):
    client.force_login(expert)
    gets = [
        reverse("registry:talent-list"),
        reverse("registry:unit-list"),
        reverse("registry:talent-create"),
        reverse("registry:unit-create"),
        reverse("registry:talent-detail", args=[talent.pk]),
        reverse("registry:unit-detail", args=[unit.pk]),
        reverse("registry:talent-edit", args=[talent.pk]),
        reverse("registry:unit-edit", args=[unit.pk]),
        reverse("registry:talent-export"),
        reverse("registry:unit-export"),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("registry:talent-reveal", args=[talent.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action__in=["view_personal", "export"]).exists()


# --- lists ---------------------------------------------------------------------------------------


@pytest.fixture
def named_talents(unit, other_unit):
    mine = factories.TalentFactory(unit=unit, name="欧阳本单位")
    theirs = factories.TalentFactory(unit=other_unit, name="司马外单位")
    return mine, theirs


@pytest.mark.parametrize("role", ["unit_staff", "county_staff"])
def test_lists_never_show_other_units_talents(login, role, named_talents, other_unit):
    mine, theirs = named_talents
    client = login(role)
    html = client.get(reverse("registry:talent-list")).content.decode()
    assert mine.name in html
    assert theirs.name not in html
    units_html = client.get(reverse("registry:unit-list")).content.decode()
    assert mine.affiliations.get().unit.name in units_html
    assert other_unit.name not in units_html


def test_office_list_shows_every_unit_and_talent(client, office, named_talents, other_unit):
    mine, theirs = named_talents
    client.force_login(office)
    html = client.get(reverse("registry:talent-list")).content.decode()
    assert mine.name in html
    assert theirs.name in html
    assert other_unit.name in client.get(reverse("registry:unit-list")).content.decode()


@pytest.mark.parametrize("role", ["office", "unit_staff"])
def test_list_masks_id_numbers(login, role, named_talents):
    mine, _ = named_talents
    html = login(role).get(reverse("registry:talent-list")).content.decode()
    masked = f"{mine.id_number[:4]}************{mine.id_number[-2:]}"
    assert masked in html
    assert mine.id_number not in html
    assert mine.phone not in html


def test_unit_staff_cannot_find_other_units_talent_by_full_id_number(client, unit_staff, named_talents):
    mine, theirs = named_talents
    client.force_login(unit_staff)
    found = client.get(reverse("registry:talent-list"), {"q": mine.id_number}).content.decode()
    assert mine.name in found
    probed = client.get(reverse("registry:talent-list"), {"q": theirs.id_number}).content.decode()
    assert theirs.name not in probed


# --- revealing personal data --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", "unit_staff"])
def test_reveal_returns_clear_values_and_logs_the_view(login, role, request, talent):
    user = request.getfixturevalue(role)
    response = login(role).post(reverse("registry:talent-reveal", args=[talent.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert talent.id_number in html
    assert talent.phone in html
    entries = AuditEntry.objects.filter(action="view_personal", actor=user)
    assert entries.count() == 1
    assert entries.get().object_id == str(talent.pk)


def test_reveal_is_post_only(client, office, talent):
    client.force_login(office)
    response = client.get(reverse("registry:talent-reveal", args=[talent.pk]))
    assert response.status_code == 405
    assert not AuditEntry.objects.filter(action="view_personal").exists()


def test_reveal_of_another_units_talent_is_refused_and_not_logged(client, unit_staff, other_talent):
    client.force_login(unit_staff)
    response = client.post(reverse("registry:talent-reveal", args=[other_talent.pk]))
    assert response.status_code == 403
    assert other_talent.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action="view_personal").exists()


def test_detail_page_offers_reveal_only_to_those_allowed(client, unit_staff, county_staff, talent):
    button = 'hx-post="{}"'.format(reverse("registry:talent-reveal", args=[talent.pk]))
    client.force_login(unit_staff)
    assert button in client.get(reverse("registry:talent-detail", args=[talent.pk])).content.decode()
    client.force_login(county_staff)
    assert button not in client.get(reverse("registry:talent-detail", args=[talent.pk])).content.decode()


# --- creating talents -------------------------------------------------------------------------------


def test_unit_staff_creates_talent_at_own_unit(client, unit_staff, unit):
    client.force_login(unit_staff)
    data = _talent_post()
    response = client.post(reverse("registry:talent-create"), data)
    assert response.status_code == 302
    created = talents_with_id_number(Talent.objects.all(), data["id_number"]).get()
    assert response.url == reverse("registry:talent-detail", args=[created.pk])
    assert list(created.units.all()) == [unit]


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_roles_without_add_talent_cannot_post_the_form(login, role):
    client = login(role)
    before = Talent.objects.count()
    response = client.post(reverse("registry:talent-create"), _talent_post())
    assert response.status_code == 403
    assert Talent.objects.count() == before


def test_invalid_id_number_re_renders_with_chinese_error_and_saves_nothing(client, unit_staff):
    client.force_login(unit_staff)
    bad = _wrong_check_character(valid_id_number())
    before = Talent.objects.count()
    response = client.post(reverse("registry:talent-create"), _talent_post(id_number=bad))
    assert response.status_code == 200
    html = response.content.decode()
    assert "公民身份号码校验码不正确" in html
    assert Talent.objects.count() == before
    assert not talents_with_id_number(Talent.objects.all(), bad).exists()


def test_id_number_with_wrong_length_names_the_field(client, office):
    client.force_login(office)
    response = client.post(reverse("registry:talent-create"), _talent_post(id_number="41040219800101"))
    assert response.status_code == 200
    assert "公民身份号码应为18位" in response.content.decode()
    assert not Talent.objects.filter(name="林新登").exists()


def test_duplicate_id_by_unit_that_may_not_view_says_it_exists_without_a_link(client, unit_staff, checked_other_talent):
    other_talent = checked_other_talent
    client.force_login(unit_staff)
    before = Talent.objects.count()
    response = client.post(reverse("registry:talent-create"), _talent_post(id_number=other_talent.id_number))
    assert response.status_code == 200
    html = response.content.decode()
    assert "该公民身份号码已登记在人才库中" in html
    assert "不在您的管理范围内" in html
    assert reverse("registry:talent-detail", args=[other_talent.pk]) not in html
    assert "查看已登记的记录" not in html
    assert other_talent.name not in html
    assert Talent.objects.count() == before


def test_duplicate_id_by_office_links_to_existing_record(client, office, checked_other_talent):
    other_talent = checked_other_talent
    client.force_login(office)
    before = Talent.objects.count()
    response = client.post(reverse("registry:talent-create"), _talent_post(id_number=other_talent.id_number))
    assert response.status_code == 200
    html = response.content.decode()
    assert "该公民身份号码已登记在人才库中" in html
    link = '<a href="{}">查看已登记的记录</a>'.format(reverse("registry:talent-detail", args=[other_talent.pk]))
    assert link in html
    assert Talent.objects.count() == before


def test_duplicate_id_of_own_units_talent_links_for_unit_staff(client, unit_staff, checked_talent):
    talent = checked_talent
    client.force_login(unit_staff)
    response = client.post(reverse("registry:talent-create"), _talent_post(id_number=talent.id_number))
    assert response.status_code == 200
    assert reverse("registry:talent-detail", args=[talent.pk]) in response.content.decode()


def test_duplicate_id_on_edit_by_unit_that_may_not_view_has_no_link(
    client, unit_staff, checked_talent, checked_other_talent
):
    client.force_login(unit_staff)
    data = _talent_post(id_number=checked_other_talent.id_number, version=checked_talent.version)
    response = client.post(reverse("registry:talent-edit", args=[checked_talent.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "该公民身份号码已登记在人才库中" in html
    assert "不在您的管理范围内" in html
    assert reverse("registry:talent-detail", args=[checked_other_talent.pk]) not in html
    assert "查看已登记的记录" not in html
    assert checked_other_talent.name not in html
    checked_talent.refresh_from_db()
    assert checked_talent.id_number != checked_other_talent.id_number


def test_duplicate_id_on_edit_by_office_links_to_existing_record(client, office, checked_talent, checked_other_talent):
    client.force_login(office)
    data = _talent_post(id_number=checked_other_talent.id_number, version=checked_talent.version)
    response = client.post(reverse("registry:talent-edit", args=[checked_talent.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "该公民身份号码已登记在人才库中" in html
    link = '<a href="{}">查看已登记的记录</a>'.format(reverse("registry:talent-detail", args=[checked_other_talent.pk]))
    assert link in html
    checked_talent.refresh_from_db()
    assert checked_talent.id_number != checked_other_talent.id_number


# --- editing ------------------------------------------------------------------------------------------


def test_edit_form_view_is_logged_as_personal_data_view(client, unit_staff, talent):
    client.force_login(unit_staff)
    response = client.get(reverse("registry:talent-edit", args=[talent.pk]))
    assert response.status_code == 200
    assert talent.id_number in response.content.decode()
    assert AuditEntry.objects.filter(action="view_personal", actor=unit_staff, object_id=str(talent.pk)).exists()


def test_edit_with_current_version_saves(client, unit_staff, checked_talent):
    talent = checked_talent
    client.force_login(unit_staff)
    data = _talent_post(id_number=talent.id_number, name="林已修改", version=talent.version)
    response = client.post(reverse("registry:talent-edit", args=[talent.pk]), data)
    assert response.status_code == 302
    talent.refresh_from_db()
    assert talent.name == "林已修改"
    assert talent.version == 2


def test_talent_born_before_1983_with_pingdingshan_address_code_can_be_saved(client, unit_staff, checked_talent):
    stem = "41040219750315123"
    born_1975 = stem + ric.calc_check_digit(stem + "0")
    client.force_login(unit_staff)
    data = _talent_post(id_number=born_1975, version=checked_talent.version)
    response = client.post(reverse("registry:talent-edit", args=[checked_talent.pk]), data)
    assert response.status_code == 302
    checked_talent.refresh_from_db()
    assert checked_talent.id_number == born_1975
    assert checked_talent.birth_date == datetime.date(1975, 3, 15)


def test_stale_edit_is_refused_and_does_not_overwrite(client, unit_staff, checked_talent):
    talent = checked_talent
    client.force_login(unit_staff)
    opened_version = talent.version
    # Somebody else saves while this user has the form open.
    Talent.objects.filter(pk=talent.pk).update(name="他人已修改", version=opened_version + 1)
    data = _talent_post(id_number=talent.id_number, name="我的修改", version=opened_version)
    response = client.post(reverse("registry:talent-edit", args=[talent.pk]), data)
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    talent.refresh_from_db()
    assert talent.name == "他人已修改"
    assert talent.version == opened_version + 1


def test_stale_unit_edit_is_refused_and_does_not_overwrite(client, county_staff, unit):
    client.force_login(county_staff)
    Unit.objects.filter(pk=unit.pk).update(name="他人改过的单位", version=unit.version + 1)
    data = {
        "name": "我改的单位",
        "credit_code": unit.credit_code,
        "kind": unit.kind,
        "county": unit.county_id,
        "is_active": "on",
        "version": unit.version,
    }
    response = client.post(reverse("registry:unit-edit", args=[unit.pk]), data)
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    unit.refresh_from_db()
    assert unit.name == "他人改过的单位"


def test_unit_staff_cannot_edit_another_units_talent_by_post(client, unit_staff, other_talent):
    client.force_login(unit_staff)
    data = _talent_post(id_number=other_talent.id_number, name="越权修改", version=other_talent.version)
    response = client.post(reverse("registry:talent-edit", args=[other_talent.pk]), data)
    assert response.status_code == 403
    other_talent.refresh_from_db()
    assert other_talent.name != "越权修改"


def _unit_post(county, **overrides) -> dict:
    data = {
        "name": "平顶山新登记科技有限公司",
        "credit_code": factories.demo.credit_code(factories.rng),
        "kind": "enterprise",
        "county": county.pk,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_office_creates_unit(client, office, county):
    client.force_login(office)
    data = _unit_post(county)
    response = client.post(reverse("registry:unit-create"), data)
    assert response.status_code == 302
    assert Unit.objects.filter(credit_code=data["credit_code"], county=county).exists()


def test_office_can_create_unit_after_unit_staff_opened_a_unit_form(client, office, unit_staff, unit, county):
    client.force_login(unit_staff)
    assert client.get(reverse("registry:unit-edit", args=[unit.pk])).status_code == 200
    client.force_login(office)
    data = _unit_post(county)
    response = client.post(reverse("registry:unit-create"), data)
    assert response.status_code == 302
    assert Unit.objects.filter(credit_code=data["credit_code"]).exists()


def test_unit_staff_cannot_change_credit_code_or_county_of_own_unit(client, unit_staff, unit, other_county):
    client.force_login(unit_staff)
    original_code = unit.credit_code
    data = _unit_post(
        other_county, name="本单位新名称", credit_code=factories.demo.credit_code(factories.rng), version=unit.version
    )
    response = client.post(reverse("registry:unit-edit", args=[unit.pk]), data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "本单位新名称"
    assert unit.credit_code == original_code
    assert unit.county_id != other_county.pk


# --- deleting ---------------------------------------------------------------------------------------


def test_only_office_deletes_a_talent_and_must_give_a_reason(client, office, unit_staff, talent):
    url = reverse("registry:talent-delete", args=[talent.pk])
    client.force_login(unit_staff)
    assert client.post(url, {"reason": "重复登记"}).status_code == 403
    assert Talent.objects.filter(pk=talent.pk).exists()

    client.force_login(office)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Talent.objects.filter(pk=talent.pk).exists()
    response = client.post(url, {"reason": "重复登记"})
    assert response.status_code == 302
    assert not Talent.objects.filter(pk=talent.pk).exists()
    assert AuditEntry.objects.filter(action="delete", reason="重复登记").exists()


def test_unit_with_talents_cannot_be_deleted(client, office, unit, talent):
    client.force_login(office)
    response = client.post(reverse("registry:unit-delete", args=[unit.pk]), {"reason": "注销"})
    assert response.status_code == 200
    assert "不能删除" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()


# --- ending an affiliation ----------------------------------------------------------------------------


def test_unit_staff_ends_own_units_affiliation(client, unit_staff, affiliation):
    client.force_login(unit_staff)
    url = reverse("registry:affiliation-end", args=[affiliation.pk])
    response = client.post(url, {"end_date": "2026-01-31", "reason": "合同到期"})
    assert response.status_code == 302
    assert response.url == reverse("registry:talent-detail", args=[affiliation.talent_id])
    affiliation.refresh_from_db()
    assert affiliation.end_date == datetime.date(2026, 1, 31)


@pytest.mark.parametrize("role", ["county_staff", "talent_self", "expert"])
def test_affiliation_end_is_refused_for_roles_that_may_only_look(login, role, affiliation):
    response = login(role).post(
        reverse("registry:affiliation-end", args=[affiliation.pk]), {"end_date": "2026-01-31", "reason": "x"}
    )
    assert response.status_code == 403
    affiliation.refresh_from_db()
    assert affiliation.end_date is None


def test_unit_staff_cannot_end_another_units_affiliation_of_a_shared_talent(client, unit_staff, talent, other_unit):
    shared = Affiliation.objects.create(talent=talent, unit=other_unit)
    client.force_login(unit_staff)
    response = client.post(
        reverse("registry:affiliation-end", args=[shared.pk]), {"end_date": "2026-01-31", "reason": "x"}
    )
    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.end_date is None


def test_affiliation_end_without_a_date_keeps_it_current(client, unit_staff, affiliation):
    client.force_login(unit_staff)
    response = client.post(reverse("registry:affiliation-end", args=[affiliation.pk]), {"end_date": ""}, follow=True)
    assert "请填写有效的离职日期" in response.content.decode()
    affiliation.refresh_from_db()
    assert affiliation.end_date is None
