"""Telling people about things: an in-app message for each, and an e-mail where they have one."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import QuerySet
from django.utils import timezone

from yingcai.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, title: str, body: str = "", url: str = "", kind: str = "") -> list[Notification]:
    recipients = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    made = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title, body=body, url=url, kind=kind) for u in recipients]
    )
    mails = [(title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email]) for u in recipients if u.email]
    if mails:
        try:
            send_mass_mail(mails, fail_silently=False)
        except OSError:  # the in-app message stands; a mail server being down must not undo it
            log.exception("could not send %d notification e-mails", len(mails))
    return made


def inbox(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the user's own messages read."""
    messages = inbox(user).filter(read_at__isnull=True)
    if notification_id is not None:
        messages = messages.filter(pk=notification_id)
    return messages.update(read_at=timezone.now())
