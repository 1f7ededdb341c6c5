"""Eligibility for a tier (第十三条): every condition at its boundary, with the article it cites."""

import dataclasses
import datetime
import json

import pytest
from django.utils import translation

from tests import factories
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory
from yingcai.introductions.enums import IntroductionState
from yingcai.policy.domain import RuleBook, publish_rule_version, rule_in_force
from yingcai.policy.eligibility import (
    NEW_TALENT_WINDOW_YEARS,
    Profile,
    age_on,
    evaluate_all,
    evaluate_tier,
    profile_of,
    render_condition,
    window_end,
)
from yingcai.policy.models import TalentTier
from yingcai.policy.tiers import tier_in_force
from yingcai.registry.enums import Education, ProfessionalTitle

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2026, 6, 30)


def make_tier(**values) -> TalentTier:
    defaults = {
        "code": "T",
        "version": 1,
        "name": "测试层次",
        "rank": 9,
        "article": "认定标准",
        "document": "测试文件",
        "effective_from": D(2024, 1, 1),
    }
    return TalentTier.objects.create(**{**defaults, **values})


def profile(**changes) -> Profile:
    """A profile that meets every condition of every example tier on ON except the honours."""
    base = Profile(
        birth_date=D(1990, 7, 1),  # 35 on ON
        education=Education.DOCTORATE,
        title=ProfessionalTitle.SENIOR_FULL,
        honours=frozenset(),
        employment="full_time",
        basis="introduced",
        basis_date=D(2025, 1, 1),
        introduction_confirmed=True,
    )
    return dataclasses.replace(base, **changes)


def condition(verdict, code):
    return next(c for c in verdict.conditions if c.code == code)


# --- 第十三条: full time, new, confirmed ------------------------------------------------------------


def test_a_full_time_new_confirmed_profile_meeting_the_tier_is_eligible():
    verdict = evaluate_tier(profile(), make_tier(max_age=40), ON)
    assert verdict.eligible
    assert [c.code for c in verdict.conditions] == [
        "full_time",
        "newness",
        "introduction_confirmed",
        "not_civil_servant",
        "age",
    ]
    assert verdict.failed == ()


def test_a_flexible_talent_is_refused_by_article_13():
    verdict = evaluate_tier(profile(employment="flexible", basis=None, basis_date=None), make_tier(), ON)
    assert not verdict.eligible
    full_time = condition(verdict, "full_time")
    assert not full_time.passed
    assert "柔性引进人才不享受第十三条待遇" in full_time.detail
    assert full_time.article == "第十三条"
    assert "第十三条" in full_time.citation
    assert verdict.support == ()


def test_no_employment_in_the_city_fails_full_time():
    verdict = evaluate_tier(profile(employment="none"), make_tier(), ON)
    assert not condition(verdict, "full_time").passed


def test_an_unconfirmed_introduction_is_refused_with_article_13():
    verdict = evaluate_tier(profile(introduction_confirmed=False), make_tier(), ON)
    confirmed = condition(verdict, "introduction_confirmed")
    assert not verdict.eligible and not confirmed.passed
    assert confirmed.article == "第十三条"
    assert "尚未经市委人才办确认" in confirmed.detail


def test_a_cultivated_talent_has_no_introduction_condition():
    verdict = evaluate_tier(profile(basis="cultivated", introduction_confirmed=False), make_tier(), ON)
    assert verdict.eligible
    assert "introduction_confirmed" not in [c.code for c in verdict.conditions]


def test_newness_window_is_inclusive_of_exactly_n_years():
    years = rule_in_force(NEW_TALENT_WINDOW_YEARS, ON).number
    assert years == 3
    tier = make_tier()
    # A 3-year window from 2023-07-01 holds 2023-07-01 … 2026-06-30, both ends included.
    exactly = evaluate_tier(profile(basis_date=D(2023, 7, 1)), tier, ON)  # ON is its last day
    one_day_past = evaluate_tier(profile(basis_date=D(2023, 6, 30)), tier, ON)
    assert condition(exactly, "newness").passed
    assert "2026-06-30" in condition(exactly, "newness").detail
    newness = condition(one_day_past, "newness")
    assert not newness.passed and not one_day_past.eligible
    assert newness.article == "第十三条"
    assert "certification.new_talent_window_years" not in newness.detail
    assert "v1" in newness.citation


def test_newness_follows_the_rule_version_in_force(django_user_model):
    office = factories.office_user()
    publish_rule_version(
        by=office, key=NEW_TALENT_WINDOW_YEARS, value=5, effective_from=D(2026, 1, 1), note="市委人才办会议纪要"
    )
    tier = make_tier()
    four_years = profile(basis_date=D(2022, 7, 1))
    assert condition(evaluate_tier(four_years, tier, ON), "newness").passed  # v2: 5 years
    over_three = profile(basis_date=D(2022, 6, 30))
    assert not condition(evaluate_tier(over_three, tier, D(2025, 6, 30)), "newness").passed  # v1: 3 years
    assert evaluate_tier(four_years, tier, ON).rules == ((NEW_TALENT_WINDOW_YEARS, 2),)


def test_newness_needs_a_date_not_after_the_day_evaluated():
    tier = make_tier()
    assert not condition(evaluate_tier(profile(basis=None, basis_date=None), tier, ON), "newness").passed
    assert not condition(evaluate_tier(profile(basis_date=D(2026, 7, 1)), tier, ON), "newness").passed
    assert condition(evaluate_tier(profile(basis_date=ON), tier, ON), "newness").passed


def test_a_29_february_introduction_stays_new_through_28_february_three_years_on():
    assert window_end(D(2024, 2, 29), 3) == D(2027, 2, 28)
    tier = make_tier()
    on_last = evaluate_tier(profile(basis_date=D(2024, 2, 29)), tier, D(2027, 2, 28))
    after = evaluate_tier(profile(basis_date=D(2024, 2, 29)), tier, D(2027, 3, 1))
    assert condition(on_last, "newness").passed
    assert not condition(after, "newness").passed


def test_civil_servants_are_not_certified():
    tier = make_tier()
    verdict = evaluate_tier(profile(civil_servant=True), tier, ON)
    civil = condition(verdict, "not_civil_servant")
    assert not verdict.eligible and not civil.passed
    assert civil.detail == "公务员、参公人员不参与认定。"
    assert civil.citation == tier.citation


# --- the tier's conditions -----------------------------------------------------------------------


def test_age_in_whole_years_equal_to_the_limit_passes_one_more_fails():
    tier = make_tier(max_age=40)
    forty = evaluate_tier(profile(birth_date=D(1985, 7, 1)), tier, ON)  # 40 until 30 June 2026 inclusive
    forty_one = evaluate_tier(profile(birth_date=D(1985, 6, 30)), tier, ON)  # 41 on ON
    assert age_on(D(1985, 7, 1), ON) == 40 and age_on(D(1985, 6, 30), ON) == 41
    assert condition(forty, "age").passed and forty.eligible
    age = condition(forty_one, "age")
    assert not age.passed and not forty_one.eligible
    assert "41周岁" in age.detail and "40周岁" in age.detail
    assert age.article == "认定标准" and "测试文件" in age.citation


def test_age_on_a_29_february_birthday():
    assert age_on(D(1986, 2, 28), D(2026, 2, 28)) == 40
    assert age_on(D(1984, 2, 29), D(2026, 2, 28)) == 41
    assert age_on(D(1984, 2, 29), D(2026, 3, 1)) == 42


def test_no_birth_date_fails_an_age_limit_but_not_a_tier_without_one():
    assert not evaluate_tier(profile(birth_date=None), make_tier(max_age=60), ON).eligible
    assert evaluate_tier(profile(birth_date=None), make_tier(code="U"), ON).eligible


@pytest.mark.parametrize(
    ("have", "need", "passed"),
    [
        (Education.DOCTORATE, Education.DOCTORATE, True),
        (Education.MASTER, Education.DOCTORATE, False),
        (Education.MASTER, Education.MASTER, True),
        (Education.BACHELOR, Education.MASTER, False),
        (Education.DOCTORATE, Education.BACHELOR, True),
        (Education.COLLEGE, Education.BACHELOR, False),
        (Education.COLLEGE, Education.COLLEGE, True),
        ("", Education.COLLEGE, False),
    ],
)
def test_education_order(have, need, passed):
    verdict = evaluate_tier(profile(education=have), make_tier(min_education=need), ON)
    assert condition(verdict, "education").passed is passed
    assert verdict.eligible is passed


@pytest.mark.parametrize(
    ("have", "need", "passed"),
    [
        (ProfessionalTitle.SENIOR_FULL, ProfessionalTitle.SENIOR_FULL, True),
        (ProfessionalTitle.SENIOR_DEPUTY, ProfessionalTitle.SENIOR_FULL, False),
        (ProfessionalTitle.SENIOR_DEPUTY, ProfessionalTitle.SENIOR_DEPUTY, True),
        (ProfessionalTitle.INTERMEDIATE, ProfessionalTitle.SENIOR_DEPUTY, False),
        (ProfessionalTitle.JUNIOR, ProfessionalTitle.INTERMEDIATE, False),
        (ProfessionalTitle.INTERMEDIATE, ProfessionalTitle.JUNIOR, True),
        (ProfessionalTitle.NONE, ProfessionalTitle.JUNIOR, False),
        ("", ProfessionalTitle.JUNIOR, False),
    ],
)
def test_title_order(have, need, passed):
    verdict = evaluate_tier(profile(title=have), make_tier(min_title=need), ON)
    title = condition(verdict, "title")
    assert title.passed is passed
    if not passed:
        assert "低于要求" in title.detail


def test_honours_any_one_of_the_list():
    tier = make_tier(honours=["两院院士", "国家杰出青年科学基金获得者"])
    none = evaluate_tier(profile(), tier, ON)
    one = evaluate_tier(profile(honours=frozenset({"国家杰出青年科学基金获得者", "其他荣誉"})), tier, ON)
    other = evaluate_tier(profile(honours=frozenset({"中原学者"})), tier, ON)
    assert one.eligible and condition(one, "honours").passed
    assert "国家杰出青年科学基金获得者" in condition(one, "honours").detail
    for verdict in (none, other):
        honours = condition(verdict, "honours")
        assert not honours.passed and not verdict.eligible
        assert "两院院士" in honours.detail


def test_a_tier_without_conditions_checks_only_article_13():
    verdict = evaluate_tier(profile(education="", title=""), make_tier(), ON)
    assert [c.code for c in verdict.conditions] == [
        "full_time",
        "newness",
        "introduction_confirmed",
        "not_civil_servant",
    ]


def test_every_failing_condition_is_listed_not_only_the_first():
    verdict = evaluate_tier(
        profile(employment="flexible", civil_servant=True, birth_date=D(1950, 1, 1)), make_tier(max_age=60), ON
    )
    assert {c.code for c in verdict.failed} == {"full_time", "not_civil_servant", "age"}


# --- the example tiers and the explanation object ------------------------------------------------


def test_evaluate_all_covers_every_example_tier_in_rank_order_with_support_when_eligible():
    verdicts = evaluate_all(profile(honours=frozenset({"中原英才计划入选者"})), ON)
    assert [v.tier.code for v in verdicts] == ["A", "B", "C", "D", "E"]
    eligible = {v.tier.code for v in verdicts if v.eligible}
    assert eligible == {"D", "E"}
    by_code = {v.tier.code: v for v in verdicts}
    assert {i.code for i in by_code["D"].support} >= {"D.housing_purchase", "D.living_subsidy", "D.school_place"}
    assert by_code["A"].support == ()


def test_the_explanation_object_is_json_safe_and_names_the_versions():
    verdict = evaluate_tier(profile(employment="flexible"), tier_in_force("D", ON), ON)
    data = json.loads(json.dumps(verdict.as_dict(), ensure_ascii=False))
    assert data["tier"]["code"] == "D" and data["tier"]["version"] == 1 and data["tier"]["is_example"] is True
    assert data["eligible"] is False
    assert "full_time" in data["failed"]
    assert data["rules"] == [{"key": NEW_TALENT_WINDOW_YEARS, "version": 1}]
    first = data["conditions"][0]
    assert set(first) == {"code", "label", "passed", "detail", "article", "citation", "label_text", "detail_text"}


def test_evaluate_all_uses_a_fixed_number_of_queries(django_assert_max_num_queries):
    book = RuleBook()
    with django_assert_max_num_queries(3):
        evaluate_all(profile(), ON, book)


# --- profiles from the registry ------------------------------------------------------------------


def test_profile_of_a_confirmed_full_time_talent():
    introduction = IntroductionFactory(introduced_on=D(2025, 3, 1))
    talent = introduction.talent
    result = profile_of(talent, ON, honours=["中原学者", " "], civil_servant=False)
    assert result.employment == "full_time"
    assert result.basis == "introduced" and result.basis_date == D(2025, 3, 1)
    assert result.introduction_confirmed
    assert result.birth_date == talent.birth_date and result.education == talent.education
    assert result.honours == frozenset({"中原学者"})


def test_profile_of_an_unconfirmed_full_time_talent():
    introduction = IntroductionFactory(state=IntroductionState.SUBMITTED)
    result = profile_of(introduction.talent, ON)
    assert result.employment == "full_time" and not result.introduction_confirmed


def test_profile_of_a_flexible_talent():
    introduction = FlexibleIntroductionFactory()
    result = profile_of(introduction.talent, ON)
    assert result.employment == "flexible" and result.basis is None
    assert not evaluate_tier(result, make_tier(), ON).eligible


def test_an_ended_introduction_no_longer_counts(unit):
    introduction = IntroductionFactory(introduced_on=D(2025, 3, 1), ended_on=D(2026, 6, 29))
    assert profile_of(introduction.talent, D(2026, 6, 29)).employment == "full_time"
    result = profile_of(introduction.talent, ON)
    assert result.basis is None and not result.introduction_confirmed


def test_an_introduction_after_the_day_evaluated_does_not_count():
    introduction = IntroductionFactory(introduced_on=D(2026, 7, 1))
    assert profile_of(introduction.talent, ON).basis is None


def test_profile_of_a_talent_grown_in_the_city(talent):
    result = profile_of(talent, ON, cultivated_on=D(2025, 12, 1))
    assert result.employment == "full_time"
    assert result.basis == "cultivated" and result.basis_date == D(2025, 12, 1)
    without = profile_of(talent, ON)
    assert without.basis is None
    assert not condition(evaluate_tier(without, make_tier(), ON), "newness").passed


def test_the_later_of_introduction_and_cultivation_is_the_basis():
    introduction = IntroductionFactory(introduced_on=D(2024, 3, 1))
    result = profile_of(introduction.talent, ON, cultivated_on=D(2025, 1, 1))
    assert result.basis == "cultivated" and result.basis_date == D(2025, 1, 1)


# --- stored decisions keep their data, not only their Chinese sentence (issue 17) -----------------


def test_a_stored_condition_keeps_its_data_and_renders_in_the_readers_language():
    verdict = evaluate_tier(profile(education=Education.BACHELOR, birth_date=D(1960, 5, 1)), tier_in_force("E", ON), ON)
    stored = json.loads(json.dumps([c.as_dict() for c in verdict.conditions], ensure_ascii=False))
    education = next(c for c in stored if c["code"] == "education")
    assert education["detail"] == "学历为大学本科，低于要求的硕士研究生。"
    assert education["detail_text"] == {
        "msgid": "学历为%(have)s，低于要求的%(need)s。",
        "params": {
            "have": {"choice": "education", "value": Education.BACHELOR.value},
            "need": {"choice": "education", "value": Education.MASTER.value},
        },
    }
    with translation.override("en"):
        english = render_condition(education)
    assert english["detail"] != education["detail"]
    assert "本科" not in english["detail"] and "Bachelor" in english["detail"]
    with translation.override("zh-hans"):
        assert render_condition(education) == education


def test_a_condition_stored_before_it_kept_its_data_reads_as_stored():
    old = {"code": "age", "label": "年龄不超过55周岁", "passed": True, "detail": "旧的说明", "article": "第十三条"}
    with translation.override("en"):
        assert render_condition(old) == old
