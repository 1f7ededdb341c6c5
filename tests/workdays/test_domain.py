from datetime import date, datetime

import chinese_calendar
import pytest

from tests.workdays.factories import CalendarDayFactory
from yingcai.workdays.domain import (
    LIBRARY_LAST_YEAR,
    UnknownCalendarYear,
    add_working_days,
    is_workday,
    known_until,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_the_library_is_the_one_pinned_for_this_schedule():
    assert LIBRARY_LAST_YEAR == 2026


def test_national_day_2026_is_a_seven_day_holiday_with_two_weekend_days_made_workdays():
    assert [is_workday(date(2026, 10, day)) for day in range(1, 8)] == [False] * 7
    # 调休 around it, as chinese_calendar 1.11.0 has it: Sunday 20 Sep and Saturday 10 Oct are workdays.
    assert is_workday(date(2026, 9, 20)) is True
    assert is_workday(date(2026, 10, 10)) is True
    assert is_workday(date(2026, 10, 8)) is True
    assert is_workday(date(2026, 10, 11)) is False
    assert is_workday(date(2026, 9, 19)) is False
    # 中秋节 falls on Friday 25 Sep that year.
    assert is_workday(date(2026, 9, 25)) is False


def test_spring_festival_2026():
    assert [is_workday(date(2026, 2, day)) for day in range(15, 24)] == [False] * 9
    assert is_workday(date(2026, 2, 14)) is True  # Saturday made a workday
    assert is_workday(date(2026, 2, 28)) is True  # Saturday made a workday
    assert is_workday(date(2026, 2, 24)) is True


def test_a_tiaoxiu_saturday_counts_in_a_period():
    # Mon 28 Sep – Wed 30 Sep, then the holiday, then Thu 8 Oct, Fri 9 Oct and Saturday 10 Oct.
    assert working_days_between(date(2026, 9, 28), date(2026, 10, 11)) == 6
    assert add_working_days(date(2026, 9, 28), 6) == date(2026, 10, 10)


def test_five_working_days_from_a_monday_end_on_the_friday():
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 27)


def test_a_period_starting_on_a_holiday_starts_on_the_next_workday():
    # 1 Oct is a holiday: the period runs Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 Oct.
    assert add_working_days(date(2026, 10, 1), 5) == date(2026, 10, 13)


def test_one_working_day_is_the_start_itself_or_the_next_workday():
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 2, 15), 1) == date(2026, 2, 24)
    assert add_working_days(datetime(2026, 11, 23, 17, 30), 1) == date(2026, 11, 23)


def test_a_period_counts_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), 0)
    with pytest.raises(ValueError):
        working_days_between(date(2026, 11, 24), date(2026, 11, 23))


def test_working_days_between_includes_both_ends():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 1
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 29)) == 5


def test_an_office_entry_wins_over_the_library():
    CalendarDayFactory(date=date(2026, 11, 23), is_workday=False, name="临时放假")
    CalendarDayFactory(date=date(2026, 11, 28), is_workday=True, name="调休上班")

    assert is_workday(date(2026, 11, 23)) is False
    assert is_workday(date(2026, 11, 28)) is True
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 28)


def test_a_year_nobody_knows_raises_with_a_chinese_message():
    with pytest.raises(UnknownCalendarYear) as raised:
        is_workday(date(2027, 3, 1))

    assert raised.value.year == 2027
    assert "2027年" in str(raised.value)
    assert "人才办" in str(raised.value)


def test_a_period_running_into_an_unknown_year_raises_instead_of_guessing():
    with pytest.raises(UnknownCalendarYear):
        add_working_days(date(2026, 12, 28), 10)
    with pytest.raises(UnknownCalendarYear):
        working_days_between(date(2026, 12, 1), date(2027, 1, 31))


def test_a_year_the_office_has_entered_works():
    # Part of a made-up 2027 schedule: 1 Jan a holiday, Saturday 6 Feb made a workday.
    CalendarDayFactory(date=date(2027, 1, 1), is_workday=False, name="元旦")
    CalendarDayFactory(date=date(2027, 2, 6), is_workday=True, name="调休上班")

    assert is_workday(date(2027, 1, 1)) is False
    assert is_workday(date(2027, 1, 4)) is True  # an ordinary Monday
    assert is_workday(date(2027, 1, 2)) is False  # an ordinary Saturday
    assert is_workday(date(2027, 2, 6)) is True
    assert add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)
    assert working_days_between(date(2027, 2, 1), date(2027, 2, 7)) == 6


def test_known_until_follows_the_library_then_the_entered_years_without_a_gap():
    assert known_until() == 2026

    CalendarDayFactory(date=date(2028, 1, 1))
    assert known_until() == 2026

    CalendarDayFactory(date=date(2027, 1, 1))
    assert known_until() == 2028


def test_counting_a_whole_year_takes_one_query(django_assert_num_queries):
    CalendarDayFactory(date=date(2026, 11, 23), is_workday=False, name="临时放假")
    expected = sum(
        chinese_calendar.is_workday(date.fromordinal(ordinal))
        for ordinal in range(date(2026, 1, 1).toordinal(), date(2026, 12, 31).toordinal() + 1)
    )

    with django_assert_num_queries(1):
        counted = working_days_between(date(2026, 1, 1), date(2026, 12, 31))

    assert counted == expected - 1 == 247


def test_counting_across_years_still_takes_one_query(django_assert_num_queries):
    CalendarDayFactory(date=date(2027, 1, 1), is_workday=False, name="元旦")

    with django_assert_num_queries(1):
        working_days_between(date(2025, 1, 1), date(2027, 12, 31))
