"""Dates that cannot be true, 待转入 until the personnel relation moves, history before the rules,
withdrawal before the first review, and reopening a closed year (第七条–第八条, 第十三条)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import clock, factories
from tests.introductions.factories import FlexibleIntroductionFactory, work
from tests.introductions.test_domain_declarations import full_time_data
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.introductions import tasks
from yingcai.introductions.domain.compliance import close_year, flexible_in_year, reopen_year, year_compliance
from yingcai.introductions.domain.declarations import (
    declare_introduction,
    log_work_period,
    move_due_transfers,
    review,
    update_introduction,
)
from yingcai.introductions.enums import IntroductionState
from yingcai.introductions.models import WorkPeriod
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.notifications.models import Notification
from yingcai.policy.eligibility import FULL_TIME, NO_EMPLOYMENT, evaluate_all, profile_of
from yingcai.workflows.engine import steps_of

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 6, 10)
S = IntroductionState


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def declare(unit_staff, talent, unit, **overrides):
    return declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(**overrides))


def through_county(introduction, unit_staff, county_staff):
    introduction = review(by=unit_staff, introduction=introduction, transition="submit")
    return review(by=county_staff, introduction=introduction, transition="county_approve")


# --- 1. dates that cannot be true --------------------------------------------------------------


def test_a_full_time_introduction_dated_tomorrow_is_refused_naming_the_field(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare(unit_staff, talent, unit, introduced_on=D(2025, 6, 11))
    assert errors_of(excinfo)["introduced_on"] == ["全职引进的引进日期不能晚于今天（2025-06-10）。"]


def test_a_full_time_introduction_dated_today_is_accepted(unit_staff, talent, unit):
    introduction = declare(unit_staff, talent, unit, introduced_on=TODAY, personnel_transferred_on=TODAY)
    assert introduction.introduced_on == TODAY


@pytest.mark.parametrize(("days", "refused"), [(180, False), (181, True)])
def test_a_transfer_date_more_than_the_allowed_future_is_refused(unit_staff, talent, unit, days, refused):
    moved = TODAY + datetime.timedelta(days=days)
    if refused:
        with pytest.raises(ValidationError) as excinfo:
            declare(unit_staff, talent, unit, personnel_transferred_on=moved)
        [message] = errors_of(excinfo)["personnel_transferred_on"]
        assert "不能晚于今天180天以上" in message and "2025-12-07" in message and "第七条" in message
    else:
        assert declare(unit_staff, talent, unit, personnel_transferred_on=moved).personnel_transferred_on == moved


def test_a_contract_starting_before_the_unit_was_founded_is_refused(unit_staff, talent, unit):
    unit.founded_on = D(2024, 3, 2)
    unit.save()
    with pytest.raises(ValidationError) as excinfo:
        declare(unit_staff, talent, unit)  # contract from 2024-03-01
    [message] = errors_of(excinfo)["contract_start"]
    assert "合同起始日期不能早于" in message and "成立日期（2024-03-02）" in message
    unit.founded_on = D(2024, 3, 1)
    unit.save()
    assert declare(unit_staff, talent, unit).contract_start == D(2024, 3, 1)


def test_a_contract_starting_after_the_unit_was_dissolved_is_refused(unit_staff, talent, unit):
    unit.dissolved_on = D(2024, 2, 29)
    unit.save()
    with pytest.raises(ValidationError) as excinfo:
        declare(unit_staff, talent, unit)
    assert "注销/撤销日期（2024-02-29）" in errors_of(excinfo)["contract_start"][0]


def test_a_flexible_agreement_starting_after_the_unit_was_dissolved_is_refused(unit_staff, talent, unit):
    from tests.introductions.test_domain_declarations import flexible_data

    unit.dissolved_on = D(2023, 12, 31)
    unit.save()
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=flexible_data())
    assert "协议起始日期不能晚于" in errors_of(excinfo)["agreement_start"][0]


def test_an_edit_that_makes_the_date_impossible_is_refused(unit_staff, talent, unit):
    introduction = declare(unit_staff, talent, unit)
    with pytest.raises(ValidationError) as excinfo:
        update_introduction(
            by=unit_staff,
            introduction=introduction,
            data=full_time_data(introduced_on=D(2025, 7, 1)),
            version=introduction.version,
        )
    assert "introduced_on" in errors_of(excinfo)


# --- 1. a working period in a closed year; the office reopens the year --------------------------


@pytest.fixture
def closed_2024(unit, talent, office):
    flexible = FlexibleIntroductionFactory(unit=unit, talent=talent)
    work(flexible, D(2024, 3, 1), D(2024, 3, 31))
    close_year(year=2024, by=office, today=D(2025, 1, 2))
    return flexible


def test_a_period_in_a_closed_year_is_refused_saying_the_year_is_closed(closed_2024, unit_staff):
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(
            by=unit_staff, introduction=closed_2024, start=D(2024, 5, 1), end=D(2024, 5, 31), description="补登"
        )
    [message] = errors_of(excinfo)["start"]
    assert "2024年度已关账" in message and "重新开放" in message
    assert WorkPeriod.objects.filter(introduction=closed_2024).count() == 1


def test_a_period_crossing_into_a_closed_year_is_refused(closed_2024, unit_staff):
    with pytest.raises(ValidationError):
        log_work_period(
            by=unit_staff, introduction=closed_2024, start=D(2024, 12, 20), end=D(2025, 1, 5), description="跨年"
        )


def test_a_period_in_an_open_year_is_still_logged(closed_2024, unit_staff):
    log_work_period(by=unit_staff, introduction=closed_2024, start=D(2025, 2, 1), end=D(2025, 2, 28), description="x")
    assert WorkPeriod.objects.filter(introduction=closed_2024).count() == 2


def test_the_office_reopens_a_year_with_a_reason_audited_and_the_late_period_counts(closed_2024, unit_staff, office):
    with pytest.raises(ValidationError) as excinfo:
        reopen_year(by=office, introduction=closed_2024, year=2024, reason=" ")
    assert "reason" in errors_of(excinfo)
    reopen_year(by=office, introduction=closed_2024, year=2024, reason="单位补交5月考勤")
    entry = history_of(closed_2024).filter(action=AuditAction.DELETE).get()
    assert entry.reason == "单位补交5月考勤"
    assert entry.actor == office
    assert "2024年度重新开放" in entry.changes["service_year"][1]
    log_work_period(by=unit_staff, introduction=closed_2024, start=D(2024, 5, 1), end=D(2024, 5, 31), description="补")
    closed_2024.refresh_from_db()
    assert year_compliance(closed_2024, 2024, today=TODAY).days_worked == 31 + 31
    close_year(year=2024, by=office, today=TODAY)
    assert closed_2024.service_years.get(year=2024).days_worked == 62


def test_only_the_office_reopens_a_year(closed_2024, unit_staff, county_staff):
    for who in (unit_staff, county_staff):
        with pytest.raises(PermissionDenied):
            reopen_year(by=who, introduction=closed_2024, year=2024, reason="补登")
    assert closed_2024.service_years.filter(year=2024).exists()


def test_reopening_a_year_not_closed_is_refused(closed_2024, office):
    with pytest.raises(ValidationError) as excinfo:
        reopen_year(by=office, introduction=closed_2024, year=2025, reason="补登")
    assert "year" in errors_of(excinfo)


# --- 3. 全职 only once the personnel relation has moved: 待转入 ------------------------------------


@pytest.fixture
def pending(unit_staff, county_staff, office, talent, unit):
    introduction = declare(
        unit_staff, talent, unit, introduced_on=D(2025, 6, 1), contract_start=D(2025, 6, 1), contract_end=D(2028, 5, 31)
    )
    introduction.personnel_transferred_on = D(2025, 7, 1)
    introduction.save()
    introduction = through_county(introduction, unit_staff, county_staff)
    return introduction


def test_the_office_confirms_a_future_transfer_as_pending(pending, office):
    names = [t.name for t in INTRODUCTION_REVIEW.available(office, pending)]
    assert "confirm_pending_transfer" in names and "confirm" not in names
    with pytest.raises(PermissionDenied):
        review(by=office, introduction=pending, transition="confirm")
    pending = review(by=office, introduction=pending, transition="confirm_pending_transfer")
    assert pending.state == S.PENDING_TRANSFER
    assert pending.get_state_display() == "待转入"


def test_a_transfer_already_made_is_confirmed_as_full_time(unit_staff, county_staff, office, talent, unit):
    introduction = through_county(declare(unit_staff, talent, unit), unit_staff, county_staff)
    names = [t.name for t in INTRODUCTION_REVIEW.available(office, introduction)]
    assert "confirm" in names and "confirm_pending_transfer" not in names


def test_pending_counts_as_full_time_for_article_13_only_from_the_transfer_date(pending, office, talent):
    review(by=office, introduction=pending, transition="confirm_pending_transfer")
    before = profile_of(talent, D(2025, 6, 30))
    assert before.employment == NO_EMPLOYMENT
    on_the_day = profile_of(talent, D(2025, 7, 1))
    assert on_the_day.employment == FULL_TIME
    assert on_the_day.introduction_confirmed
    assert on_the_day.transferred_on == D(2025, 7, 1)
    [verdict, *_rest] = evaluate_all(on_the_day, D(2025, 7, 1))
    full_time = next(c for c in verdict.conditions if c.code == "full_time")
    assert full_time.passed and "2025-07-01" in full_time.detail
    assert before.transferred_on == D(2025, 7, 1)
    [verdict, *_rest] = evaluate_all(before, D(2025, 6, 30))
    refused = next(c for c in verdict.conditions if c.code == "full_time")
    assert not refused.passed and "2025-07-01" in refused.detail and "待转入" in refused.detail


def test_the_daily_task_moves_due_transfers_in_audited_and_tells_the_unit(pending, office, unit_staff, move_to_day):
    review(by=office, introduction=pending, transition="confirm_pending_transfer")
    assert move_due_transfers(today=D(2025, 6, 30)) == 0
    pending.refresh_from_db()
    assert pending.state == S.PENDING_TRANSFER
    Notification.objects.all().delete()
    move_to_day(D(2025, 7, 1))
    assert tasks.move_personnel_transfers_in.call_local() == 1
    pending.refresh_from_db()
    assert pending.state == S.CONFIRMED
    step = steps_of(pending).last()
    assert (step.transition, step.from_state, step.to_state, step.actor) == (
        "transfer_in",
        "pending_transfer",
        "confirmed",
        None,
    )
    entry = history_of(pending).filter(action=AuditAction.UPDATE).order_by("at", "id").last()
    assert entry.changes["state"] == ["待转入", "已确认"]
    assert "2025-07-01" in entry.reason
    assert Notification.objects.filter(recipient=unit_staff, title__contains="人事关系已转入").exists()
    assert move_due_transfers(today=D(2025, 7, 2)) == 0


def test_the_unit_cannot_move_a_transfer_in_itself(pending, office, unit_staff):
    review(by=office, introduction=pending, transition="confirm_pending_transfer")
    with pytest.raises(PermissionDenied):
        review(by=unit_staff, introduction=pending, transition="transfer_in")


# --- 4. history before the work rules took effect ---------------------------------------------


@pytest.fixture
def old_contract(unit_staff, county_staff, talent, unit):
    introduction = declare(
        unit_staff,
        talent,
        unit,
        introduced_on=D(2021, 9, 1),
        personnel_transferred_on=D(2021, 9, 1),
        contract_start=D(2021, 9, 1),
        contract_end=D(2024, 8, 31),
    )
    return through_county(introduction, unit_staff, county_staff)


def test_the_office_records_a_pre_rule_introduction_as_history_with_a_reason(old_contract, office, talent):
    names = [t.name for t in INTRODUCTION_REVIEW.available(office, old_contract)]
    assert names.count("record_history") == 1 and "confirm" not in names
    with pytest.raises(ValidationError) as excinfo:
        review(by=office, introduction=old_contract, transition="record_history")
    assert "reason" in errors_of(excinfo)
    introduction = review(by=office, introduction=old_contract, transition="record_history", reason="2021年引进存档")
    assert introduction.state == S.HISTORICAL
    assert introduction.get_state_display() == "历史记录"
    entry = history_of(introduction).filter(action=AuditAction.UPDATE).order_by("at", "id").last()
    assert entry.changes["state"] == ["待人才办确认", "历史记录"] and "2021年引进存档" in entry.reason
    # Never counted toward anything: no introduction basis for 第十三条.
    profile = profile_of(talent, D(2022, 1, 1))
    assert profile.basis is None and not profile.introduction_confirmed


def test_a_pre_rule_introduction_cannot_be_confirmed(old_contract, office):
    with pytest.raises(PermissionDenied):
        review(by=office, introduction=old_contract, transition="confirm")


def test_a_current_introduction_cannot_be_recorded_as_history(unit_staff, county_staff, office, talent, unit):
    introduction = through_county(declare(unit_staff, talent, unit), unit_staff, county_staff)
    with pytest.raises(PermissionDenied):
        review(by=office, introduction=introduction, transition="record_history", reason="误")


def test_only_the_office_records_history(old_contract, county_staff, unit_staff):
    for who in (county_staff, unit_staff):
        with pytest.raises(PermissionDenied):
            review(by=who, introduction=old_contract, transition="record_history", reason="存档")


def test_a_historical_flexible_record_is_not_judged_for_days(unit, office):
    talent = factories.TalentFactory(unit=unit)
    historical = FlexibleIntroductionFactory(unit=unit, talent=talent, state=S.HISTORICAL)
    assert historical not in flexible_in_year(2024)


# --- 5. the unit withdraws before the first review ----------------------------------------------


def test_the_unit_withdraws_a_submission_with_a_reason_audited(unit_staff, county_staff, talent, unit):
    introduction = review(by=unit_staff, introduction=declare(unit_staff, talent, unit), transition="submit")
    with pytest.raises(ValidationError) as excinfo:
        review(by=unit_staff, introduction=introduction, transition="withdraw")
    assert "reason" in errors_of(excinfo)
    Notification.objects.all().delete()
    introduction = review(by=unit_staff, introduction=introduction, transition="withdraw", reason="合同信息有误")
    assert introduction.state == S.DRAFT
    entry = history_of(introduction).filter(action=AuditAction.UPDATE).order_by("at", "id").last()
    assert entry.changes["state"] == ["待县区/主管部门审核", "草稿"]
    assert "合同信息有误" in entry.reason
    assert steps_of(introduction).last().transition == "withdraw"
    assert Notification.objects.filter(recipient=county_staff).exists()


def test_after_the_first_review_the_unit_cannot_withdraw(unit_staff, county_staff, talent, unit):
    introduction = through_county(declare(unit_staff, talent, unit), unit_staff, county_staff)
    assert "withdraw" not in [t.name for t in INTRODUCTION_REVIEW.available(unit_staff, introduction)]
    with pytest.raises(ValidationError):
        review(by=unit_staff, introduction=introduction, transition="withdraw", reason="想撤回")
    introduction.refresh_from_db()
    assert introduction.state == S.COUNTY_APPROVED


def test_others_cannot_withdraw_a_units_submission(unit_staff, county_staff, office, talent, unit, other_unit):
    introduction = review(by=unit_staff, introduction=declare(unit_staff, talent, unit), transition="submit")
    for who in (county_staff, office, factories.unit_user(other_unit)):
        with pytest.raises(PermissionDenied):
            review(by=who, introduction=introduction, transition="withdraw", reason="撤回")
