"""funding_status by hand-checked examples (第三条): granted, spent and left per year and in total,
unspent money carried into the next year, and over-spending flagged at its exact boundary."""

from decimal import Decimal

import pytest

from tests.projects.factories import GrantFactory, SpendingFactory
from yingcai.projects.domain.funding import compute_funding
from yingcai.projects.domain.projects import funding_status
from yingcai.projects.enums import SpendingCategory as C

pytestmark = pytest.mark.django_db
D = Decimal


def status(project, grants, spending):
    return compute_funding(
        project, grants=[(y, D(a)) for y, a in grants], spending=[(y, c, D(a)) for y, c, a in spending]
    )


def year(result, y):
    return next(row for row in result.years if row.year == y)


def test_spending_equal_to_the_grant_is_not_over_spent(project):
    result = status(project, [(2025, "100.00")], [(2025, C.EQUIPMENT, "60.00"), (2025, C.LABOUR, "40.00")])
    row = year(result, 2025)
    assert (row.granted, row.spent, row.remaining) == (D("100.00"), D("100.00"), D("0.00"))
    assert not row.over_spent
    assert not result.over_spent
    assert result.warnings == []


def test_one_cent_over_the_grant_is_over_spent(project):
    result = status(project, [(2025, "100.00")], [(2025, C.EQUIPMENT, "60.00"), (2025, C.LABOUR, "40.01")])
    row = year(result, 2025)
    assert row.over_spent and row.over_by == D("0.01")
    assert row.remaining == D("-0.01")
    assert result.over_spent_total and result.over_spent_years == [2025]
    assert "2025年度超支0.01万元" in result.warnings[0]
    assert "累计支出100.01万元，超过累计拨付100.00万元（超出0.01万元）" in result.warnings[1]


def test_unspent_money_carries_into_the_next_year(project):
    # 2025: 100 granted, 60 spent → 40 carried. 2026: 50 granted + 40 = 90 available.
    grants = [(2025, "100.00"), (2026, "50.00")]
    spent_90 = [(2025, C.EQUIPMENT, "60.00"), (2026, C.BUSINESS, "90.00")]
    row = year(status(project, grants, spent_90), 2026)
    assert (row.carried_in, row.available, row.spent, row.remaining) == (D("40.00"), D("90.00"), D("90.00"), D("0"))
    assert not row.over_spent

    spent_90_01 = [(2025, C.EQUIPMENT, "60.00"), (2026, C.BUSINESS, "90.01")]
    result = status(project, grants, spent_90_01)
    assert year(result, 2026).over_spent and year(result, 2026).over_by == D("0.01")
    assert not year(result, 2025).over_spent
    assert result.over_spent_years == [2026]


def test_a_year_without_a_grant_spends_what_earlier_years_left(project):
    result = status(project, [(2025, "100.00")], [(2025, C.OTHER, "70.00"), (2026, C.OTHER, "30.00")])
    row = year(result, 2026)
    assert (row.granted, row.carried_in, row.remaining, row.over_spent) == (D("0"), D("30.00"), D("0.00"), False)
    # 2027 inherits nothing: all was spent.
    assert year(result, 2027).carried_in == D("0.00")


def test_an_over_spent_year_leaves_nothing_and_the_total_catches_the_shortfall(project):
    # 2025 over-spent by 10 and leaves nothing: 2026 has its own 100 only.
    grants = [(2025, "100.00"), (2026, "100.00")]
    result = status(project, grants, [(2025, C.EQUIPMENT, "110.00"), (2026, C.LABOUR, "90.00")])
    assert year(result, 2025).over_spent and year(result, 2025).remaining == D("-10.00")
    row = year(result, 2026)
    assert (row.carried_in, row.available, row.remaining, row.over_spent) == (D("0"), D("100.00"), D("10.00"), False)
    assert not result.over_spent_total  # 200 granted, 200 spent
    assert result.over_spent_years == [2025]
    # 2026 spends exactly its grant: the year is fine, the project as a whole is 10 over.
    over = status(project, grants, [(2025, C.EQUIPMENT, "110.00"), (2026, C.LABOUR, "100.00")])
    assert not year(over, 2026).over_spent
    assert over.over_spent_total and over.remaining == D("-10.00")
    assert year(over, 2027).carried_in == D("0") and not year(over, 2027).over_spent


def test_a_year_over_its_money_is_flagged_even_when_a_later_grant_covers_the_total(project):
    result = status(project, [(2025, "100.00"), (2026, "100.00")], [(2025, C.EQUIPMENT, "120.00")])
    assert result.over_spent_years == [2025]
    assert not result.over_spent_total
    assert result.remaining == D("80.00")


def test_totals_and_categories_hand_checked(project):
    grants = [(2025, "100.00"), (2026, "120.50")]
    spending = [
        (2025, C.EQUIPMENT, "30.00"),
        (2025, C.EQUIPMENT, "5.25"),
        (2025, C.LABOUR, "20.00"),
        (2026, C.BUSINESS, "12.30"),
        (2026, C.INDIRECT, "8.00"),
        (2026, C.EQUIPMENT, "4.75"),
    ]
    result = status(project, grants, spending)
    assert [r.year for r in result.years] == [2025, 2026, 2027]
    assert (result.total_funding, result.granted, result.spent) == (D("300.00"), D("220.50"), D("80.30"))
    assert result.remaining == D("140.20")
    assert result.not_yet_granted == D("79.50")
    by_category = {c.category: c.amount for c in result.by_category}
    assert by_category[C.EQUIPMENT] == D("40.00")
    assert by_category[C.LABOUR] == D("20.00")
    assert by_category[C.BUSINESS] == D("12.30")
    assert by_category[C.INDIRECT] == D("8.00")
    assert by_category[C.EXPERT_CONSULTING] == D("0")
    assert result.by_category[0].label == "设备费"
    assert year(result, 2025).spent == D("55.25") and year(result, 2025).remaining == D("44.75")
    assert year(result, 2026).available == D("165.25") and year(result, 2026).remaining == D("140.20")
    assert year(result, 2027).carried_in == D("140.20")
    chart = result.as_chart()
    assert chart["years"] == ["2025", "2026", "2027"]
    assert chart["series"][0]["data"] == [35.25, 4.75, 0.0]


def test_funding_status_reads_the_database_in_two_queries(project, django_assert_num_queries):
    GrantFactory(project=project, year=2025, amount=D("100.00"))
    GrantFactory(project=project, year=2026, amount=D("50.00"))
    SpendingFactory(project=project, year=2025, category=C.EQUIPMENT, amount=D("60.00"))
    SpendingFactory(project=project, year=2025, category=C.EQUIPMENT, amount=D("10.00"))
    SpendingFactory(project=project, year=2026, category=C.LABOUR, amount=D("80.01"))
    with django_assert_num_queries(2):
        result = funding_status(project)
    assert year(result, 2025).spent == D("70.00")
    assert year(result, 2026).carried_in == D("30.00")
    assert year(result, 2026).over_spent and year(result, 2026).over_by == D("0.01")
