"""The two counts the review queues use: the working days of a span at one look, and the n-th
working day counting back (National Day 2026 and its 调休 Saturday 10 October)."""

from datetime import date

import pytest

from tests.workdays.factories import CalendarDayFactory
from yingcai.workdays.domain import (
    LIBRARY_LAST_YEAR,
    UnknownCalendarYear,
    nth_working_day_back,
    working_days_between,
    working_days_in,
)

pytestmark = pytest.mark.django_db


def test_the_working_days_of_a_span_skip_the_holiday_and_keep_the_adjusted_saturday():
    days = working_days_in(date(2026, 9, 30), date(2026, 10, 12))
    assert days == [date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)]
    assert len(days) == working_days_between(date(2026, 9, 30), date(2026, 10, 12))
    assert working_days_in(date(2026, 10, 12), date(2026, 10, 11)) == []


def test_counting_back_includes_the_last_day_when_it_is_a_working_day():
    assert nth_working_day_back(date(2026, 10, 12), 1) == date(2026, 10, 12)  # a Monday
    assert nth_working_day_back(date(2026, 10, 11), 1) == date(2026, 10, 10)  # Sunday → the 调休 Saturday
    assert nth_working_day_back(date(2026, 10, 12), 5) == date(2026, 9, 30)  # across the holiday
    with pytest.raises(ValueError):
        nth_working_day_back(date(2026, 10, 12), 0)


def test_an_entry_of_the_office_wins_and_an_unknown_year_is_refused():
    CalendarDayFactory(date=date(2026, 10, 12), is_workday=False, name="更正")
    assert nth_working_day_back(date(2026, 10, 12), 1) == date(2026, 10, 10)
    with pytest.raises(UnknownCalendarYear):
        working_days_in(date(LIBRARY_LAST_YEAR + 2, 1, 5), date(LIBRARY_LAST_YEAR + 2, 1, 9))
