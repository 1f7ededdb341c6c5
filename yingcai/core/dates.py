"""Date arithmetic the way the law reads it: a period includes its first and last day (SPEC.md).

Kept in core so that every layer (the policy engine as much as the policy areas) counts periods
the same way; `yingcai.introductions.domain.dates` builds its period helpers on these."""

import datetime


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the target month lacks (29–31) falls on the 1st of the
    month after, so a period from 29 Feb 2024 for 3 years runs through 28 Feb 2027."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    try:
        return datetime.date(year, month, start.day)
    except ValueError:
        return datetime.date(year + month // 12, month % 12 + 1, 1)


def minimum_end(start: datetime.date, years: int) -> datetime.date:
    """The earliest last day of a contract of `years` years starting on `start`: 1 March 2024 + 3
    years → 28 February 2027 (both ends included)."""
    return add_months(start, 12 * years) - datetime.timedelta(days=1)
