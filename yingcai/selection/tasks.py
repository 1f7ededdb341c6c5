"""Background work of selection on the task queue: reminding experts before scoring closes."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yingcai.selection.domain.reminders import send_scoring_reminders


@db_periodic_task(crontab(hour="9", minute="0"))
def remind_experts_of_unscored_candidates() -> int:
    """Three days before and on the last day of scoring."""
    return send_scoring_reminders(today=timezone.localdate())
