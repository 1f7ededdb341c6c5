"""Publishing a rule version safely (第十四条, issue 17): bounds beside the rules, a preview of what
changes and whom it decides differently, a second approver when the setting asks for one,
withdrawal of a version not yet in force, and a note of its own for every version."""

import csv
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import clock, factories
from tests.certification.factories import CertificationFactory, eligible_introduction
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory, work
from tests.selection.factories import NominationFactory
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.certification.domain import rules_keys as certification_keys
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.enums import IntroductionState
from yingcai.policy import impacts
from yingcai.policy.bounds import all_rule_bounds
from yingcai.policy.domain import (
    RULES_FILE,
    approve_rule_version,
    preview_rule_version,
    publish_rule_version,
    rule_in_force,
    withdraw_rule_version,
)
from yingcai.policy.enums import RuleVersionStatus
from yingcai.policy.impacts import RuleImpact
from yingcai.policy.models import PolicyRule
from yingcai.selection.domain import rules_keys as selection_keys
from yingcai.selection.enums import TaskLevel

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 15)
MIN_DAYS = rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR
CONTRACT_YEARS = rules_keys.FULL_TIME_MIN_CONTRACT_YEARS
NOTE = "市委人才办2026年第3次会议纪要"
NEXT_YEAR = D(2027, 1, 1)


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


@pytest.fixture
def other_office(db):
    return factories.office_user()


def publish(by, key=MIN_DAYS, value=100, effective_from=NEXT_YEAR, note=NOTE, **kwargs):
    return publish_rule_version(by=by, key=key, value=value, effective_from=effective_from, note=note, **kwargs)


# --- 1. bounds --------------------------------------------------------------------------------------


def test_every_rule_has_a_bound_beside_it():
    with open(RULES_FILE, encoding="utf-8", newline="") as f:
        keys = {row["key"] for row in csv.DictReader(f)}
    assert keys == set(all_rule_bounds())
    assert set(PolicyRule.objects.values_list("key", flat=True)) <= set(all_rule_bounds())
    for key, bounds in all_rule_bounds().items():
        rule = PolicyRule.objects.get(key=key, version=1)
        assert bounds.contains(rule.value), key  # the shipped values lie inside their bounds


def test_400_days_a_year_is_refused_naming_the_field_and_the_bound(office):
    with pytest.raises(ValidationError) as excinfo:
        publish(office, value=400)
    [message] = excinfo.value.message_dict["value"]
    assert "柔性引进每年在引进单位累计工作最少天数" in message
    assert "1天至366天之间" in message
    assert "400天超出范围" in message
    assert PolicyRule.objects.filter(key=MIN_DAYS).count() == 1


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [
        (MIN_DAYS, 366, True),
        (MIN_DAYS, 367, False),
        (CONTRACT_YEARS, 1, True),
        (CONTRACT_YEARS, 10, True),
        (CONTRACT_YEARS, 11, False),
        (selection_keys.MAX_SINGLE_CRITERION_WEIGHT, 100, True),
        (selection_keys.MAX_SINGLE_CRITERION_WEIGHT, 101, False),
        (selection_keys.MAX_COUNT_CRITERIA_WEIGHT, 0, True),
        (selection_keys.TRIM_MIN_SCORES, 3, True),
        (selection_keys.TRIM_MIN_SCORES, 2, False),
        (rules_keys.FLEXIBLE_REMINDER_FROM_MONTH, 12, True),
        (certification_keys.VALIDITY_YEARS, 11, False),
    ],
)
def test_bounds_at_their_ends(office, key, value, allowed):
    if allowed:
        assert publish(office, key=key, value=value).value == value
    else:
        with pytest.raises(ValidationError) as excinfo:
            publish(office, key=key, value=value)
        assert "超出范围" in excinfo.value.message_dict["value"][0]


# --- 2. preview ---------------------------------------------------------------------------------------


def test_a_preview_tells_what_changes_and_publishes_nothing(office):
    preview = preview_rule_version(by=office, key=MIN_DAYS, value=Decimal(120), effective_from=D(2027, 1, 1), note=NOTE)
    assert (preview.old_value, preview.value, preview.effective_from) == (Decimal(90), Decimal(120), D(2027, 1, 1))
    assert (preview.previous.version, preview.new_version) == (1, 2)
    assert preview.needs_second_approver is False
    assert PolicyRule.objects.filter(key=MIN_DAYS).count() == 1


def test_a_preview_applies_the_same_checks_as_publishing(office):
    with pytest.raises(ValidationError) as excinfo:
        preview_rule_version(by=office, key=MIN_DAYS, value=400, effective_from=D(2027, 1, 1), note="")
    assert set(excinfo.value.message_dict) == {"value", "note"}


def test_the_flexible_days_preview_counts_the_talents_decided_differently(office):
    short = FlexibleIntroductionFactory(introduced_on=D(2024, 1, 1))  # agreement to 2026-12-31
    work(short, D(2026, 1, 5), D(2026, 4, 14))  # 100 days: meets 90, not 120
    plenty = FlexibleIntroductionFactory(introduced_on=D(2024, 1, 1))
    work(plenty, D(2026, 1, 5), D(2026, 5, 14))  # 130 days: meets both
    preview = preview_rule_version(
        by=office, key=MIN_DAYS, value=120, effective_from=D(2026, 7, 1), note=NOTE, today=TODAY
    )
    assert (preview.impact.open_records, preview.impact.changed) == (2, 1)
    assert preview.impact.examples == (str(short.talent),)
    assert "2026年度" in preview.impact.what


def test_the_contract_years_preview_counts_the_open_declarations_decided_differently(office):
    start = D(2027, 1, 1)
    IntroductionFactory(state=IntroductionState.SUBMITTED, introduced_on=start)  # exactly 3 years
    IntroductionFactory(state=IntroductionState.CONFIRMED, introduced_on=start)  # decided already
    preview = preview_rule_version(by=office, key=CONTRACT_YEARS, value=4, effective_from=start, note=NOTE)
    assert (preview.impact.open_records, preview.impact.changed) == (1, 1)


def test_the_national_task_preview_counts_the_nominations_decided_differently(office):
    NominationFactory(task_level=TaskLevel.NATIONAL)
    NominationFactory(task_level=TaskLevel.PROVINCIAL)
    key = selection_keys.NATIONAL_TASK_ELIGIBLE
    preview = preview_rule_version(by=office, key=key, value=1, effective_from=D(2027, 1, 1), note=NOTE)
    assert (preview.impact.open_records, preview.impact.changed) == (2, 1)


def test_the_new_talent_window_preview_counts_the_applications_decided_differently(office):
    CertificationFactory(introduction=eligible_introduction(introduced_on=D(2024, 1, 1)))  # 3 years end 2026-12-31
    CertificationFactory(introduction=eligible_introduction(introduced_on=D(2025, 3, 1)))  # inside both
    key = certification_keys.NEW_TALENT_WINDOW_YEARS
    # Judged on the day the new value first decides: 2027-03-01.
    preview = preview_rule_version(by=office, key=key, value=5, effective_from=D(2027, 3, 1), note=NOTE, today=TODAY)
    assert (preview.impact.open_records, preview.impact.changed) == (2, 1)


def test_a_rule_without_a_registered_impact_says_so(office):
    key = rules_keys.FLEXIBLE_REMINDER_FROM_MONTH
    assert not impacts.has_rule_impact(key)
    preview = preview_rule_version(by=office, key=key, value=11, effective_from=D(2027, 1, 1), note=NOTE)
    assert preview.impact is None


def test_an_app_registers_an_impact_through_the_hook(office):
    key = rules_keys.FLEXIBLE_REMINDER_FROM_MONTH
    seen = {}

    def fake(**kwargs):
        seen.update(kwargs)
        return RuleImpact(open_records=7, changed=3, what="测试记录")

    impacts.register_rule_impact(key, fake)
    try:
        preview = preview_rule_version(by=office, key=key, value=11, effective_from=D(2027, 1, 1), note=NOTE)
    finally:
        impacts.unregister_rule_impact(key)
    assert (preview.impact.open_records, preview.impact.changed) == (7, 3)
    assert seen == {
        "key": key,
        "old_value": Decimal(10),
        "new_value": Decimal(11),
        "effective_from": D(2027, 1, 1),
        "today": TODAY,
    }


@pytest.mark.parametrize("who", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_may_preview(request, who):
    with pytest.raises(PermissionDenied):
        preview_rule_version(
            by=request.getfixturevalue(who), key=MIN_DAYS, value=100, effective_from=D(2027, 1, 1), note=NOTE
        )


# --- 4. the second approver -------------------------------------------------------------------------------


def test_without_the_setting_a_version_is_published_at_once(office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = False
    v2 = publish(office)
    assert v2.status == RuleVersionStatus.PUBLISHED
    assert rule_in_force(MIN_DAYS, D(2027, 1, 1)) == v2


def test_with_the_setting_a_version_waits_for_another_office_user(office, other_office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = publish(office)
    assert v2.status == RuleVersionStatus.PENDING_REVIEW
    v1 = PolicyRule.objects.get(key=MIN_DAYS, version=1)
    assert v1.effective_to is None  # not ended before approval
    assert rule_in_force(MIN_DAYS, D(2027, 1, 1)) == v1  # 待复核 decides nothing
    with pytest.raises(ValidationError) as excinfo:  # nothing else is published meanwhile
        publish(office, value=110, effective_from=D(2027, 6, 1), based_on_version=2)
    assert "待复核" in excinfo.value.messages[0]

    approved = approve_rule_version(by=other_office, rule=v2)
    assert (approved.status, approved.approved_by) == (RuleVersionStatus.PUBLISHED, other_office)
    assert rule_in_force(MIN_DAYS, D(2027, 1, 1)) == approved
    v1.refresh_from_db()
    assert v1.effective_to == D(2026, 12, 31)
    entries = history_of(approved)
    assert {e.action for e in entries} == {AuditAction.CREATE, AuditAction.UPDATE}
    assert any(e.changes == {"status": ["pending_review", "published"]} and e.actor == other_office for e in entries)


def test_the_author_may_not_approve_their_own_version(office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = publish(office)
    with pytest.raises(PermissionDenied) as excinfo:
        approve_rule_version(by=office, rule=v2)
    assert "不能复核自己发布的版本" in str(excinfo.value)
    v2.refresh_from_db()
    assert v2.status == RuleVersionStatus.PENDING_REVIEW


@pytest.mark.parametrize("who", ["county_staff", "unit_staff"])
def test_county_and_unit_users_may_not_approve(request, office, settings, who):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = publish(office)
    with pytest.raises(PermissionDenied):
        approve_rule_version(by=request.getfixturevalue(who), rule=v2)


def test_a_published_version_is_not_approved_again(office, other_office):
    v2 = publish(office)
    with pytest.raises(ValidationError):
        approve_rule_version(by=other_office, rule=v2)


# --- 5. withdrawal ---------------------------------------------------------------------------------------


def test_a_version_not_yet_in_force_is_withdrawn_with_a_reason(office, other_office):
    v2 = publish(office)
    withdrawn = withdraw_rule_version(by=other_office, rule=v2, reason="会议决定暂缓执行")
    assert withdrawn.status == RuleVersionStatus.WITHDRAWN
    assert (withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (other_office, "会议决定暂缓执行")
    v1 = PolicyRule.objects.get(key=MIN_DAYS, version=1)
    assert v1.effective_to is None  # the version before runs on
    assert rule_in_force(MIN_DAYS, D(2027, 1, 1)) == v1
    entry = next(e for e in history_of(withdrawn) if e.action == AuditAction.UPDATE)
    assert entry.changes == {"status": ["published", "withdrawn"]}
    assert entry.reason == "会议决定暂缓执行"
    assert any(e.changes.get("effective_to") == ["2026-12-31", None] for e in history_of(v1))
    # The next version is numbered after the withdrawn one, which stays in the history.
    v3 = publish(office, value=95, based_on_version=2)
    assert v3.version == 3


def test_a_version_in_force_cannot_be_withdrawn(office):
    v2 = publish(office, effective_from=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        withdraw_rule_version(by=office, rule=v2, reason="误发")
    assert "已于2026-06-15起施行，不能撤回" in excinfo.value.messages[0]
    v2.refresh_from_db()
    assert v2.status == RuleVersionStatus.PUBLISHED


def test_a_version_effective_tomorrow_can_still_be_withdrawn(office):
    v2 = publish(office, effective_from=TODAY + datetime.timedelta(days=1))
    assert withdraw_rule_version(by=office, rule=v2, reason="误发").status == RuleVersionStatus.WITHDRAWN


def test_a_withdrawal_needs_a_reason(office):
    v2 = publish(office)
    with pytest.raises(ValidationError) as excinfo:
        withdraw_rule_version(by=office, rule=v2, reason="  ")
    assert "请填写撤回理由" in excinfo.value.message_dict["reason"][0]


def test_a_version_waiting_for_review_can_be_withdrawn(office, settings):
    settings.RULE_CHANGES_NEED_SECOND_APPROVER = True
    v2 = publish(office)
    assert withdraw_rule_version(by=office, rule=v2, reason="改为明年").status == RuleVersionStatus.WITHDRAWN
    assert PolicyRule.objects.get(key=MIN_DAYS, version=1).effective_to is None


def test_only_the_newest_version_is_withdrawn_first(office):
    v2 = publish(office)
    publish(office, value=110, effective_from=D(2028, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        withdraw_rule_version(by=office, rule=v2, reason="误发")
    assert "请先撤回更新的第3版" in excinfo.value.messages[0]


@pytest.mark.parametrize("who", ["county_staff", "unit_staff", "talent_self"])
def test_only_the_office_may_withdraw(request, office, who):
    v2 = publish(office)
    with pytest.raises(PermissionDenied):
        withdraw_rule_version(by=request.getfixturevalue(who), rule=v2, reason="误发")
    v2.refresh_from_db()
    assert v2.status == RuleVersionStatus.PUBLISHED
