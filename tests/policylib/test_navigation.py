import pytest
from django.urls import reverse

from yingcai.policylib.navigation import entries


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "county_staff", "unit_staff", "talent_self", "expert"])
def test_every_signed_in_role_finds_the_policy_library(request, client, role):
    user = request.getfixturevalue(role)
    [entry] = entries(user)
    assert (entry.group, entry.key, entry.url) == ("policy", "policy", reverse("policylib:list"))
    client.force_login(user)
    html = client.get(reverse("policylib:list")).content.decode()
    assert f'<a class="nav-item active" href="{reverse("policylib:list")}">政策库</a>' in html


@pytest.mark.django_db
def test_the_public_header_links_to_login_and_back(client):
    html = client.get(reverse("policylib:list")).content.decode()
    assert f'href="{reverse("login")}?next=/policies/"' in html
    assert "工作人员登录" in html
