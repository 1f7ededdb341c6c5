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


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", talents=300, stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("login", ["office", "county", "dept", "unit"])
def test_each_figure_is_the_count_of_the_list_it_links_to(demo, client, login, db):
    client.force_login(User.objects.get(username=login))
    home = client.get("/").content.decode()
    cards = [match.groupdict() for match in CARD.finditer(home)]
    assert cards, "the home page shows no figures"
    mismatches = []
    for card in cards:
        href = html.unescape(card["href"])
        page = client.get(href)
        if page.status_code != 200:
            mismatches.append(f"{card['label']} links to {href}: {page.status_code}")
            continue
        body = page.content.decode()
        total = TOTAL.search(body)
        if total is None:  # a figure of money links to the page that adds it up
            if card["value"].strip() not in body:
                mismatches.append(f"{card['label']}: {card['value']} not on {href}")
            continue
        if total.group(1) != card["value"].strip():
            mismatches.append(f"{card['label']}: home {card['value']} vs {href} {total.group(1)}")
    assert mismatches == [], "\n".join(mismatches)


@pytest.mark.parametrize("login", ["office", "county", "unit"])
def test_each_bar_of_a_chart_opens_the_list_it_counts(demo, client, login, db):
    client.force_login(User.objects.get(username=login))
    home = client.get("/").content.decode()
    charts = {m["id"]: json.loads(m["data"]) for m in CHART.finditer(home)}
    linked = {key: chart for key, chart in charts.items() if "urls" in chart}
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
                mismatches.append(f"{key} {label}: chart {value} vs {url} {shown}")
    assert mismatches == [], "\n".join(mismatches)
