"""Every page and API route of the platform refuses a visitor who has not logged in, except the few
that are public on purpose (政策库, 公示, 政策计算器, certificate verification, login, health)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PUBLIC = {
    "healthz",
    "login",
    "logout",
    "set_language",
    "password-reset",  # asking for a reset link (the answer never says whether the e-mail exists)
    "password-reset-done",
    "password-reset-confirm",  # the link itself (an invalid one says so)
    "password-reset-complete",
    "policylib:list",
    "policylib:detail",
    "policylib:attachment",
    "publicity:notice-list",
    "publicity:notice-detail",
    "policy:calculator",
    "certification:verify",
    "api:api-root",
}
# Public API operations (django-ninja names them after their functions).
PUBLIC_API = {"list_notices", "get_notice", "file_objection", "calculate", "verify"}


def _routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def _concrete(pattern: str) -> str:
    path = re.sub(r"<int:\w+>", "1", pattern)
    path = re.sub(r"<(str:)?\w+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path


ROUTES = sorted(
    (name, _concrete(pattern))
    for name, pattern in _routes()
    if not name.startswith("admin:") and "(?P" not in pattern and not pattern.startswith("admin/")
)


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _ in ROUTES])
def test_a_visitor_who_has_not_logged_in_is_kept_out(client, name, path):
    if name in PUBLIC or (name.startswith("api:") and name.split(":", 1)[1] in PUBLIC_API):
        pytest.skip("public on purpose")
    response = client.get(path)
    assert response.status_code in (302, 401, 403, 404, 405), (name, path, response.status_code)
    if response.status_code == 302:
        assert "/login" in response["Location"], (name, response["Location"])
