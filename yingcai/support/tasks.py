"""Background work of support on the task queue: the weekly reminders."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yingcai.support.domain.reminders import send_support_reminders


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="30"))
def remind_support_work_due() -> int:
    """Every Monday morning: tasks due, instalments to pay, confirmations missing."""
    return send_support_reminders(today=timezone.localdate())
