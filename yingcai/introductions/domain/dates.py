"""Date arithmetic the way the law reads it: a period includes its first and last day (SPEC.md)."""

import datetime
from collections.abc import Iterable

from yingcai.core.dates import add_months, minimum_end  # noqa: F401  (defined in core, used here and by callers)

Period = tuple[datetime.date, datetime.date]


def inclusive_days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1


def describe_length(start: datetime.date, end: datetime.date) -> str:
    """'2年11个月30天' for a period with both ends included."""
    after = end + datetime.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if add_months(start, months) > after:
        months -= 1
    days = (after - add_months(start, months)).days
    years, months = divmod(months, 12)
    text = (f"{years}年" if years else "") + (f"{months}个月" if months else "") + (f"{days}天" if days else "")
    return text or "0天"


def merge(periods: Iterable[Period]) -> list[Period]:
    """Overlapping or touching periods joined, so no day is counted twice."""
    merged: list[Period] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + datetime.timedelta(days=1):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def clip(period: Period, bounds: Period) -> Period | None:
    start, end = max(period[0], bounds[0]), min(period[1], bounds[1])
    return (start, end) if start <= end else None


def year_bounds(year: int) -> Period:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def days_in_year(periods: Iterable[Period], year: int) -> int:
    """Days worked in calendar `year`: periods crossing the year's ends are cut at them, overlaps
    are counted once."""
    bounds = year_bounds(year)
    clipped = [c for p in periods if (c := clip(p, bounds)) is not None]
    return sum(inclusive_days(s, e) for s, e in merge(clipped))


def years_touched(periods: Iterable[Period]) -> list[int]:
    years: set[int] = set()
    for start, end in periods:
        years.update(range(start.year, end.year + 1))
    return sorted(years)
