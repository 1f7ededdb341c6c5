"""The versioned policy rules (第十四条): which version is in force on a date, publishing a new one,
and reloading the rules data without touching what the office published."""

import csv
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain import rules_keys
from yingcai.policy.domain import (
    RULES_FILE,
    MissingRuleError,
    current_rules,
    load_policy_rules,
    publish_rule_version,
    rule_in_force,
)
from yingcai.policy.models import PolicyRule

# Database tests, so pytest-django orders them before the transactional ones that empty it.
pytestmark = pytest.mark.django_db


D = datetime.date
CONTRACT_YEARS = rules_keys.FULL_TIME_MIN_CONTRACT_YEARS
MIN_DAYS = rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR
ALL_KEYS = {
    rules_keys.FULL_TIME_MIN_CONTRACT_YEARS,
    rules_keys.FLEXIBLE_MIN_DAYS_PER_YEAR,
    rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR,
    rules_keys.FLEXIBLE_REMINDER_FROM_MONTH,
}


def csv_rows() -> list[dict]:
    with open(RULES_FILE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the rules data -------------------------------------------------------------------------------


def test_the_migration_loads_version_1_of_every_rule_in_the_data_file(db):
    rows = csv_rows()
    assert {r["key"] for r in rows} == set(PolicyRule.objects.values_list("key", flat=True))
    for row in rows:
        rule = PolicyRule.objects.get(key=row["key"], version=1)
        assert rule.value == Decimal(row["value"])
        assert rule.effective_from == D.fromisoformat(row["effective_from"])
        assert rule.effective_to is None


def test_every_rule_the_code_applies_exists(db):
    assert ALL_KEYS.issubset(PolicyRule.objects.values_list("key", flat=True))


def test_every_rule_has_an_article_a_document_and_a_label(db):
    rules = list(PolicyRule.objects.all())
    assert rules
    for rule in rules:
        assert rule.article.startswith("第"), rule.key
        assert rule.article.endswith("条"), rule.key
        assert rule.document.strip(), rule.key
        assert rule.label.strip(), rule.key
        assert rule.note.strip(), rule.key
        assert rule.article in rule.citation
        assert rule.document in rule.citation


def test_the_defaults_of_articles_7_and_8(db):
    on = D(2024, 1, 1)
    contract = rule_in_force(CONTRACT_YEARS, on)
    assert (contract.number, contract.article) == (3, "第七条")
    days = rule_in_force(MIN_DAYS, on)
    assert (days.number, days.article) == (90, "第八条")
    assert rule_in_force(rules_keys.FLEXIBLE_PRORATE_PARTIAL_YEAR, on).number == 1
    assert rule_in_force(rules_keys.FLEXIBLE_REMINDER_FROM_MONTH, on).number == 10


def test_the_citation_names_document_article_and_version(db):
    rule = rule_in_force(CONTRACT_YEARS, D(2024, 6, 1))
    assert rule.citation == "《平顶山市科技创新领军人才引进培育工作细则》第七条（全职引进工作合同最短期限 v1）"


# --- which version is in force ---------------------------------------------------------------------


def test_no_rule_is_in_force_before_its_first_version(db):
    with pytest.raises(MissingRuleError):
        rule_in_force(CONTRACT_YEARS, D(2023, 12, 31))
    with pytest.raises(MissingRuleError):
        rule_in_force("introduction.no_such_rule", D(2025, 1, 1))


def test_rule_in_force_picks_the_version_by_date(office):
    v1 = rule_in_force(CONTRACT_YEARS, D(2024, 1, 1))
    v2 = publish_rule_version(
        by=office, key=CONTRACT_YEARS, value=4, effective_from=D(2025, 7, 1), note="市委人才办会议纪要"
    )
    v3 = publish_rule_version(
        by=office, key=CONTRACT_YEARS, value=5, effective_from=D(2026, 1, 1), note="市委人才办会议纪要"
    )
    assert rule_in_force(CONTRACT_YEARS, D(2024, 1, 1)) == v1
    assert rule_in_force(CONTRACT_YEARS, D(2025, 6, 30)) == v1
    assert rule_in_force(CONTRACT_YEARS, D(2025, 7, 1)) == v2
    assert rule_in_force(CONTRACT_YEARS, D(2025, 12, 31)) == v2
    assert rule_in_force(CONTRACT_YEARS, D(2026, 1, 1)) == v3
    assert rule_in_force(CONTRACT_YEARS, D(2030, 1, 1)) == v3
    # Other rules are untouched.
    assert rule_in_force(MIN_DAYS, D(2030, 1, 1)).version == 1


# --- publishing ---------------------------------------------------------------------------------------


def test_publishing_ends_the_previous_version_the_day_before(office):
    v2 = publish_rule_version(
        by=office, key=MIN_DAYS, value=Decimal("100"), effective_from=D(2025, 7, 1), note="市委人才办2025年调整"
    )
    v1 = PolicyRule.objects.get(key=MIN_DAYS, version=1)
    assert v1.effective_to == D(2025, 6, 30)
    assert v1.value == Decimal("90")  # the old version itself is not edited
    assert (v2.version, v2.value, v2.effective_from, v2.effective_to) == (2, Decimal("100"), D(2025, 7, 1), None)
    assert (v2.label, v2.article, v2.document, v2.unit) == (v1.label, v1.article, v1.document, v1.unit)
    assert v2.note == "市委人才办2025年调整"
    assert v2.created_by == office
    [entry] = history_of(v2)
    assert entry.action == AuditAction.CREATE
    assert entry.actor == office
    assert entry.changes == {"value": ["90.00", "100"], "effective_from": "2025-07-01"}
    assert [r.version for r in current_rules() if r.key == MIN_DAYS] == [2]


@pytest.mark.parametrize("note", ["", "   "])
def test_a_new_version_needs_its_own_note(office, note):
    with pytest.raises(ValidationError) as excinfo:
        publish_rule_version(by=office, key=MIN_DAYS, value=100, effective_from=D(2025, 7, 1), note=note)
    assert "请填写本版本的说明" in excinfo.value.message_dict["note"][0]
    assert PolicyRule.objects.filter(key=MIN_DAYS).count() == 1


def test_the_old_note_is_never_copied(office):
    v2 = publish_rule_version(by=office, key=MIN_DAYS, value=100, effective_from=D(2025, 7, 1), note="2025年调整")
    assert v2.note == "2025年调整"
    assert "按90天计" not in v2.note


@pytest.mark.parametrize("effective_from", [D(2024, 1, 1), D(2023, 6, 1)])
def test_a_new_version_must_start_after_the_previous_one(office, effective_from):
    with pytest.raises(ValidationError) as excinfo:
        publish_rule_version(
            by=office, key=MIN_DAYS, value=100, effective_from=effective_from, note="市委人才办会议纪要"
        )
    assert "effective_from" in excinfo.value.message_dict
    assert PolicyRule.objects.filter(key=MIN_DAYS).count() == 1
    assert PolicyRule.objects.get(key=MIN_DAYS).effective_to is None


def test_an_unknown_rule_cannot_be_published(office):
    with pytest.raises(ValidationError):
        publish_rule_version(
            by=office, key="introduction.no_such_rule", value=1, effective_from=D(2025, 1, 1), note="市委人才办会议纪要"
        )
    assert not PolicyRule.objects.filter(key="introduction.no_such_rule").exists()


@pytest.mark.parametrize("who", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_may_publish(request, who):
    with pytest.raises(PermissionDenied):
        publish_rule_version(
            by=request.getfixturevalue(who),
            key=MIN_DAYS,
            value=60,
            effective_from=D(2025, 1, 1),
            note="市委人才办会议纪要",
        )
    assert PolicyRule.objects.filter(key=MIN_DAYS).count() == 1


def test_an_anonymous_caller_is_denied(db):
    with pytest.raises(PermissionDenied):
        publish_rule_version(
            by=AnonymousUser(), key=MIN_DAYS, value=60, effective_from=D(2025, 1, 1), note="市委人才办会议纪要"
        )


# --- reloading the rules data ---------------------------------------------------------------------------


def test_a_reload_never_overwrites_a_published_version(office):
    v2 = publish_rule_version(
        by=office, key=MIN_DAYS, value=100, effective_from=D(2025, 7, 1), note="市委人才办会议纪要"
    )
    # The office corrected version 1's wording in the database; the data file still has the old one.
    PolicyRule.objects.filter(key=MIN_DAYS, version=1).update(note="经市委人才办解释")
    before = {(r["key"], r["version"]): r for r in PolicyRule.objects.values()}

    assert load_policy_rules() == 0

    after = {(r["key"], r["version"]): r for r in PolicyRule.objects.values()}
    assert after == before
    assert rule_in_force(MIN_DAYS, D(2025, 7, 1)) == v2
    assert PolicyRule.objects.get(key=MIN_DAYS, version=1).effective_to == D(2025, 6, 30)


def test_a_reload_creates_only_the_rules_that_are_missing(db):
    PolicyRule.objects.filter(key=rules_keys.FLEXIBLE_REMINDER_FROM_MONTH).delete()
    assert load_policy_rules() == 1
    assert rule_in_force(rules_keys.FLEXIBLE_REMINDER_FROM_MONTH, D(2025, 1, 1)).number == 10
    assert load_policy_rules() == 0
    assert PolicyRule.objects.count() == len(csv_rows())


def test_the_load_command_reports_what_it_created(db):
    out = StringIO()
    call_command("load_policy_rules", stdout=out)
    assert "policy rules created: 0" in out.getvalue()
