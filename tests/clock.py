"""The tests' clock: time-machine moves the whole process (datetime, time, the ORM's timestamps, the
live server's thread) to a day, at noon in Asia/Shanghai, so `timezone.localdate()` is that day and
`timezone.now()` a moment of it. Use it instead of patching `timezone.localdate`/`now` attributes.

    @pytest.fixture(autouse=True)
    def _today():
        with clock.on(TODAY):
            yield

A test that changes the day midway takes time-machine's `time_machine` fixture and calls
`time_machine.move_to(clock.noon(day))`.
"""

import datetime
import zoneinfo

import time_machine

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def noon(day: datetime.date) -> datetime.datetime:
    """Noon of `day` in the city's time zone (a whole working day either side)."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI)


def on(day: datetime.date, *, tick: bool = True) -> time_machine.travel:
    """Travel to noon of `day`; the clock goes on ticking from there unless tick=False."""
    return time_machine.travel(noon(day), tick=tick)
