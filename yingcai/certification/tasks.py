"""Background work of certification on the task queue: telling units of certificates about to expire."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from yingcai.certification.domain.notices import remind_expiring_certificates


@db_periodic_task(crontab(day="1", hour="8", minute="0"))
def remind_certificates_about_to_expire() -> int:
    """On the 1st of each month: certificates ending within 90 days, each told once."""
    return remind_expiring_certificates(today=timezone.localdate())
