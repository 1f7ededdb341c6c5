"""The demo's clock: the demo plays the city's history on the days it describes.

A demo step taken ``as_of(day)`` runs with the clock at a working-hours moment of that day, so
everything it writes carries a believable time: a nomination the day it was made, the expert's
score inside the scoring window, an objection inside its notice, the audit entries and review
steps with them (issue 17). Days from today on run at the real time: the clock never goes ahead.
Only the demo seeding uses it (time-machine moves the process's clock; never use it in a request).
"""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.utils import timezone

OFFICE_OPENS = datetime.time(8, 30)
OFFICE_MINUTES = 8 * 60  # from 8:30 into the afternoon
# The clock's own generator, so the demo's other random choices stay as they were.
_times = random.Random(2026)  # noqa: S311 - demo data


def some_day(start: datetime.date, *, within_days: int, last: datetime.date) -> datetime.date:
    """A day from ``start`` to ``within_days`` later, not after ``last`` (nor after today)."""
    day = start + datetime.timedelta(days=_times.randrange(within_days + 1))
    return max(start, min(day, last, timezone.localdate()))


@contextmanager
def as_of(day: datetime.date) -> Iterator[None]:
    if day >= timezone.localdate():
        yield
        return
    minutes = _times.randrange(OFFICE_MINUTES)
    moment = datetime.datetime.combine(day, OFFICE_OPENS, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(moment + datetime.timedelta(minutes=minutes), tick=True):
        yield
