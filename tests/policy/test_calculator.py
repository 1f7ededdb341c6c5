"""The policy calculator (政策计算器): public for typed-in profiles; filled from the registry only
with talents the user may see; every tier ✓/✗ with each condition and its article."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import clock, factories
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
URL = "/rules/calculator/"
TALENTS = "/rules/calculator/talents/"


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


def typed(**changes) -> dict:
    data = {
        "submitted": "1",
        "on": "2026-11-25",
        "birth_date": "1990-01-01",
        "education": "doctorate",
        "title": "senior_deputy",
        "employment": "full_time",
        "basis": "introduced",
        "basis_date": "2025-01-01",
        "introduction_confirmed": "on",
        "honours": ["中原英才计划入选者"],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def verdict_of(text: str, code: str) -> str:
    start = text.index(f'data-testid="verdict-{code}"')
    end = text.find("</article>", start)
    return text[start:end]


def test_visitors_open_the_calculator_without_logging_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "政策计算器" in text and 'data-testid="calc-empty"' in text
    assert "中原英才计划入选者" in text  # an honour checkbox from the tiers in force
    assert 'data-testid="talent-picker"' not in text
    assert "htmx.min.js" in text and "cdn" not in text.lower()


def test_a_typed_profile_shows_every_tier_with_its_conditions_and_support(client):
    text = client.get(URL, typed()).content.decode()
    for code in "ABCDE":
        assert f'data-testid="verdict-{code}"' in text
    d = verdict_of(text, "D")
    assert 'data-eligible="yes"' in d
    assert "购房补贴" in d and "300000 元" in d and "（分3期，每12个月一期）" in d
    assert "市教育局" in d
    a = verdict_of(text, "A")
    assert 'data-eligible="no"' in a
    assert 'data-condition="honours" data-passed="no"' in a
    assert "《平人才〔2024〕2号》认定标准" in a
    assert "购房补贴" not in a


def test_a_flexible_profile_is_refused_with_article_13(client):
    text = client.get(URL, typed(employment="flexible")).content.decode()
    assert 'data-eligible="yes"' not in text
    assert "柔性引进人才不享受第十三条待遇" in text
    assert "第十三条" in verdict_of(text, "E")


def test_age_instead_of_birth_date_at_the_limit(client):
    at_limit = client.get(URL, typed(birth_date="", age="40")).content.decode()
    over = client.get(URL, typed(birth_date="", age="41")).content.decode()
    assert 'data-condition="age" data-passed="yes"' in verdict_of(at_limit, "D")
    assert 'data-condition="age" data-passed="no"' in verdict_of(over, "D")
    assert "41周岁" in verdict_of(over, "D")


def test_free_text_honours_count(client):
    text = client.get(URL, typed(honours=None, other_honours="两院院士、其他")).content.decode()
    assert 'data-eligible="yes"' in verdict_of(text, "A")


def test_htmx_gets_only_the_results(client):
    response = client.get(URL, typed(), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "<html" not in text and 'data-testid="verdict-D"' in text


def test_a_wrong_birth_date_is_explained(client):
    text = client.get(URL, typed(birth_date="2030-01-01")).content.decode()
    assert "出生日期须早于评估日期" in text and 'data-testid="verdict-D"' not in text


def test_logged_in_users_who_see_talents_get_the_picker(client, office, expert):
    client.force_login(office)
    assert 'data-testid="talent-picker"' in client.get(URL).content.decode()
    client.force_login(expert)
    assert 'data-testid="talent-picker"' not in client.get(URL).content.decode()


@pytest.fixture
def introduced(unit):
    introduction = IntroductionFactory(unit=unit, introduced_on=datetime.date(2025, 3, 1))
    return introduction.talent


def test_unit_staff_pick_their_talent_and_see_the_profile_evaluated(client, unit_staff, introduced):
    client.force_login(unit_staff)
    text = client.get(URL, {"talent": introduced.pk}).content.decode()
    assert 'data-testid="picked-talent"' in text and introduced.name in text
    assert 'data-condition="full_time" data-passed="yes"' in text
    assert 'data-condition="introduction_confirmed" data-passed="yes"' in text
    assert str(introduced.birth_date) not in text  # the age is shown, not the birth date
    assert 'name="birth_date"' not in text


def test_picking_a_talent_outside_ones_scope_is_404(client, unit_staff, other_talent, county_staff, talent_self):
    client.force_login(unit_staff)
    assert client.get(URL, {"talent": other_talent.pk}).status_code == 404
    client.force_login(county_staff)
    assert client.get(URL, {"talent": other_talent.pk}).status_code == 404
    client.force_login(talent_self)
    assert client.get(URL, {"talent": other_talent.pk}).status_code == 404
    assert client.get(URL, {"talent": talent_self.talent_id}).status_code == 200
    assert client.get(URL, {"talent": "x"}).status_code == 404


def test_visitors_and_experts_may_not_pick_talents(client, expert, talent):
    assert client.get(URL, {"talent": talent.pk}).status_code == 403
    assert client.get(TALENTS, {"q": talent.name}).status_code == 403
    client.force_login(expert)
    assert client.get(URL, {"talent": talent.pk}).status_code == 403
    assert client.get(TALENTS, {"q": talent.name}).status_code == 403


def test_a_flexible_talent_picked_is_refused_with_article_13(client, office):
    talent = FlexibleIntroductionFactory().talent
    client.force_login(office)
    text = client.get(URL, {"talent": talent.pk}).content.decode()
    assert "柔性引进人才不享受第十三条待遇" in text and 'data-eligible="yes"' not in text


def test_the_talent_search_finds_only_talents_in_scope(client, unit_staff, talent, other_talent):
    client.force_login(unit_staff)
    mine = client.get(TALENTS, {"q": talent.name}).content.decode()
    theirs = client.get(TALENTS, {"q": other_talent.name}).content.decode()
    assert f"?talent={talent.pk}" in mine
    assert f"?talent={other_talent.pk}" not in theirs


def test_the_talent_search_costs_the_same_queries_for_3_and_20_matches(client, office, unit):
    client.force_login(office)

    def count(n):
        for _ in range(n):
            factories.TalentFactory(unit=unit, name="欧阳测试")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TALENTS, {"q": "欧阳"}).status_code == 200
        return len(queries)

    assert count(3) == count(17)


def test_the_calculator_costs_a_fixed_number_of_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, typed())
    assert len(queries) <= 6


def test_a_day_before_any_tier_was_in_force(client):
    text = client.get(URL, typed(on="2023-12-31", basis_date="2023-01-01")).content.decode()
    assert "评估日期没有有效的人才层次。" in text


def test_a_county_evaluates_a_picked_talent_on_today_only(client, county_staff, unit_staff, introduced):
    """The age on a chosen day gives the birthday away (bisect the days): fixed to today for whoever
    may not see the talent's personal data."""
    asked = {"talent": introduced.pk, "on": "2031-06-30"}
    client.force_login(county_staff)
    text = client.get(URL, asked).content.decode()
    assert 'data-testid="on-fixed"' in text
    assert "评估日2026-11-25" in text and "评估日2031-06-30" not in text
    client.force_login(unit_staff)
    text = client.get(URL, asked).content.decode()
    assert 'data-testid="on-fixed"' not in text and "评估日2031-06-30" in text


def test_the_summary_names_the_highest_tier_met(client):
    text = client.get(URL, typed()).content.decode()
    eligible = re.findall(r'data-testid="verdict-(\w+)" data-eligible="yes"', text)
    assert eligible, "the typed profile meets some tier"
    highest = re.search(r'data-testid="calc-highest" data-tier="(\w+)">([^<]+)<', text)
    assert highest.group(1) == eligible[0]  # the tiers are listed highest first
    assert highest.group(2).startswith(f"最高可认定：{eligible[0]}类")


def test_no_summary_of_a_tier_when_none_is_met(client):
    text = client.get(URL, typed(employment="flexible")).content.decode()
    assert 'data-testid="calc-highest"' not in text
    assert "不符合任何层次的认定条件" in text


def test_the_results_are_marked_to_scroll_into_view_when_sent(client):
    text = client.get(URL).content.decode()
    assert '<section id="calc-results" aria-live="polite" data-scroll-on-submit>' in text


def test_staff_open_it_inside_the_console_and_visitors_on_the_public_site(client, office, unit_staff):
    public = client.get(URL).content.decode()
    assert 'class="public-header"' in public and 'id="sidebar"' not in public
    for user in (office, unit_staff):
        client.force_login(user)
        text = client.get(URL).content.decode()
        assert 'id="sidebar"' in text and 'class="public-header"' not in text
        assert 'class="nav-item active" href="/rules/calculator/"' in text
        assert text.count("htmx.min.js") == 1
