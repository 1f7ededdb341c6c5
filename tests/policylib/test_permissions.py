"""Who may read and who may manage which policy (第九条, SPEC.md "Who uses it"): grants and
denials side by side, on the rules and on every page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.policylib.factories import pdf
from yingcai.policylib import domain
from yingcai.policylib.models import Policy

ROLES = [None, "office", "county_staff", "unit_staff", "talent_self", "expert"]
ROLE_IDS = ["anonymous", *ROLES[1:]]


def _user(request, role):
    return AnonymousUser() if role is None else request.getfixturevalue(role)


# (policy fixture, roles that may view it, roles that may manage it)
VISIBILITY = [
    ("city_policy", set(ROLES), {"office"}),
    ("county_policy", set(ROLES), {"office", "county_staff"}),
    ("other_county_policy", set(ROLES), {"office"}),
    ("draft", {"office"}, {"office"}),
    ("county_draft", {"office", "county_staff"}, {"office", "county_staff"}),
    ("other_county_draft", {"office"}, {"office"}),
]
RULE_CASES = [
    pytest.param(target, role, role in viewers, role in managers, id=f"{target}-{role or 'anonymous'}")
    for target, viewers, managers in VISIBILITY
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "role", "may_view", "may_manage"), RULE_CASES)
def test_rules(request, target, role, may_view, may_manage):
    policy = request.getfixturevalue(target)
    user = _user(request, role)
    assert user.has_perm("policylib.view_policy", policy) is may_view
    for perm in ("change_policy", "publish_policy", "delete_policy"):
        assert user.has_perm(f"policylib.{perm}", policy) is may_manage


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "may_add"), [(r, r in {"office", "county_staff"}) for r in ROLES], ids=ROLE_IDS)
def test_who_may_add_policies(request, role, may_add):
    assert _user(request, role).has_perm("policylib.add_policy") is may_add


# --- pages -----------------------------------------------------------------------------------------


@pytest.fixture
def login(client, request):
    def _login(role):
        if role is not None:
            client.force_login(request.getfixturevalue(role))
        return client

    return _login


DETAIL_CASES = [
    pytest.param(target, role, 200 if role in viewers else 404, id=f"{target}-{role or 'anonymous'}")
    for target, viewers, _ in VISIBILITY
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "role", "expected"), DETAIL_CASES)
def test_detail_page_shows_published_and_hides_drafts(request, login, target, role, expected):
    policy = request.getfixturevalue(target)
    response = login(role).get(reverse("policylib:detail", args=[policy.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert policy.title in response.content.decode()


def _edit_expected(role, viewers, managers):
    if role is None:
        return 302  # to the login page
    if role in managers:
        return 200
    return 403 if role in viewers else 404


EDIT_CASES = [
    pytest.param(
        route, target, role, _edit_expected(role, viewers, managers), id=f"{route}-{target}-{role or 'anonymous'}"
    )
    for route in ("policylib:edit", "policylib:delete")
    for target, viewers, managers in VISIBILITY
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "target", "role", "expected"), EDIT_CASES)
def test_edit_and_delete_pages(request, login, route, target, role, expected):
    policy = request.getfixturevalue(target)
    response = login(role).get(reverse(route, args=[policy.pk]))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), ("office", 200), ("county_staff", 200), ("unit_staff", 403), ("talent_self", 403), ("expert", 403)],
    ids=ROLE_IDS,
)
def test_create_page(login, role, expected):
    response = login(role).get(reverse("policylib:create"))
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unit_staff", "talent_self", "expert"], ids=ROLE_IDS[:1] + ROLES[3:])
def test_others_cannot_create_by_posting(login, role):
    response = login(role).post(
        reverse("policylib:create"), {"title": "越权新增", "issuer": "某单位", "category": "other", "full_text": "x"}
    )
    assert response.status_code in (302, 403)
    assert not Policy.objects.filter(title="越权新增").exists()


@pytest.mark.django_db
def test_county_staff_create_page_files_the_policy_under_their_county(login, county):
    client = login("county_staff")
    page = client.get(reverse("policylib:create")).content.decode()
    assert 'name="region"' not in page  # nothing to choose: it is their county
    response = client.post(
        reverse("policylib:create"),
        {"title": "新华区引才激励办法", "issuer": "新华区人民政府", "category": "incentive", "full_text": "第一条 ……"},
    )
    policy = Policy.objects.get(title="新华区引才激励办法")
    assert response.status_code == 302
    assert response["Location"] == reverse("policylib:detail", args=[policy.pk])
    assert policy.region == county
    assert policy.is_published is False


@pytest.mark.django_db
def test_office_create_page_offers_city_wide_and_counties(login, county):
    page = login("office").get(reverse("policylib:create")).content.decode()
    assert "全市（市级政策）" in page
    assert county.name in page


@pytest.mark.django_db
def test_county_staff_cannot_post_an_edit_to_a_city_policy(login, city_policy):
    response = login("county_staff").post(
        reverse("policylib:edit", args=[city_policy.pk]),
        {"title": "越权", "issuer": "x", "category": "other", "version": 1},
    )
    assert response.status_code == 403
    city_policy.refresh_from_db()
    assert city_policy.title != "越权"


@pytest.mark.django_db
def test_edit_page_saves_and_refuses_a_stale_copy(login, office, city_policy):
    client = login("office")
    url = reverse("policylib:edit", args=[city_policy.pk])
    form = {
        "title": "第一次修改",
        "issuer": city_policy.issuer,
        "document_number": city_policy.document_number,
        "issued_on": "2024-06-01",
        "category": "introduction",
        "full_text": city_policy.full_text,
        "version": 1,
    }
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "title": "拿着旧版本的修改"})
    assert response.status_code == 200
    assert "该记录已被他人修改" in response.content.decode()
    city_policy.refresh_from_db()
    assert city_policy.title == "第一次修改"


@pytest.mark.django_db
def test_delete_page_requires_a_reason(login, city_policy):
    client = login("office")
    url = reverse("policylib:delete", args=[city_policy.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert Policy.objects.filter(pk=city_policy.pk).exists()
    response = client.post(url, {"reason": "已废止"})
    assert response.status_code == 302
    assert not Policy.objects.filter(pk=city_policy.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "role", "expected", "published_after"),
    [
        ("county_draft", "county_staff", 302, True),
        ("other_county_draft", "county_staff", 404, False),
        ("draft", "county_staff", 404, False),
        ("draft", "office", 302, True),
        ("draft", "unit_staff", 404, False),
        ("draft", None, 302, False),
    ],
)
def test_publish_button(request, login, target, role, expected, published_after):
    policy = request.getfixturevalue(target)
    response = login(role).post(reverse("policylib:publish", args=[policy.pk]))
    assert response.status_code == expected
    policy.refresh_from_db()
    assert policy.is_published is published_after


@pytest.mark.django_db
def test_county_staff_cannot_unpublish_a_city_policy_they_can_read(login, city_policy):
    response = login("county_staff").post(reverse("policylib:unpublish", args=[city_policy.pk]))
    assert response.status_code == 403
    city_policy.refresh_from_db()
    assert city_policy.is_published


@pytest.mark.django_db
def test_public_detail_hides_management_and_history(client, office, city_policy):
    domain.add_attachment(by=office, policy=city_policy, file=pdf())
    html = client.get(reverse("policylib:detail", args=[city_policy.pk])).content.decode()
    assert "变更历史" not in html
    assert reverse("policylib:edit", args=[city_policy.pk]) not in html
    assert "上传附件" not in html
    client.force_login(office)
    html = client.get(reverse("policylib:detail", args=[city_policy.pk])).content.decode()
    assert "变更历史" in html
    assert reverse("policylib:edit", args=[city_policy.pk]) in html
