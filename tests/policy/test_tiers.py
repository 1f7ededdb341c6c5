"""Tiers and support items as versioned rules data (第十三条, 第十四条): what is in force on a day,
publishing new versions, adding and retiring items, who may, and the example data."""

import csv
import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from tests import factories
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import MissingRuleError, load_policy_rules
from yingcai.policy.loading import SUPPORT_ITEMS_FILE, TIERS_FILE
from yingcai.policy.models import SupportItem, TalentTier
from yingcai.policy.tiers import (
    create_support_item,
    create_tier,
    honours_in_force,
    publish_support_item_version,
    publish_tier_version,
    retire_support_item,
    support_items_in_force,
    tier_in_force,
    tiers_in_force,
)
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import Jurisdiction

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2024, 1, 1)


@pytest.fixture
def office(db):
    return factories.office_user()


def rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the example data -------------------------------------------------------------------------


def test_the_migration_loads_the_example_tiers_and_items():
    assert [t.code for t in tiers_in_force(START)] == ["A", "B", "C", "D", "E"]
    assert TalentTier.objects.count() == len(rows(TIERS_FILE))
    assert SupportItem.objects.count() == len(rows(SUPPORT_ITEMS_FILE))
    for model in (TalentTier, SupportItem):
        for rule in model.objects.all():
            assert rule.is_example and rule.note == "示例数据，以平人才〔2024〕2号正式文件为准"
    assert tier_in_force("D", START).max_age == 40
    assert "中原英才计划入选者" in tier_in_force("D", START).honours


def test_example_amounts_fall_by_tier_and_living_subsidy_is_paid_yearly_over_three_years():
    purchase = [SupportItem.objects.get(code=f"{t}.housing_purchase").amount for t in "ABCDE"]
    assert purchase == sorted(purchase, reverse=True) and len(set(purchase)) == 5
    living = SupportItem.objects.get(code="C.living_subsidy")
    assert (living.instalments, living.interval_months) == (3, 12)
    assert SupportItem.objects.get(code="C.talent_apartment").amount is None


def test_decision_items_name_their_office_and_what_the_talent_confirms():
    school = SupportItem.objects.get(code="B.school_place")
    spouse = SupportItem.objects.get(code="B.spouse_placement")
    assert school.needs_decision and school.responsible_office.name == "市教育局"
    assert school.responsible_office.kind == JurisdictionKind.DEPARTMENT
    assert school.confirm_fields == ["child_name", "child_grade"] and school.decision_working_days
    assert spouse.responsible_office.name == "市人社局"


def test_reloading_is_idempotent_and_restores_only_what_is_missing():
    assert load_policy_rules() == 0
    SupportItem.objects.filter(code="E.health_check").delete()
    assert load_policy_rules() == 1
    assert SupportItem.objects.get(code="E.health_check").version == 1


def test_reloading_never_overwrites_a_published_version(office):
    publish_support_item_version(
        by=office,
        code="A.housing_purchase",
        values={"amount": "1500000"},
        effective_from=D(2026, 1, 1),
        based_on_version=1,
    )
    load_policy_rules()
    assert SupportItem.objects.filter(code="A.housing_purchase").count() == 2


def test_honours_in_force_lists_each_once_in_tier_order():
    honours = honours_in_force(START)
    assert honours[0] == "诺贝尔奖获得者"
    assert len(honours) == len(set(honours))
    assert "中原学者" in honours


# --- reading by date -----------------------------------------------------------------------------


def test_no_tier_before_the_first_version():
    with pytest.raises(MissingRuleError):
        tier_in_force("A", D(2023, 12, 31))
    assert tiers_in_force(D(2023, 12, 31)) == []
    assert support_items_in_force("A", D(2023, 12, 31)) == []


def test_support_items_in_force_are_those_of_the_tier_by_kind():
    items = support_items_in_force("D", START)
    assert {i.tier_code for i in items} == {"D"}
    assert [i.kind for i in items] == sorted(
        [i.kind for i in items], key=["housing", "award", "spouse", "school", "medical"].index
    )


def test_a_new_amount_applies_from_its_date_and_not_before(office):
    new = publish_support_item_version(
        by=office,
        code="D.housing_purchase",
        values={"amount": Decimal("350000"), "note": "市委人才办2026年第1次会议纪要"},
        effective_from=D(2026, 7, 1),
        based_on_version=1,
    )
    old = SupportItem.objects.get(code="D.housing_purchase", version=1)
    assert old.effective_to == D(2026, 6, 30)
    before = {i.code: i for i in support_items_in_force("D", D(2026, 6, 30))}
    after = {i.code: i for i in support_items_in_force("D", D(2026, 7, 1))}
    assert before["D.housing_purchase"].amount == Decimal("300000") and before["D.housing_purchase"].version == 1
    assert after["D.housing_purchase"].amount == Decimal("350000") and after["D.housing_purchase"] == new
    assert new.is_example  # taken over unless the office says otherwise
    assert new.tier_code == "D" and new.confirm_fields == old.confirm_fields
    entry = history_of(new)[0]
    assert entry.action == AuditAction.CREATE
    assert entry.changes["amount"] == ["300000.00", "350000"]


def test_a_stale_publish_is_refused(office):
    publish_support_item_version(
        by=office, code="D.housing_purchase", values={"amount": 1}, effective_from=D(2026, 7, 1), based_on_version=1
    )
    with pytest.raises(ValidationError) as error:
        publish_support_item_version(
            by=office,
            code="D.housing_purchase",
            values={"amount": 2},
            effective_from=D(2026, 8, 1),
            based_on_version=1,
        )
    assert error.value.code == "stale"
    with pytest.raises(ValidationError) as error:
        publish_tier_version(
            by=office, code="D", values={"max_age": 45}, effective_from=D(2026, 7, 1), based_on_version=0
        )
    assert error.value.code == "stale"


def test_a_new_version_must_start_after_the_previous_one(office):
    with pytest.raises(ValidationError) as error:
        publish_tier_version(by=office, code="D", values={"max_age": 45}, effective_from=START, based_on_version=1)
    assert "effective_from" in error.value.message_dict
    tier = publish_tier_version(
        by=office,
        code="D",
        values={"max_age": 45},
        effective_from=START + datetime.timedelta(days=1),
        based_on_version=1,
    )
    assert tier.version == 2 and tier_in_force("D", D(2026, 1, 1)).max_age == 45
    assert tier_in_force("D", START).max_age == 40


def test_a_tier_version_keeps_what_it_does_not_change(office):
    tier = publish_tier_version(
        by=office,
        code="C",
        values={"honours": "中原学者，两院院士\n中原学者", "is_example": False},
        effective_from=D(2026, 7, 1),
        based_on_version=1,
    )
    assert tier.honours == ["中原学者", "两院院士"]
    assert tier.max_age == 60 and tier.name == "省内一流人才" and not tier.is_example
    assert tier.created_by == office


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -1}, "amount"),
        ({"amount": "0.001"}, "amount"),
        ({"instalments": 0}, "instalments"),
        ({"instalments": 2, "interval_months": 0}, "interval_months"),
        ({"kind": "cash"}, "kind"),
        ({"name": ""}, "name"),
        ({"needs_decision": True, "responsible_office": None}, "responsible_office"),
        ({"needs_decision": True, "decision_working_days": None}, "decision_working_days"),
        ({"decision_working_days": 0}, "decision_working_days"),
        ({"confirm_fields": ["shoe_size"]}, "confirm_fields"),
    ],
)
def test_support_item_values_are_validated(office, values, field):
    with pytest.raises(ValidationError) as error:
        publish_support_item_version(
            by=office, code="B.school_place", values=values, effective_from=D(2026, 7, 1), based_on_version=1
        )
    assert field in error.value.message_dict
    assert SupportItem.objects.filter(code="B.school_place").count() == 1


def test_the_boundary_values_are_accepted(office):
    item = publish_support_item_version(
        by=office,
        code="B.living_subsidy",
        values={"amount": "0.01", "instalments": 1, "interval_months": 0},
        effective_from=D(2026, 7, 1),
        based_on_version=1,
    )
    assert item.amount == Decimal("0.01") and item.instalments == 1
    service = publish_support_item_version(
        by=office, code="B.talent_apartment", values={"amount": ""}, effective_from=D(2026, 7, 1), based_on_version=1
    )
    assert service.amount is None


def test_a_responsible_office_must_be_a_department(office, county):
    with pytest.raises(ValidationError) as error:
        publish_support_item_version(
            by=office,
            code="B.school_place",
            values={"responsible_office": county},
            effective_from=D(2026, 7, 1),
            based_on_version=1,
        )
    assert "responsible_office" in error.value.message_dict


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"max_age": 17}, "max_age"),
        ({"max_age": 101}, "max_age"),
        ({"rank": 0}, "rank"),
        ({"min_education": "phd"}, "min_education"),
        ({"article": ""}, "article"),
    ],
)
def test_tier_values_are_validated(office, values, field):
    with pytest.raises(ValidationError) as error:
        publish_tier_version(by=office, code="E", values=values, effective_from=D(2026, 7, 1), based_on_version=1)
    assert field in error.value.message_dict


def test_tier_age_limits_at_the_bounds(office):
    t18 = publish_tier_version(
        by=office, code="E", values={"max_age": 18}, effective_from=D(2026, 7, 1), based_on_version=1
    )
    t100 = publish_tier_version(
        by=office, code="E", values={"max_age": 100}, effective_from=D(2026, 8, 1), based_on_version=2
    )
    assert (t18.max_age, t100.max_age) == (18, 100)


# --- new codes and retirement ----------------------------------------------------------------------


def test_create_and_retire_a_support_item(office):
    department = Jurisdiction.objects.get(name="市教育局")
    item = create_support_item(
        by=office,
        values={
            "code": "E.kindergarten",
            "tier_code": "e",
            "kind": "school",
            "name": "幼儿园入园",
            "needs_decision": True,
            "responsible_office": department.pk,
            "decision_working_days": 10,
            "confirm_fields": ["child_grade", "child_name"],
            "article": "第十三条",
            "document": "平人才〔2024〕2号",
        },
        effective_from=D(2026, 7, 1),
    )
    assert item.tier_code == "E" and item.version == 1 and not item.is_example
    assert item.confirm_fields == ["child_name", "child_grade"]
    assert "E.kindergarten" in {i.code for i in support_items_in_force("E", D(2026, 7, 1))}
    assert "E.kindergarten" not in {i.code for i in support_items_in_force("E", D(2026, 6, 30))}
    with pytest.raises(ValidationError):
        create_support_item(
            by=office, values={"code": "E.kindergarten", "tier_code": "E"}, effective_from=D(2026, 7, 1)
        )

    retire_support_item(by=office, code="E.kindergarten", effective_to=D(2026, 12, 31), note="政策调整")
    assert "E.kindergarten" in {i.code for i in support_items_in_force("E", D(2026, 12, 31))}
    assert "E.kindergarten" not in {i.code for i in support_items_in_force("E", D(2027, 1, 1))}
    assert history_of(item)[0].action == AuditAction.UPDATE
    with pytest.raises(ValidationError):
        retire_support_item(by=office, code="E.kindergarten", effective_to=D(2027, 1, 31))


def test_an_item_cannot_be_retired_before_its_version_starts(office):
    with pytest.raises(ValidationError) as error:
        retire_support_item(by=office, code="E.school_place", effective_to=D(2023, 12, 31))
    assert "effective_to" in error.value.message_dict


def test_an_item_for_an_unknown_tier_is_refused(office):
    with pytest.raises(ValidationError) as error:
        create_support_item(
            by=office,
            values={
                "code": "Z.x",
                "tier_code": "Z",
                "kind": "award",
                "name": "x",
                "amount": 1,
                "article": "第十三条",
                "document": "x",
            },
            effective_from=D(2026, 7, 1),
        )
    assert "tier_code" in error.value.message_dict


def test_create_a_tier(office):
    tier = create_tier(
        by=office,
        values={
            "code": "f",
            "name": "市内优秀青年人才",
            "rank": 6,
            "max_age": 35,
            "article": "认定标准",
            "document": "平人才〔2024〕2号",
        },
        effective_from=D(2026, 7, 1),
    )
    assert tier.code == "F" and [t.code for t in tiers_in_force(D(2026, 7, 1))][-1] == "F"
    assert history_of(tier)
    with pytest.raises(ValidationError):
        create_tier(
            by=office,
            values={"code": "F", "name": "x", "rank": 1, "article": "a", "document": "b"},
            effective_from=D(2026, 7, 1),
        )


# --- who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["jurisdiction", "unit", "talent", "expert"])
def test_only_the_office_changes_tiers_and_items(role, county, unit, talent):
    user = {
        "jurisdiction": lambda: factories.jurisdiction_user(county),
        "unit": lambda: factories.unit_user(unit),
        "talent": lambda: factories.talent_user(talent),
        "expert": factories.expert_user,
    }[role]()
    day = D(2026, 7, 1)
    calls = [
        lambda: publish_tier_version(by=user, code="A", values={}, effective_from=day, based_on_version=1),
        lambda: publish_support_item_version(
            by=user, code="A.housing_purchase", values={}, effective_from=day, based_on_version=1
        ),
        lambda: create_tier(by=user, values={"code": "F"}, effective_from=day),
        lambda: create_support_item(by=user, values={"code": "A.x"}, effective_from=day),
        lambda: retire_support_item(by=user, code="A.health_check", effective_to=day),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert TalentTier.objects.filter(version__gt=1).count() == 0
    assert SupportItem.objects.filter(effective_to__isnull=False).count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL")
def test_two_editors_publishing_the_same_item_at_once():
    editors = [factories.office_user(), factories.office_user()]
    code = "RACE.item"
    # Its own rows: a transactional test may run after another one emptied the migration's data.
    SupportItem.objects.create(
        code=code,
        tier_code="RACE",
        version=1,
        kind="award",
        name="并发测试",
        amount=Decimal("1000"),
        article="第十三条",
        document="测试",
        effective_from=START,
    )
    barrier = threading.Barrier(2)
    outcomes: list = []

    def editor(user, amount):
        try:
            barrier.wait()
            outcomes.append(
                publish_support_item_version(
                    by=user, code=code, values={"amount": amount}, effective_from=D(2026, 7, 1), based_on_version=1
                )
            )
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=editor, args=(u, a)) for u, a in zip(editors, ("2000", "3000"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = [o for o in outcomes if isinstance(o, SupportItem)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(published) == 1 and len(refused) == 1
    assert refused[0].code == "stale"
    assert SupportItem.objects.filter(code=code).count() == 2
    assert SupportItem.objects.get(code=code, version=1).effective_to == D(2026, 6, 30)
