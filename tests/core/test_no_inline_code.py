"""The templates hold no code the Content-Security-Policy would block: no inline <script>, no on…=
handler, no javascript: URL, no hx-on / js: (htmx's eval), no <style> element, no style=""
attribute. Page behaviour lives in yingcai/static/js, page styles in yingcai/static/css, data for
scripts in <script type="application/json"> (json_script) blocks and data- attributes.

A template added with any of these fails here before it fails in a browser."""

import re
from pathlib import Path

import pytest

YINGCAI = Path(__file__).resolve().parents[2] / "yingcai"
# Rendered to PDF by WeasyPrint, never served to a browser.
PDF_ONLY = {"certification/certificate.html"}
TEMPLATES = sorted(
    p
    for p in (YINGCAI / "templates").rglob("*.html")
    if p.relative_to(YINGCAI / "templates").as_posix() not in PDF_ONLY
)
EVENTS = r"(?:click|dblclick|change|submit|input|load|unload|error|focus|blur|reset|select|key\w+|mouse\w+|pointer\w+|touch\w+|drag\w*|drop|scroll|wheel|toggle|beforeunload)"

FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "event handler attribute": re.compile(rf"<[a-z][^>]*\son{EVENTS}\s*=", re.I | re.S),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx eval (hx-on, js:)": re.compile(r"hx-on|data-hx-on|hx-vars|=\s*['\"]\s*js:", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S),
}


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(YINGCAI / "templates").as_posix())
def test_template_has_no_inline_code(template):
    text = template.read_text()
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(YINGCAI)}: {', '.join(found)}"


def test_the_check_catches_each_kind():
    samples = {
        "inline script": "<script>alert(1)</script>",
        "event handler attribute": '<select name="language" onchange="this.form.submit()">',
        "javascript: URL": '<a href="javascript:history.back()">',
        "htmx eval (hx-on, js:)": '<button hx-on:click="x()">',
        "<style> element": "<style>.a{}</style>",
        "style attribute": '<td style="white-space:normal">',
    }
    for what, sample in samples.items():
        assert FORBIDDEN[what].search(sample), what
    assert not FORBIDDEN["inline script"].search('<script src="/static/js/console.js" defer></script>')
    assert not FORBIDDEN["inline script"].search('<script id="d" type="application/json">{}</script>')


def test_python_code_adds_no_handler_or_style_to_widgets():
    pattern = re.compile(rf"[\"'](?:on{EVENTS}|style)[\"']\s*:", re.I)
    offenders = [
        str(p.relative_to(YINGCAI))
        for p in YINGCAI.rglob("*.py")
        if "migrations" not in p.parts and pattern.search(p.read_text())
    ]
    assert offenders == []
