"""Background work of support on the task queue: the weekly reminders, and the periods of tasks
that waited for a year's working-day calendar."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yingcai.support.domain.entitlements import fill_pending_due_dates
from yingcai.support.domain.reminders import send_support_reminders


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="30"))
def remind_support_work_due() -> int:
    """Every Monday morning: tasks due, instalments to pay, confirmations missing."""
    return send_support_reminders(today=timezone.localdate())


@db_periodic_task(crontab(hour="6", minute="10"))
def fill_task_periods() -> int:
    """Every morning: periods of tasks dispatched before their year's calendar was entered (the
    calendar's own change signal does this at once; this catches a change made outside the app)."""
    return fill_pending_due_dates()
