"""The accounts app's background work: expired sessions (and their UserSession rows) removed nightly."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(hour="3", minute="40"))
def clear_expired_sessions() -> int:
    """What `manage.py clearsessions` does; the UserSession rows go with their sessions (CASCADE)."""
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
