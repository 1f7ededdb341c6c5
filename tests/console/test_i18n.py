"""English for a UI written in Chinese: the login page in both languages, the language switch, and a
complete catalogue (locale/en/LC_MESSAGES/django.po: every entry translated, none fuzzy)."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from tests import factories

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")

SITE_TITLE_ZH = "平顶山市科技创新领军人才工作平台"
SITE_TITLE_EN = "Pingdingshan Sci-Tech Innovation Leading Talent Platform"

# Strings every page or core record shows; each must be in the catalogue and come out in English.
CORE_MSGIDS = [
    "人才库",
    "用人单位",
    "登录",
    "退出",
    "首页",
    SITE_TITLE_ZH,
    "公民身份号码",
    "统一社会信用代码",
    "人才办管理员",
    "主管部门/县区",
    "审计日志",
    "保存",
    "取消",
    "用户名",
    "密码",
]


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (blank-line separated, as gettext writes them): msgctxt, msgid,
    msgid_plural, msgstr (a list: one item, or one per plural form) and flags. Obsolete (#~)
    entries are left out; the header is the entry whose msgid is empty."""
    entries: list[dict] = []
    entry: dict = {"flags": set(), "msgstr": []}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set(), "msgstr": []}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if field == "msgstr":
                entry["msgstr"][-1] += text
            else:
                entry[field] += text
        else:
            keyword, _, rest = line.partition(" ")
            if keyword.startswith("msgstr"):
                field = "msgstr"
                entry["msgstr"].append(ast.literal_eval(rest))
            else:
                field = keyword
                entry[field] = ast.literal_eval(rest)
    return entries


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """`make test` compiles the catalogue first; compile here too when the .mo is missing or older
    than the .po, so running this file alone checks what the .po says."""
    if not MO_FILE.exists() or MO_FILE.stat().st_mtime < PO_FILE.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "node_modules"], verbosity=0)
        trans_real._translations = {}  # forget any catalogue loaded before the compile


@pytest.fixture
def entries() -> list[dict]:
    assert PO_FILE.exists(), "run: manage.py makemessages -l en --ignore=.venv --ignore=node_modules ..."
    return [entry for entry in parse_po(PO_FILE) if entry["msgid"]]


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert SITE_TITLE_ZH in html
    assert "用户名" in html
    assert SITE_TITLE_EN not in html


@pytest.mark.django_db
def test_switching_to_english_translates_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert f"<title>Log in · {SITE_TITLE_EN}</title>" in html
    assert "Username" in html
    assert "Password" in html
    assert ">Log in</button>" in html
    assert "登录" not in html
    assert SITE_TITLE_ZH not in html

    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("login")})
    assert SITE_TITLE_ZH in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_language_cookie_alone_gives_english(client):
    # The language is the user's choice, kept in the cookie set_language writes (the browser's
    # Accept-Language is deliberately not followed: see yingcai.console.middleware).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert SITE_TITLE_EN in html
    assert "Log in" in html
    assert "登录" not in html


@pytest.mark.django_db
def test_console_navigation_in_english(client, office):
    client.force_login(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    for text in (
        "Dashboard",
        "Talent registry",
        "Employing unit",
        "Log out",
        "Talent Office administrator",
    ):
        assert text in html
    for text in ("人才库", "工作台", "审计日志", "退出"):
        assert text not in html
    assert "Audit log" not in html  # the audit administrator's (三员分立)
    client.force_login(factories.audit_admin_user())
    html = client.get(reverse("home")).content.decode()
    assert "Audit log" in html and "审计日志" not in html


def test_catalogue_has_no_untranslated_or_fuzzy_entries(entries):
    assert len(entries) > 100
    header = parse_po(PO_FILE)[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"], "the .po header is still marked fuzzy"
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    still_chinese = [e["msgid"] for e in entries if any(CHINESE.search(s) for s in e["msgstr"])]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    assert still_chinese == [], f"msgstr still contains Chinese: {still_chinese}"


def test_translations_keep_placeholders(entries):
    for entry in entries:
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for msgstr in entry["msgstr"]:
            assert sorted(PLACEHOLDER.findall(msgstr)) == expected, entry["msgid"]


def test_compiled_catalogue_matches_the_po(entries):
    """Every msgid of the .po comes back in English from gettext, as the .po says."""
    msgids = {e["msgid"] for e in entries}
    assert set(CORE_MSGIDS) <= msgids
    with translation.override("en"):
        for msgid in CORE_MSGIDS:
            english = translation.gettext(msgid)
            assert english != msgid
            assert not CHINESE.search(english), (msgid, english)
        assert translation.gettext("人才库") == "Talent registry"
        assert translation.gettext("统一社会信用代码") == "Unified social credit code"
        for entry in entries:
            if "msgid_plural" in entry:
                continue
            if "msgctxt" in entry:
                english = translation.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                english = translation.gettext(entry["msgid"])
            assert english == entry["msgstr"][0], entry["msgid"]
    with translation.override("zh-hans"):
        assert translation.gettext("人才库") == "人才库"
