"""What the working-day calendar tells the processes above it.

`calendar_changed` is sent after the commit that entered, corrected or removed days of the
calendar, with `years` (the set of years touched). A process that counts periods in 工作日 and had
to leave one open because the year was not known yet (support's decision tasks) connects to it in
its AppConfig.ready; this app never imports them.
"""

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

calendar_changed = Signal()


def announce_change(*, years: Iterable[int]) -> None:
    """Send `calendar_changed` once the current transaction commits (at once outside one)."""
    touched = set(years)
    transaction.on_commit(lambda: calendar_changed.send(sender=None, years=touched))
