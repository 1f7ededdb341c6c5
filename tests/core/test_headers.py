"""The security headers on the platform's answers (yingcai/core/headers.py, settings "HTTP security
headers"): a Content-Security-Policy without inline script on every page, Permissions-Policy,
Referrer-Policy, COOP, HSTS over HTTPS, and no-store on what a signed-in user or the API receives."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


PUBLIC_PAGES = ["/login/", "/policies/", "/publicity/", "/rules/calculator/", "/certification/verify/no-such-token/"]
SIGNED_IN_PAGES = ["/", "/registry/talents/", "/registry/talents/new/", "/introductions/", "/notifications/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_carry_the_policy(client, db, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_carry_the_policy(client, office, path):
    client.force_login(office)
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


def test_the_policy_is_on_redirects_errors_and_api_answers(client, db):
    for path, status in [("/", 302), ("/no-such-page/", 404), ("/api/v1/units", 401), ("/api/v1/openapi.json", 401)]:
        response = client.get(path)
        assert response.status_code == status, path
        assert "Content-Security-Policy" in response, path


def test_the_policy_allows_no_inline_script_eval_or_inline_style(client, db):
    policy = directives(client.get("/login/"))
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert "script-src-attr" not in policy and "style-src-attr" not in policy
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]


def test_only_the_api_docs_may_show_data_images(client, office):
    """Swagger UI's stylesheet draws its icons from data: URIs; no other page gets them."""
    client.force_login(office)
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert directives(docs)["img-src"] == ["'self'", "data:"]
    assert directives(docs)["script-src"] == ["'self'"]
    assert directives(client.get("/"))["img-src"] == ["'self'"]


def test_a_csp_report_address_comes_from_the_environment():
    code = (
        "import json, yingcai.settings as s; print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['report-uri']))"
    )
    env = {**os.environ, "CSP_REPORT_URI": "https://soc.example.gov.cn/csp"}
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == ["https://soc.example.gov.cn/csp"]


def test_permissions_referrer_and_opener_policies(client, db):
    response = client.get("/login/")
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def settings_under(env: dict) -> dict:
    code = (
        "import json, yingcai.settings as s;"
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_")}
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_hsts_is_on_exactly_when_cookies_are_secure():
    assert settings_under({"SECURE_COOKIES": "1"}) == [31536000, True]
    assert settings_under({}) == [0, True]


def test_hsts_header_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/login/")  # never over plain HTTP


@pytest.mark.parametrize("path", [*SIGNED_IN_PAGES, "/api/v1/units", "/policies/"])
def test_nothing_a_signed_in_user_receives_is_stored(client, office, path):
    client.force_login(office)
    response = client.get(path)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_api_answer_is_no_store_even_to_strangers(client, db):
    for path in ("/api/v1/units", "/api/v1/openapi.json", "/api/v1/no-such-endpoint"):
        assert "no-store" in client.get(path)["Cache-Control"], path


def test_public_pages_and_static_files_keep_their_caching(client, db, unit):
    assert "no-store" not in client.get("/policies/").get("Cache-Control", "")
    client.force_login(factories.unit_user(unit))
    static = client.get("/static/css/console.css")
    assert static.status_code == 200
    assert "no-store" not in static["Cache-Control"]
    assert "max-age" in static["Cache-Control"]
