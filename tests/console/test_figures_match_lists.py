"""Every figure on the home page links to the list it counts, and that list shows the same number
(on the demo data set, as each business login sees it)."""

import html
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from yingcai.accounts.models import User

CARD = re.compile(
    r'<a class="card" href="(?P<href>[^"]+)"><div class="label">(?P<label>[^<]+)</div>'
    r'<div class="value"[^>]*>(?P<value>[^<]+)</div></a>'
)
TOTAL = re.compile(r"共 ([\d,]+) 条")
CHART = re.compile(r'<script id="(?P<id>[^"]+)" type="application/json">(?P<data>.*?)</script>', re.S)


pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """Seeded once for the whole check, inside the test's transaction (rolled back after)."""
    call_command("seed_demo", talents=300, stdout=StringIO())


def test_each_figure_and_each_bar_is_the_count_of_the_list_it_links_to(demo, client):
    mismatches = []
    for login in ("office", "county", "dept", "unit"):
        client.force_login(User.objects.get(username=login))
        home = client.get("/").content.decode()
        mismatches += _cards_against_lists(client, login, home)
        mismatches += _charts_against_lists(client, login, home)
    assert mismatches == [], "\n".join(mismatches)


def _cards_against_lists(client, login, home) -> list[str]:
    cards = [match.groupdict() for match in CARD.finditer(home)]
    assert cards, f"{login}: the home page shows no figures"
    mismatches = []
    for card in cards:
        href = html.unescape(card["href"])
        page = client.get(href)
        if page.status_code != 200:
            mismatches.append(f"{login} {card['label']} links to {href}: {page.status_code}")
            continue
        body = page.content.decode()
        total = TOTAL.search(body)
        if total is None:  # a figure of money links to the page that adds it up
            if card["value"].strip() not in body:
                mismatches.append(f"{login} {card['label']}: {card['value']} not on {href}")
            continue
        if total.group(1) != card["value"].strip():
            mismatches.append(f"{login} {card['label']}: home {card['value']} vs {href} {total.group(1)}")
    return mismatches


def _charts_against_lists(client, login, home) -> list[str]:
    charts = {m["id"]: json.loads(m["data"]) for m in CHART.finditer(home)}
    linked = {key: chart for key, chart in charts.items() if "urls" in chart}
    if login == "office":  # the others may have no certificate in their scope, hence no bars
        assert {"talents-by-county", "introductions-by-channel", "certified-by-tier"} <= set(linked)
    mismatches = []
    for key, chart in linked.items():
        assert len(chart["urls"]) == len(chart["values"])
        for label, value, url in zip(chart["labels"], chart["values"], chart["urls"], strict=True):
            if not url:
                continue
            total = TOTAL.search(client.get(url).content.decode())
            shown = int(total.group(1).replace(",", "")) if total else None
            if shown != value:
                mismatches.append(f"{login} {key} {label}: chart {value} vs {url} {shown}")
    return mismatches
