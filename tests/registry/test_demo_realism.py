"""Demo data a clerk would believe (issue 17): unit names of the right kind and county without
serial numbers or invented places, posts that agree with the unit and the title, and a history
whose times lie inside what they describe (scores in the scoring window, an objection inside its
notice) because the demo plays each step on its day (yingcai.core.demo_clock)."""

import datetime
import random
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from yingcai.core.demo_clock import as_of, some_day
from yingcai.registry import demo
from yingcai.registry.models import Affiliation, Unit

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
PLACES = ("平顶山", "宝丰县", "叶县", "鲁山县", "郏县", "舞钢市", "汝州", "河南")


@pytest.fixture
def demo_data(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", talents=300, stdout=StringIO())
        yield


def test_unit_names_carry_no_serial_number_and_name_a_real_place(demo_data):
    names = list(Unit.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    for name in names:
        assert not re.search(r"[（(]\d+[)）]$", name), name
        assert name.startswith(PLACES), name
        assert "尧山" not in name and "叶县市" not in name and "鹰城" not in name


def test_a_unit_names_its_own_county(demo_data):
    for unit in Unit.objects.select_related("county").exclude(name__startswith="河南").exclude(kind="university"):
        county = unit.county.name
        expected = "平顶山" if county.endswith("区") else county
        assert unit.name.startswith(expected), (unit.name, county)


def test_posts_agree_with_the_kind_of_unit(demo_data):
    posts = Affiliation.objects.exclude(position="兼职专家").select_related("unit", "talent")
    for affiliation in posts:
        kind, position = affiliation.unit.kind, affiliation.position
        if "教授" in position or "讲师" in position:
            assert kind == "university", (position, affiliation.unit.name)
        if "医师" in position or "药师" in position:
            assert kind == "hospital", (position, affiliation.unit.name)
        if position in ("董事长", "总经理"):
            assert kind == "enterprise"
    assert posts.filter(position__contains="教授").exists() or not Unit.objects.filter(kind="university").exists()


def test_nobody_under_32_holds_a_senior_full_title():
    rng = random.Random(1)
    for _ in range(2000):
        career = demo.career(rng, unit_kind="enterprise", unit_name="平顶山恒泰新材料有限公司", age=31)
        assert career["title"] in ("intermediate", "senior_deputy")
        assert career["specialty"] in demo.FIELD_SPECIALTIES["新材料"]


def test_a_county_runs_out_of_hospitals_rather_than_inventing_one():
    rng, used = random.Random(1), set()
    names = []
    while (name := demo.unit_name(rng, "hospital", "宝丰县", used)) is not None:
        used.add(name)
        names.append(name)
    assert sorted(names) == ["宝丰县中医院", "宝丰县人民医院", "宝丰县妇幼保健院"]


def test_scores_lie_inside_their_scoring_window_and_the_objection_inside_its_notice(demo_data):
    from yingcai.publicity.models import Objection
    from yingcai.selection.models import ScoreSheet

    sheets = ScoreSheet.objects.select_related("assignment__nomination__round")
    assert sheets.exists()
    for sheet in sheets:
        round = sheet.assignment.nomination.round
        day = timezone.localtime(sheet.submitted_at).date()
        assert round.scoring_opens <= day <= min(round.scoring_closes, NOW.date()), (round.name, day)
    objection = Objection.objects.select_related("publicity").get()
    day = timezone.localtime(objection.submitted_at).date()
    assert objection.publicity.starts_on <= day <= objection.publicity.ends_on
    assert objection.answered_at > objection.submitted_at
    assert timezone.localtime(objection.publicity.created_at).date() < objection.publicity.starts_on


def test_the_demo_clock_sets_a_working_hours_moment_of_the_day_and_never_goes_ahead():
    with time_machine.travel(NOW, tick=False):
        with as_of(datetime.date(2025, 5, 12)):
            moment = timezone.localtime()
        assert moment.date() == datetime.date(2025, 5, 12)
        assert datetime.time(8, 30) <= moment.time() <= datetime.time(16, 30)
        with as_of(datetime.date(2027, 1, 4)):
            assert timezone.now() == NOW
        start = datetime.date(2026, 11, 20)
        for _ in range(50):
            day = some_day(start, within_days=10, last=datetime.date(2026, 11, 28))
            assert start <= day <= timezone.localdate()


def test_introductions_are_filed_before_they_begin_and_reviewed_in_order(demo_data):
    from yingcai.introductions.models import Introduction
    from yingcai.workflows.models import ReviewStep

    steps = {}
    for step in ReviewStep.objects.filter(workflow="introduction").order_by("pk"):
        steps.setdefault(step.object_id, []).append(step.at)
    introductions = list(Introduction.objects.all())
    assert len({i.created_at.date() for i in introductions}) > 100  # spread over the years, not one day
    for introduction in introductions:
        began = introduction.agreement_start or introduction.introduced_on
        filed = timezone.localtime(introduction.created_at)
        assert filed <= NOW
        if began is not None and began <= NOW.date():
            assert filed.date() < began, introduction.pk
        ats = steps.get(introduction.pk, [])
        assert ats == sorted(ats) and all(filed <= at <= NOW for at in ats), introduction.pk
