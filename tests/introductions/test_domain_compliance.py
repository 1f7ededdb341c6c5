"""第八条: a flexible talent works at the unit a cumulative total of no less than 3 months (90 days
by default, a rule the office sets) each year; the platform adds up the periods per calendar year,
says met / not yet / missed, flags who is at risk, and freezes each closed year."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tests import factories
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory, work
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.compliance import (
    at_risk,
    close_year,
    compliance_history,
    required_days,
    service_span,
    year_compliance,
)
from yingcai.introductions.enums import ComplianceStatus, IntroductionState
from yingcai.introductions.models import FlexibleServiceYear, Introduction
from yingcai.policy.domain import publish_rule_version, rule_in_force

D = datetime.date
MET, NOT_YET, MISSED = ComplianceStatus.MET, ComplianceStatus.NOT_YET, ComplianceStatus.MISSED
AFTER_2025 = D(2026, 1, 5)  # 2025 is over
MIN_DAYS = rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR


def days(start: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """A period of `count` days from `start`, both ends included."""
    return start, start + datetime.timedelta(days=count - 1)


@pytest.fixture
def flexible(unit, talent):
    """A flexible talent whose agreement covers 2024, 2025 and 2026 whole."""
    return FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2024, 1, 1), agreement_end=D(2026, 12, 31)
    )


def result(introduction, year, today):
    # A fresh copy, so that no prefetched periods or frozen years are stale.
    return year_compliance(Introduction.objects.get(pk=introduction.pk), year, today=today)


# --- 89 vs 90 days ------------------------------------------------------------------------------


@pytest.mark.parametrize(("worked", "status"), [(89, MISSED), (90, MET), (91, MET)])
def test_ninety_days_in_a_past_full_year_is_met_and_89_is_missed(flexible, worked, status):
    work(flexible, *days(D(2025, 3, 1), worked))
    outcome = result(flexible, 2025, AFTER_2025)
    assert outcome.days_worked == worked
    assert outcome.days_required == 90
    assert outcome.status == status
    assert outcome.shortfall == max(90 - worked, 0)
    assert outcome.rule == rule_in_force(MIN_DAYS, D(2025, 12, 31))
    assert "第八条" in outcome.explanation
    assert f"{worked}天" in outcome.explanation


def test_exactly_ninety_days_in_two_separate_periods_is_met(flexible):
    work(flexible, D(2025, 3, 1), D(2025, 3, 31))  # 31 days
    work(flexible, D(2025, 6, 1), D(2025, 7, 29))  # 30 + 29 = 59 days
    outcome = result(flexible, 2025, AFTER_2025)
    assert outcome.days_worked == 90
    assert outcome.status == MET


def test_overlapping_periods_are_not_counted_twice(flexible):
    work(flexible, *days(D(2025, 3, 1), 89))  # 1 March … 28 May
    work(flexible, D(2025, 3, 10), D(2025, 4, 10))  # inside the first: adds nothing
    work(flexible, D(2025, 5, 20), D(2025, 5, 28))  # overlaps its end: adds nothing
    outcome = result(flexible, 2025, AFTER_2025)
    assert outcome.days_worked == 89
    assert outcome.status == MISSED


def test_an_overlap_that_reaches_past_the_end_adds_only_the_new_days(flexible):
    work(flexible, *days(D(2025, 3, 1), 89))  # … 28 May
    work(flexible, D(2025, 5, 28), D(2025, 5, 29))  # one new day
    assert result(flexible, 2025, AFTER_2025).days_worked == 90


def test_a_period_crossing_31_december_is_split_between_the_years(flexible):
    work(flexible, D(2024, 11, 3), D(2025, 1, 31))
    assert result(flexible, 2024, AFTER_2025).days_worked == 28 + 31
    assert result(flexible, 2025, AFTER_2025).days_worked == 31


def test_year_end_crossing_periods_complete_each_year_separately(flexible):
    work(flexible, D(2024, 10, 3), D(2025, 1, 30))  # 90 days in 2024 (3 Oct … 31 Dec), 30 in 2025
    work(flexible, D(2025, 11, 2), D(2026, 2, 1))  # 60 days in 2025, 32 in 2026
    assert result(flexible, 2024, AFTER_2025).status == MET
    outcome_2025 = result(flexible, 2025, AFTER_2025)
    assert outcome_2025.days_worked == 90
    assert outcome_2025.status == MET
    assert result(flexible, 2026, D(2026, 3, 1)).days_worked == 32


def test_29_february_counts_in_a_leap_year(unit):
    talent_a, talent_b = factories.TalentFactory(unit=unit), factories.TalentFactory(unit=unit)
    leap = FlexibleIntroductionFactory(unit=unit, talent=talent_a, agreement_end=D(2026, 12, 31))
    common = FlexibleIntroductionFactory(unit=unit, talent=talent_b, agreement_end=D(2026, 12, 31))
    work(leap, D(2024, 2, 1), D(2024, 4, 30))  # 29 + 31 + 30
    work(common, D(2025, 2, 1), D(2025, 4, 30))  # 28 + 31 + 30
    leap_year = result(leap, 2024, AFTER_2025)
    assert (leap_year.days_worked, leap_year.days_required, leap_year.status) == (90, 90, MET)
    common_year = result(common, 2025, AFTER_2025)
    assert (common_year.days_worked, common_year.status) == (89, MISSED)


def test_a_whole_leap_year_of_agreement_is_not_prorated(unit, talent):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2024, 1, 1), agreement_end=D(2024, 12, 31)
    )
    required, _rule, _why = required_days(introduction, 2024, D(2024, 12, 31))
    assert required == 90


# --- met / not yet / missed ---------------------------------------------------------------------


def test_a_past_year_short_of_days_is_missed_and_not_at_risk(flexible):
    work(flexible, *days(D(2025, 3, 1), 40))
    outcome = result(flexible, 2025, D(2026, 1, 1))
    assert outcome.status == MISSED
    assert outcome.at_risk is False
    assert outcome.shortfall == 50


def test_the_current_year_short_of_days_is_not_yet(flexible):
    work(flexible, *days(D(2025, 3, 1), 40))
    outcome = result(flexible, 2025, D(2025, 12, 31))
    assert outcome.status == NOT_YET


def test_met_as_soon_as_the_days_are_reached(flexible):
    work(flexible, *days(D(2025, 3, 1), 89))  # … 28 May
    assert result(flexible, 2025, D(2025, 5, 28)).status == NOT_YET
    work(flexible, D(2025, 5, 29), D(2025, 5, 29))
    outcome = result(flexible, 2025, D(2025, 5, 29))
    assert outcome.status == MET
    assert outcome.at_risk is False


# --- at risk ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "risky"),
    [
        (D(2025, 9, 30), False),  # before the reminder month (10), and 93 days are left for 90
        (D(2025, 10, 1), True),  # from the reminder month on
        (D(2025, 12, 31), True),
    ],
)
def test_at_risk_from_the_reminder_month(flexible, today, risky):
    outcome = result(flexible, 2025, today)
    assert outcome.status == NOT_YET
    assert outcome.at_risk is risky


def test_a_talent_who_met_the_days_is_not_at_risk_in_the_reminder_month(flexible):
    work(flexible, *days(D(2025, 3, 1), 90))
    assert result(flexible, 2025, D(2025, 10, 15)).at_risk is False


@pytest.mark.parametrize(("worked", "risky"), [(29, False), (28, True)])
def test_at_risk_before_the_reminder_month_when_the_days_left_cannot_cover_the_shortfall(
    flexible, office, worked, risky
):
    publish_rule_version(
        by=office,
        key=rules_keys.FLEXIBLE_REMINDER_FROM_MONTH,
        value=12,
        effective_from=D(2025, 1, 1),
        note="市委人才办会议纪要",
    )
    work(flexible, *days(D(2025, 3, 1), worked))
    # 1 November … 31 December: 61 days left; 90 − 29 = 61 can still be worked, 90 − 28 = 62 cannot.
    outcome = result(flexible, 2025, D(2025, 11, 1))
    assert outcome.status == NOT_YET
    assert outcome.at_risk is risky


@pytest.mark.parametrize(("today", "risky"), [(D(2025, 9, 3), False), (D(2025, 9, 4), True)])
def test_at_risk_when_a_higher_requirement_can_no_longer_be_met(flexible, office, today, risky):
    publish_rule_version(by=office, key=MIN_DAYS, value=120, effective_from=D(2025, 1, 1), note="市委人才办会议纪要")
    # 3 September … 31 December is 120 days; from 4 September only 119 are left.
    outcome = result(flexible, 2025, today)
    assert outcome.days_required == 120
    assert outcome.at_risk is risky


def test_at_risk_when_the_agreement_ends_before_the_shortfall_can_be_made_up(unit, talent):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2024, 1, 1), agreement_end=D(2025, 8, 31)
    )
    # 2025 is covered 1 January … 31 August (243 days): ceil(90 × 243 / 365) = 60 days required;
    # on 1 August only 31 days of the agreement are left.
    outcome = result(introduction, 2025, D(2025, 8, 1))
    assert outcome.days_required == 60
    assert outcome.status == NOT_YET
    assert outcome.at_risk is True


def test_the_at_risk_list_sorted_by_shortfall_and_without_drafts_or_other_years(unit, other_unit):
    today = D(2025, 10, 15)
    small_gap = FlexibleIntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit))
    big_gap = FlexibleIntroductionFactory(unit=other_unit, talent=factories.TalentFactory(unit=other_unit))
    met = FlexibleIntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit))
    draft = FlexibleIntroductionFactory(
        unit=unit, talent=factories.TalentFactory(unit=unit), state=IntroductionState.DRAFT
    )
    returned = FlexibleIntroductionFactory(
        unit=unit, talent=factories.TalentFactory(unit=unit), state=IntroductionState.RETURNED
    )
    ended_last_year = FlexibleIntroductionFactory(
        unit=unit, talent=factories.TalentFactory(unit=unit), agreement_end=D(2024, 12, 31)
    )
    left = FlexibleIntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit), ended_on=D(2024, 6, 30))
    full_time = IntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit))
    work(small_gap, *days(D(2025, 3, 1), 80))
    work(big_gap, *days(D(2025, 3, 1), 10))
    work(met, *days(D(2025, 3, 1), 90))
    found = at_risk(Introduction.objects.all(), today=today)
    assert [i for i, _r in found] == [big_gap, small_gap]
    assert [r.shortfall for _i, r in found] == [80, 10]
    listed = {i.pk for i, _r in found}
    assert not listed & {met.pk, draft.pk, returned.pk, ended_last_year.pk, left.pk, full_time.pk}
    # The caller's queryset (e.g. one unit's) limits the list.
    assert [i for i, _r in at_risk(Introduction.objects.filter(unit=unit), today=today)] == [small_gap]


# --- pro-rating a partial year --------------------------------------------------------------------


def test_a_partial_first_year_is_prorated(unit, talent):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, introduced_on=D(2025, 7, 1), agreement_start=D(2025, 7, 1)
    )
    # 1 July … 31 December 2025 is 184 days: ceil(90 × 184 / 365) = ceil(45.37) = 46.
    work(introduction, *days(D(2025, 7, 1), 45))
    outcome = result(introduction, 2025, AFTER_2025)
    assert outcome.days_required == 46
    assert outcome.status == MISSED
    assert "184" in outcome.explanation
    assert "46" in outcome.explanation
    work(introduction, D(2025, 8, 15), D(2025, 8, 15))
    assert result(introduction, 2025, AFTER_2025).status == MET


def test_a_partial_last_year_in_a_leap_year_is_prorated_over_366_days(unit, talent):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2025, 7, 1), agreement_end=D(2028, 6, 30)
    )
    # 1 January … 30 June 2028 is 182 days of 366: ceil(90 × 182 / 366) = ceil(44.75) = 45.
    required, _rule, _why = required_days(introduction, 2028, D(2028, 12, 31))
    assert required == 45


def test_a_departure_shortens_the_year_it_happens_in(flexible, unit_staff):
    Introduction.objects.filter(pk=flexible.pk).update(ended_on=D(2025, 6, 30), end_reason="离开")
    flexible.refresh_from_db()
    assert service_span(flexible) == (D(2024, 1, 1), D(2025, 6, 30))
    # 1 January … 30 June 2025 is 181 days: ceil(90 × 181 / 365) = ceil(44.63) = 45.
    assert result(flexible, 2025, AFTER_2025).days_required == 45
    assert result(flexible, 2026, D(2026, 12, 31)).days_required == 0


def test_prorating_is_switched_off_by_publishing_the_rule_as_0(unit, talent, office):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, introduced_on=D(2025, 7, 1), agreement_start=D(2025, 7, 1)
    )
    assert result(introduction, 2025, AFTER_2025).days_required == 46
    publish_rule_version(
        by=office,
        key=rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR,
        value=0,
        effective_from=D(2025, 1, 1),
        note="市委人才办会议纪要",
    )
    outcome = result(introduction, 2025, AFTER_2025)
    assert outcome.days_required == 90
    assert "184" not in outcome.explanation


def test_the_rule_in_force_at_the_end_of_the_year_decides_it(flexible, office):
    publish_rule_version(by=office, key=MIN_DAYS, value=100, effective_from=D(2026, 1, 1), note="市委人才办会议纪要")
    work(flexible, *days(D(2025, 3, 1), 90))
    work(flexible, *days(D(2026, 3, 1), 90))
    past = result(flexible, 2025, D(2026, 3, 1))
    assert (past.days_required, past.status, past.rule.version) == (90, MET, 1)
    current = result(flexible, 2026, D(2026, 6, 1))
    assert (current.days_required, current.status, current.rule.version) == (100, NOT_YET, 2)


def test_compliance_history_lists_each_agreement_year_up_to_this_one(unit, talent):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2024, 7, 1), agreement_end=D(2027, 6, 30)
    )
    work(introduction, *days(D(2024, 9, 1), 50))
    history = compliance_history(Introduction.objects.get(pk=introduction.pk), today=D(2025, 11, 25))
    assert [y.year for y in history] == [2025, 2024]
    assert [y.status for y in history] == [NOT_YET, MET]  # 2024: 184 of 366 days → 46 required


# --- closing a year -------------------------------------------------------------------------------


def test_close_year_freezes_each_result_with_its_rule_version(flexible, unit, office):
    short = FlexibleIntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit))
    draft = FlexibleIntroductionFactory(
        unit=unit, talent=factories.TalentFactory(unit=unit), state=IntroductionState.DRAFT
    )
    not_covering = FlexibleIntroductionFactory(
        unit=unit, talent=factories.TalentFactory(unit=unit), agreement_start=D(2026, 1, 1)
    )
    work(flexible, *days(D(2025, 3, 1), 90))
    work(short, *days(D(2025, 3, 1), 89))

    assert close_year(year=2025, by=office, today=D(2026, 1, 2)) == 2

    rule = rule_in_force(MIN_DAYS, D(2025, 12, 31))
    met = FlexibleServiceYear.objects.get(introduction=flexible, year=2025)
    assert (met.days_worked, met.days_required, met.status, met.rule) == (90, 90, MET, rule)
    assert met.closed_by == office
    assert "第八条" in met.explanation
    missed = FlexibleServiceYear.objects.get(introduction=short, year=2025)
    assert (missed.days_worked, missed.status) == (89, MISSED)
    assert not FlexibleServiceYear.objects.filter(introduction__in=[draft, not_covering]).exists()
    entry = history_of(missed).get()
    assert entry.action == AuditAction.CREATE
    assert entry.changes == {"year": 2025, "status": "missed", "days": 89}


def test_close_year_records_a_rule_version_published_during_the_year(flexible, office):
    v2 = publish_rule_version(
        by=office, key=MIN_DAYS, value=100, effective_from=D(2025, 6, 1), note="市委人才办会议纪要"
    )
    work(flexible, *days(D(2025, 3, 1), 95))
    close_year(year=2025, by=office, today=D(2026, 1, 2))
    frozen = FlexibleServiceYear.objects.get(introduction=flexible, year=2025)
    assert (frozen.rule, frozen.days_required, frozen.status) == (v2, 100, MISSED)


def test_close_year_is_idempotent(flexible, office):
    work(flexible, *days(D(2025, 3, 1), 30))
    assert close_year(year=2025, by=office, today=D(2026, 1, 2)) == 1
    assert close_year(year=2025, by=office, today=D(2026, 2, 1)) == 0
    assert FlexibleServiceYear.objects.filter(introduction=flexible).count() == 1
    assert FlexibleServiceYear.objects.get().days_worked == 30


@pytest.mark.parametrize("today", [D(2025, 12, 31), D(2025, 6, 30)])
def test_close_year_refuses_a_year_not_yet_ended(flexible, office, today):
    with pytest.raises(ValueError, match="2025"):
        close_year(year=2025, by=office, today=today)
    assert not FlexibleServiceYear.objects.exists()


def test_periods_logged_after_closing_do_not_change_the_frozen_year(flexible, office):
    work(flexible, *days(D(2025, 3, 1), 60))
    close_year(year=2025, by=office, today=D(2026, 1, 2))
    work(flexible, *days(D(2025, 9, 1), 40))  # logged late
    outcome = result(flexible, 2025, D(2026, 2, 1))
    assert outcome.frozen is True
    assert (outcome.days_worked, outcome.status, outcome.at_risk) == (60, MISSED, False)
    # 2026 is not closed and still counts live.
    work(flexible, *days(D(2026, 1, 5), 10))
    assert result(flexible, 2026, D(2026, 2, 1)).frozen is False


def test_a_frozen_year_keeps_its_rule_after_a_later_rule_change(flexible, office):
    work(flexible, *days(D(2025, 3, 1), 90))
    close_year(year=2025, by=office, today=D(2026, 1, 2))
    publish_rule_version(by=office, key=MIN_DAYS, value=120, effective_from=D(2025, 6, 1), note="市委人才办会议纪要")
    outcome = result(flexible, 2025, D(2026, 2, 1))
    assert (outcome.days_required, outcome.status, outcome.rule.version) == (90, MET, 1)


@pytest.mark.parametrize("who", ["unit_staff", "county_staff", "talent_self", "expert"])
def test_only_the_office_may_close_a_year(request, who, flexible):
    with pytest.raises(PermissionDenied):
        close_year(year=2025, by=request.getfixturevalue(who), today=D(2026, 1, 2))
    assert not FlexibleServiceYear.objects.exists()


def test_the_year_end_job_closes_without_a_user(flexible):
    assert close_year(year=2025, by=None, today=D(2026, 1, 2)) == 1
    assert FlexibleServiceYear.objects.get().closed_by is None
