"""Date arithmetic the way the law reads it (SPEC.md "Reading the numbers the way the law does"):
a period includes its first and last day; 3年以上 includes exactly 3 years."""

import datetime

import pytest

from yingcai.introductions.domain.dates import (
    add_months,
    clip,
    days_in_year,
    describe_length,
    inclusive_days,
    merge,
    minimum_end,
    year_bounds,
    years_touched,
)

D = datetime.date


# --- minimum_end: the earliest last day of a contract of N years -----------------------------


@pytest.mark.parametrize(
    ("start", "years", "last_day"),
    [
        # A 3-year contract starting 1 March ends on the last day of February three years later.
        (D(2024, 3, 1), 3, D(2027, 2, 28)),
        # ... and on 29 February when that February is a leap one.
        (D(2025, 3, 1), 3, D(2028, 2, 29)),
        # A start on 29 February has no anniversary in 2027: the contract runs through 28 February.
        (D(2024, 2, 29), 3, D(2027, 2, 28)),
        (D(2023, 1, 1), 3, D(2025, 12, 31)),
        (D(2024, 12, 31), 3, D(2027, 12, 30)),
        (D(2024, 1, 31), 1, D(2025, 1, 30)),
        (D(2024, 7, 15), 5, D(2029, 7, 14)),
    ],
)
def test_minimum_end_includes_first_and_last_day(start, years, last_day):
    assert minimum_end(start, years) == last_day


def test_minimum_end_of_three_years_is_three_years_of_days_both_ends_included():
    # 2024-03-01 … 2027-02-28 holds no 29 February: 3 × 365 days.
    assert inclusive_days(D(2024, 3, 1), minimum_end(D(2024, 3, 1), 3)) == 3 * 365
    # 2023-03-01 … 2026-02-28 holds 29 February 2024: one day more.
    assert inclusive_days(D(2023, 3, 1), minimum_end(D(2023, 3, 1), 3)) == 3 * 365 + 1


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 15), 1, D(2024, 2, 15)),
        (D(2024, 11, 30), 2, D(2025, 1, 30)),
        # A day the target month lacks falls on the 1st of the month after.
        (D(2024, 1, 31), 1, D(2024, 3, 1)),
        (D(2023, 1, 31), 1, D(2023, 3, 1)),
        (D(2024, 10, 31), 1, D(2024, 12, 1)),
        (D(2024, 2, 29), 12, D(2025, 3, 1)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


# --- describe_length ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2024, 3, 1), D(2027, 2, 28), "3年"),
        (D(2024, 2, 29), D(2027, 2, 28), "3年"),
        (D(2023, 1, 1), D(2025, 12, 31), "3年"),
        # One day short of 3 years: 2 years and 364 days, said the way a person says it.
        (D(2024, 1, 1), D(2026, 12, 30), "2年11个月30天"),
        (D(2024, 3, 1), D(2027, 2, 27), "2年11个月27天"),
        (D(2024, 3, 1), D(2027, 3, 1), "3年1天"),
        (D(2024, 3, 1), D(2024, 3, 31), "1个月"),
        (D(2024, 3, 1), D(2024, 3, 1), "1天"),
        (D(2024, 3, 1), D(2024, 3, 30), "30天"),
        (D(2024, 3, 1), D(2025, 5, 10), "1年2个月10天"),
        (D(2024, 1, 31), D(2024, 2, 29), "1个月"),
    ],
)
def test_describe_length(start, end, text):
    assert describe_length(start, end) == text


# --- inclusive counting ---------------------------------------------------------------------


def test_a_period_from_1_to_31_march_is_31_days():
    assert inclusive_days(D(2025, 3, 1), D(2025, 3, 31)) == 31


def test_a_one_day_period_is_one_day():
    assert inclusive_days(D(2025, 6, 1), D(2025, 6, 1)) == 1


def test_february_of_a_leap_year_has_29_days():
    assert inclusive_days(D(2024, 2, 1), D(2024, 2, 29)) == 29
    assert inclusive_days(D(2025, 2, 1), D(2025, 2, 28)) == 28


# --- merge ------------------------------------------------------------------------------------


def test_merge_joins_overlapping_periods():
    assert merge([(D(2025, 3, 1), D(2025, 3, 20)), (D(2025, 3, 10), D(2025, 4, 5))]) == [(D(2025, 3, 1), D(2025, 4, 5))]


def test_merge_joins_touching_periods():
    # 31 March and 1 April are consecutive days: one stretch, not two.
    assert merge([(D(2025, 4, 1), D(2025, 4, 30)), (D(2025, 3, 1), D(2025, 3, 31))]) == [
        (D(2025, 3, 1), D(2025, 4, 30))
    ]


def test_merge_keeps_periods_with_a_gap_apart():
    periods = [(D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 4, 2), D(2025, 4, 30))]
    assert merge(periods) == periods


def test_merge_swallows_a_period_inside_another_and_sorts():
    assert merge(
        [
            (D(2025, 9, 1), D(2025, 9, 2)),
            (D(2025, 1, 1), D(2025, 6, 30)),
            (D(2025, 2, 1), D(2025, 2, 10)),
        ]
    ) == [(D(2025, 1, 1), D(2025, 6, 30)), (D(2025, 9, 1), D(2025, 9, 2))]


def test_merge_of_nothing_is_nothing():
    assert merge([]) == []


def test_clip_to_bounds():
    bounds = year_bounds(2025)
    assert clip((D(2024, 12, 1), D(2025, 1, 10)), bounds) == (D(2025, 1, 1), D(2025, 1, 10))
    assert clip((D(2024, 12, 1), D(2024, 12, 31)), bounds) is None
    assert clip((D(2025, 12, 31), D(2026, 1, 5)), bounds) == (D(2025, 12, 31), D(2025, 12, 31))


# --- days_in_year -----------------------------------------------------------------------------


def test_days_in_year_counts_both_ends():
    assert days_in_year([(D(2025, 3, 1), D(2025, 3, 31))], 2025) == 31


def test_a_period_crossing_the_year_end_is_split_between_the_two_years():
    period = (D(2024, 12, 1), D(2025, 1, 31))
    assert days_in_year([period], 2024) == 31
    assert days_in_year([period], 2025) == 31
    assert days_in_year([period], 2023) == 0
    assert days_in_year([period], 2026) == 0


def test_overlapping_periods_are_counted_once():
    periods = [(D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 3, 15), D(2025, 4, 15))]
    assert days_in_year(periods, 2025) == 31 + 15


def test_the_same_period_logged_twice_counts_once():
    period = (D(2025, 5, 1), D(2025, 5, 10))
    assert days_in_year([period, period], 2025) == 10


def test_overlapping_periods_crossing_the_year_end():
    periods = [(D(2024, 12, 20), D(2025, 1, 10)), (D(2024, 12, 25), D(2025, 1, 20))]
    assert days_in_year(periods, 2024) == 12  # 20–31 December
    assert days_in_year(periods, 2025) == 20  # 1–20 January


def test_a_whole_leap_year_is_366_days():
    assert days_in_year([(D(2024, 1, 1), D(2024, 12, 31))], 2024) == 366
    assert days_in_year([(D(2025, 1, 1), D(2025, 12, 31))], 2025) == 365
    assert inclusive_days(*year_bounds(2024)) == 366
    assert inclusive_days(*year_bounds(2100)) == 365  # divisible by 100, not by 400


def test_a_period_spanning_several_years_counts_each_year_whole():
    period = (D(2023, 7, 1), D(2025, 6, 30))
    assert days_in_year([period], 2023) == 184
    assert days_in_year([period], 2024) == 366
    assert days_in_year([period], 2025) == 181


def test_years_touched():
    assert years_touched([(D(2023, 12, 30), D(2025, 1, 2)), (D(2027, 5, 1), D(2027, 5, 2))]) == [
        2023,
        2024,
        2025,
        2027,
    ]
