"""三员分立: the three administrators hold no business role. Over the whole URL map, each is refused
every business page and API operation; the talent office is refused the administrators' pages; the
navigation shows each administrator their own pages only."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories
from yingcai.accounts.enums import Role

pytestmark = pytest.mark.django_db

# What an administrator may open: signing in and out, the language switch, the home page, health,
# and the account, session and audit pages (each further limited by its own permission).
ADMINISTRATOR_PAGES = {"healthz", "login", "logout", "set_language", "home", "admin-login"}
ADMINISTRATOR_NAMESPACES = ("accounts:", "audit:", "registry:reference")  # reference data: the system administrator's
MAKERS = {
    Role.SYSTEM_ADMIN: factories.system_admin_user,
    Role.SECURITY_ADMIN: factories.security_admin_user,
    Role.AUDIT_ADMIN: factories.audit_admin_user,
}


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), _module(entry.callback)


def _module(view) -> str:
    return getattr(getattr(view, "view_class", view), "__module__", "") or ""


def _concrete(pattern: str) -> str:
    path = re.sub(r"<int:\w+>", "1", pattern)
    path = re.sub(r"<(\w+:)?\w+>", "x", path)  # str, slug, path: any word
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path


BUSINESS_ROUTES = sorted(
    (name, _concrete(pattern))
    for name, pattern, module in _routes()
    if not name.startswith("admin:")
    # Their own account: password, second factor, sessions, lockouts (each limited by its permission).
    and not module.startswith("yingcai.accounts.")
    and "(?P" not in pattern
    and name not in ADMINISTRATOR_PAGES
    and not name.startswith(ADMINISTRATOR_NAMESPACES)
)


def test_the_map_holds_the_business_areas():
    names = {name for name, _ in BUSINESS_ROUTES}
    for area in ("registry:", "introductions:", "support:", "selection:", "certification:", "policylib:", "api:"):
        assert any(n.startswith(area) for n in names), area


@pytest.mark.parametrize("role", sorted(MAKERS))
def test_each_administrator_is_refused_every_business_page_and_api_operation(client, role, talent, unit):
    client.force_login(MAKERS[role]())
    let_in = []
    for name, path in BUSINESS_ROUTES:
        for method in (client.get, client.post):
            response = method(path)
            if response.status_code != 403:
                let_in.append((name, method.__name__, path, response.status_code))
    assert let_in == []


@pytest.mark.parametrize("role", sorted(MAKERS))
def test_administrators_are_refused_real_records_too(client, role, talent, unit):
    client.force_login(MAKERS[role]())
    for path in (
        f"/registry/talents/{talent.pk}/",
        f"/registry/units/{unit.pk}/",
        f"/api/v1/talents/{talent.pk}",
        "/api/v1/talents",
        "/api/v1/units",
        "/introductions/",
        "/support/",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
    api = client.get("/api/v1/units")
    assert "三员分立" in api.json()["detail"]


@pytest.mark.parametrize("make", [factories.office_user, factories.expert_user])
def test_business_roles_are_refused_the_administrators_pages(client, make):
    client.force_login(make())
    for path in ("/accounts/", "/accounts/new/", "/accounts/signed-in/", "/accounts/security-policy/", "/admin/"):
        assert client.get(path).status_code == 403, path


def _nav_keys(client) -> set[str]:
    groups = client.get("/").context["nav_groups"]
    return {item["key"] for _title, items in groups for item in items}


def test_each_administrator_sees_only_their_own_pages_in_the_menu(client):
    client.force_login(factories.system_admin_user())
    assert _nav_keys(client) == {"home", "accounts", "reference", "my-sessions"}
    assert client.get("/registry/reference/").status_code == 200
    client.force_login(factories.security_admin_user())
    assert _nav_keys(client) == {"home", "signed-in", "security-policy", "account-security", "my-sessions"}
    assert client.get("/registry/reference/").status_code == 403
    client.force_login(factories.audit_admin_user())
    assert _nav_keys(client) == {"home", "audit", "my-sessions"}
    assert client.get("/registry/reference/fields/").status_code == 403


def test_the_office_menu_no_longer_offers_reference_data_or_accounts(client):
    client.force_login(factories.office_user(is_staff=True))
    keys = _nav_keys(client)
    assert "talent" in keys
    assert not keys & {"reference", "accounts", "signed-in", "security-policy"}


def test_an_administrators_home_page_shows_no_business_figures(client, talent):
    client.force_login(factories.system_admin_user())
    response = client.get("/")
    assert response.status_code == 200
    assert response.context.get("overview") is None and "talent-count" not in response.content.decode()
