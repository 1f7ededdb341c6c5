"""Cutting an amount into instalments and dating them (hand-checked numbers)."""

import datetime
from decimal import Decimal

import pytest

from yingcai.support.domain.schedule import add_months_clamped, due_dates, split_amount


@pytest.mark.parametrize(
    ("amount", "parts", "expected"),
    [
        ("100000", 3, ["33333.33", "33333.33", "33333.34"]),
        ("100000", 1, ["100000.00"]),
        ("200000", 4, ["50000.00", "50000.00", "50000.00", "50000.00"]),
        ("0.05", 3, ["0.01", "0.01", "0.03"]),
        ("0.02", 3, ["0.02"]),  # too small for three parts of a fen: paid in one
        ("99999.99", 7, ["14285.71"] * 6 + ["14285.73"]),
    ],
)
def test_parts_add_up_exactly_and_the_last_takes_the_remainder(amount, parts, expected):
    result = split_amount(Decimal(amount), parts)
    assert [str(p) for p in result] == expected
    assert sum(result) == Decimal(amount)


def test_a_zero_amount_is_not_split():
    with pytest.raises(ValueError):
        split_amount(Decimal("0"), 3)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2028, 2, 29), 48, datetime.date(2032, 2, 29)),
        (datetime.date(2025, 3, 3), 12, datetime.date(2026, 3, 3)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_months_are_added_without_overflowing_the_month(start, months, expected):
    assert add_months_clamped(start, months) == expected


def test_due_dates_are_counted_from_the_start_so_the_31st_comes_back():
    assert due_dates(datetime.date(2025, 1, 31), 4, 1) == [
        datetime.date(2025, 1, 31),
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 31),
        datetime.date(2025, 4, 30),
    ]
    assert due_dates(datetime.date(2028, 2, 29), 3, 12) == [
        datetime.date(2028, 2, 29),
        datetime.date(2029, 2, 28),
        datetime.date(2030, 2, 28),
    ]
