"""The talent office enters a new year's official holiday schedule as the State Council publishes
it (usually in November): the holiday ranges (元旦 … 国庆节) and the weekend days worked instead
(调休上班). Until it does, periods counted in 工作日 that reach that year cannot be computed (see
`yingcai.workdays.domain`)."""

import datetime
from dataclasses import dataclass

from chinese_calendar.constants import holidays as _library_holidays
from chinese_calendar.constants import workdays as _library_workdays
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.workdays.domain import LIBRARY_FIRST_YEAR, LIBRARY_LAST_YEAR, known_until
from yingcai.workdays.models import CalendarDay, CalendarYear
from yingcai.workdays.signals import announce_change

# The seven holidays of the official schedule (全国年节及纪念日放假办法), in the order it lists them.
# 中秋节 is left out in the years it is merged into the 国庆节 break.
OFFICIAL_HOLIDAYS = (
    ("new_year", gettext_lazy("元旦")),
    ("spring", gettext_lazy("春节")),
    ("qingming", gettext_lazy("清明节")),
    ("labour", gettext_lazy("劳动节")),
    ("dragon_boat", gettext_lazy("端午节")),
    ("mid_autumn", gettext_lazy("中秋节")),
    ("national", gettext_lazy("国庆节")),
)
MAY_BE_MERGED = {"mid_autumn"}
# No break of the official schedule has been longer than nine days (春节 2026); a longer range is
# a typing error, not a holiday.
LONGEST_BREAK_DAYS = 10
MAKE_UP_WORKDAYS_AT_MOST = 8


@dataclass(frozen=True)
class Holiday:
    key: str
    first: datetime.date
    last: datetime.date

    @property
    def name(self) -> str:
        """Stored in Chinese whatever the language of the clerk who entered it."""
        with translation.override("zh-hans"):
            return str(dict(OFFICIAL_HOLIDAYS)[self.key])

    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=k) for k in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class YearSchedule:
    """A year's schedule as the office sees it, wherever it comes from."""

    year: int
    source: str  # "library", "entered" or "missing"
    holidays: list[tuple[str, datetime.date, datetime.date]]  # name, first, last
    workdays: list[datetime.date]
    entry: CalendarYear | None


def can_be_entered(year: int) -> bool:
    """Years after the package's last one, up to next year (the State Council publishes one at a time)."""
    return LIBRARY_LAST_YEAR < year <= timezone.localdate().year + 1


def schedule_of(year: int) -> YearSchedule:
    if LIBRARY_FIRST_YEAR <= year <= LIBRARY_LAST_YEAR and not CalendarYear.objects.filter(year=year).exists():
        days_off = sorted((day, str(name)) for day, name in _library_holidays.items() if day.year == year)
        worked = sorted(day for day in _library_workdays if day.year == year)
        return YearSchedule(year, "library", _ranges(days_off), worked, None)
    entry = CalendarYear.objects.filter(year=year).first()
    rows = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    if not rows:
        return YearSchedule(year, "missing", [], [], entry)
    days_off = [(row.date, row.name) for row in rows if not row.is_workday]
    worked = [row.date for row in rows if row.is_workday]
    return YearSchedule(year, "entered", _ranges(days_off), worked, entry)


def _ranges(days_off: list[tuple[datetime.date, str]]) -> list[tuple[str, datetime.date, datetime.date]]:
    """Consecutive days off of the same name as one range (a weekend inside a break included)."""
    ranges: list[list] = []
    for day, name in days_off:
        label = _library_name(name)
        if ranges and ranges[-1][0] == label and (day - ranges[-1][2]).days <= 1:
            ranges[-1][2] = day
        else:
            ranges.append([label, day, day])
    return [(name, first, last) for name, first, last in ranges]


# The package names its holidays in English; the schedule speaks Chinese.
_LIBRARY_NAMES = {
    "New Year's Day": gettext_lazy("元旦"),
    "Spring Festival": gettext_lazy("春节"),
    "Tomb-sweeping Day": gettext_lazy("清明节"),
    "Labour Day": gettext_lazy("劳动节"),
    "Dragon Boat Festival": gettext_lazy("端午节"),
    "Mid-autumn Festival": gettext_lazy("中秋节"),
    "National Day": gettext_lazy("国庆节"),
    "Anti-Fascist 70th Day": gettext_lazy("抗战胜利纪念日"),
}


def _library_name(name: str) -> str:
    return str(_LIBRARY_NAMES.get(name, name))


def enter_year(
    *,
    by,
    year: int,
    holidays: list[Holiday],
    make_up_workdays: list[datetime.date],
    note: str,
    version: int | None = None,
) -> CalendarYear:
    """Enter (or correct) the whole schedule of `year`: every day off of each holiday range and
    every 调休 working weekend day, replacing what was entered before. Audited; the processes that
    wait for the year are told after the commit."""
    if not by.has_perm("workdays.enter_year"):
        raise PermissionDenied(_("只有市委人才办可以录入工作日历。"))
    if not can_be_entered(year):
        raise ValidationError(
            {
                "year": [
                    _("%(year)s年的放假安排无需录入或尚不能录入（可录入%(first)s年至明年）。")
                    % {"year": year, "first": LIBRARY_LAST_YEAR + 1}
                ]
            }
        )
    errors = _check(year, holidays, make_up_workdays)
    note = (note or "").strip()
    if not note:
        errors.setdefault("note", []).append(_("请填写依据（国务院办公厅放假安排通知的名称或文号）。"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = CalendarYear.objects.select_for_update().filter(year=year).first()
        current = entry.version if entry is not None else 0
        if version is not None and version != current:
            raise ValidationError(_("该年度的工作日历已被他人修改，请刷新页面后重新录入。"))
        before = schedule_of(year) if entry is not None else None
        CalendarDay.objects.filter(date__year=year).delete()
        days = [
            CalendarDay(date=day, is_workday=False, name=holiday.name, note=note, created_by=by)
            for holiday in sorted(holidays, key=lambda h: h.first)
            for day in holiday.days()
        ]
        days += [
            CalendarDay(date=day, is_workday=True, name="调休上班", note=note, created_by=by)
            for day in sorted(make_up_workdays)
        ]
        CalendarDay.objects.bulk_create(days)
        if entry is None:
            entry = CalendarYear.objects.create(year=year, note=note, entered_by=by)
        else:
            entry.note, entry.entered_by, entry.version = note, by, entry.version + 1
            entry.save()
        after = schedule_of(year)
        record(
            actor=by,
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            target=entry,
            changes={
                "holidays": [_describe_holidays(before) if before else None, _describe_holidays(after)],
                "make_up_workdays": [_describe_workdays(before) if before else None, _describe_workdays(after)],
            },
            reason=note,
        )
        announce_change(years={year})
    return entry


def _describe_holidays(schedule: YearSchedule) -> list[str]:
    return [
        f"{name} {first:%m-%d}—{last:%m-%d}" if first != last else f"{name} {first:%m-%d}"
        for name, first, last in schedule.holidays
    ]


def _describe_workdays(schedule: YearSchedule) -> list[str]:
    return [f"{day:%m-%d}" for day in schedule.workdays]


def _check(year: int, holidays: list[Holiday], make_up_workdays: list[datetime.date]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    given = {holiday.key: holiday for holiday in holidays}
    for key, label in OFFICIAL_HOLIDAYS:
        if key not in given and key not in MAY_BE_MERGED:
            refuse(f"{key}_first", _("请填写%(name)s的放假日期。") % {"name": label})
    for holiday in holidays:
        field = f"{holiday.key}_first"
        if holiday.first.year != year or holiday.last.year != year:
            refuse(field, _("%(name)s的放假日期应在%(year)s年内。") % {"name": holiday.name, "year": year})
        elif holiday.last < holiday.first:
            refuse(f"{holiday.key}_last", _("%(name)s的结束日期早于开始日期。") % {"name": holiday.name})
        elif (holiday.last - holiday.first).days + 1 > LONGEST_BREAK_DAYS:
            refuse(
                f"{holiday.key}_last",
                _("%(name)s放假%(days)s天，超过%(most)s天，请核对日期。")
                % {"name": holiday.name, "days": (holiday.last - holiday.first).days + 1, "most": LONGEST_BREAK_DAYS},
            )
    valid = [h for h in holidays if h.first.year == year == h.last.year and h.first <= h.last]
    for k, one in enumerate(sorted(valid, key=lambda h: h.first)):
        for other in sorted(valid, key=lambda h: h.first)[k + 1 :]:
            if other.first <= one.last:
                refuse(f"{other.key}_first", _("%(a)s与%(b)s的放假日期重叠。") % {"a": one.name, "b": other.name})
    days_off = {day for holiday in valid for day in holiday.days()}
    if len(make_up_workdays) > MAKE_UP_WORKDAYS_AT_MOST:
        refuse("make_up_workdays", _("调休上班日最多%(n)s天。") % {"n": MAKE_UP_WORKDAYS_AT_MOST})
    if len(set(make_up_workdays)) != len(make_up_workdays):
        refuse("make_up_workdays", _("调休上班日有重复。"))
    for day in make_up_workdays:
        if day.year != year:
            refuse(
                "make_up_workdays", _("调休上班日%(day)s不在%(year)s年内。") % {"day": day.isoformat(), "year": year}
            )
        elif day.weekday() < 5:
            refuse("make_up_workdays", _("%(day)s不是周末，调休上班日应为周六或周日。") % {"day": day.isoformat()})
        elif day in days_off:
            refuse("make_up_workdays", _("%(day)s在放假期间内，不能同时为调休上班日。") % {"day": day.isoformat()})
    return errors


def next_year_missing(today: datetime.date) -> int | None:
    """The year the office should enter now: from October, next year while it is unknown; any
    time, the current year if it is unknown (a January without a calendar)."""
    known = known_until()
    if known < today.year:
        return known + 1
    if today.month >= 10 and known < today.year + 1:
        return today.year + 1
    return None
