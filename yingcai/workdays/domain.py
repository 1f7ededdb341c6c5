"""Counting periods in 工作日 (publicity, review deadlines) by the official holiday schedule.

Where a day's answer comes from, in order:
1. the talent office's `CalendarDay` entry for that date (new years and corrections win);
2. the `chinese_calendar` library, which knows the State Council's schedule, 调休 included,
   for the years it was released with;
3. for a year the library does not know: if the office has entered *any* day of that year, the
   year counts as entered ("complete") and every day without an entry follows the ordinary week
   (Monday–Friday work). The office therefore enters all holidays and all 调休 workdays of a new
   year together, from the State Council's notice.
A year nobody knows raises `UnknownCalendarYear`: a deadline is never computed on guessed weekends.
"""

from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _library_holidays
from django.utils.translation import gettext

from yingcai.workdays.models import CalendarDay

LIBRARY_FIRST_YEAR: int = min(_library_holidays).year
LIBRARY_LAST_YEAR: int = max(_library_holidays).year


class UnknownCalendarYear(Exception):
    """Neither the library nor the office's entries know the holiday schedule of `year`."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            gettext(
                "系统尚不知道%(year)s年的法定节假日和调休安排，无法按工作日计算期限。"
                "请人才办在“工作日历”中录入国务院办公厅公布的%(year)s年放假安排后再试。"
            )
            % {"year": year}
        )


class _Calendar:
    """The office's entries for the years asked about, loaded one query per span of years."""

    def __init__(self) -> None:
        self._loaded_years: set[int] = set()
        self._entries: dict[date, bool] = {}
        self._entered_years: set[int] = set()

    def load(self, first_year: int, last_year: int) -> None:
        missing = [year for year in range(first_year, last_year + 1) if year not in self._loaded_years]
        if not missing:
            return
        low, high = min(missing), max(missing)
        rows = CalendarDay.objects.filter(date__gte=date(low, 1, 1), date__lte=date(high, 12, 31)).values_list(
            "date", "is_workday"
        )
        for day, workday in rows:
            self._entries[day] = workday
            self._entered_years.add(day.year)
        self._loaded_years.update(range(low, high + 1))

    def is_workday(self, day: date) -> bool:
        self.load(day.year, day.year)
        if day in self._entries:
            return self._entries[day]
        if LIBRARY_FIRST_YEAR <= day.year <= LIBRARY_LAST_YEAR:
            return chinese_calendar.is_workday(day)
        if day.year in self._entered_years:
            return day.weekday() < 5
        raise UnknownCalendarYear(day.year)


def _as_date(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day


def is_workday(day: date) -> bool:
    """Whether `day` is a working day (a 调休 Saturday is one, a holiday Monday is not)."""
    return _Calendar().is_workday(_as_date(day))


def add_working_days(start: date, n: int) -> date:
    """The last day of a period of `n` working days starting on `start`, both ends included.

    If `start` is not a working day the period starts on the next one: 5 working days from
    Monday 2026-11-23 end on Friday 2026-11-27; 1 working day from a holiday is the first
    working day after it.
    """
    if n < 1:
        raise ValueError("a period counts at least one working day")
    calendar = _Calendar()
    day = _as_date(start)
    counted = 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)


def working_days_between(first: date, last: date) -> int:
    """How many working days lie between `first` and `last`, both included."""
    first, last = _as_date(first), _as_date(last)
    if last < first:
        raise ValueError("the last day comes before the first")
    calendar = _Calendar()
    calendar.load(first.year, last.year)
    return sum(calendar.is_workday(first + timedelta(days=offset)) for offset in range((last - first).days + 1))


def known_until() -> int:
    """The last year whose schedule is known, counting on from the library without a gap.

    A year after the library's last one is known as soon as the office has entered any day of
    it (see the module docstring); a year without entries ends the run, so entering 2028 while
    2027 is missing still leaves the answer at the library's last year.
    """
    entered = {
        day.year for day in CalendarDay.objects.filter(date__gt=date(LIBRARY_LAST_YEAR, 12, 31)).dates("date", "year")
    }
    year = LIBRARY_LAST_YEAR
    while year + 1 in entered:
        year += 1
    return year


def working_days_in(first: date, last: date) -> list[date]:
    """The working days from `first` to `last`, both included, in order (empty when `last` comes
    first): one look at the calendar for a whole list of periods ending on the same day."""
    first, last = _as_date(first), _as_date(last)
    if last < first:
        return []
    calendar = _Calendar()
    calendar.load(first.year, last.year)
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if calendar.is_workday(day)]


def nth_working_day_back(last: date, n: int) -> date:
    """The `n`-th working day counting back from `last` (itself included when it is one): the
    first day of the shortest period ending on `last` that holds `n` working days."""
    if n < 1:
        raise ValueError("a period counts at least one working day")
    calendar = _Calendar()
    day = _as_date(last)
    counted = 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == n:
                return day
        day -= timedelta(days=1)
