"""Telling people about things: an in-app message for each, and an e-mail where they have one.

The messages are written in the caller's transaction (a rolled-back change tells nobody); the
e-mails go after the commit, from the task queue (`notifications.tasks.mail_notifications`), so
no mail server is waited for under the caller's row locks.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from yingcai.notifications.models import Notification

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable, title: str, body: str = "", url: str = "", kind: str = "", once: str = ""
) -> list[Notification]:
    """One message per active user. With `once`, the key of the event (e.g.
    "scoring-reminder:12:2026-12-04"), a user who already had a message for that event gets no
    second one."""
    recipients = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    if once:
        made = [m for u in recipients if (m := _once(u, once, title=title, body=body, url=url, kind=kind))]
    else:
        made = Notification.objects.bulk_create(
            [Notification(recipient=u, title=title, body=body, url=url, kind=kind) for u in recipients]
        )
    to_mail = [n.pk for n in made if n.recipient.email]
    if to_mail:
        transaction.on_commit(lambda: _queue_mail(to_mail))
    return made


def _once(user, once: str, **fields) -> Notification | None:
    """The message of event `once` for `user`, unless they had it (also against a concurrent run:
    the unique constraint decides)."""
    if Notification.objects.filter(recipient=user, once_key=once).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=user, once_key=once, **fields)
    except IntegrityError:
        return None


def _queue_mail(ids: list[int]) -> None:
    from yingcai.notifications.tasks import mail_notifications

    mail_notifications(ids)


def send_mails(ids: list[int]) -> int:
    """Send the e-mail of each message not mailed yet; returns how many went. A mail server that
    is down leaves them unmailed (the in-app messages stand) and is logged."""
    pending = list(Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("recipient"))
    mails = [
        (n.title, f"{n.body}\n\n{_absolute(n.url)}".strip(), settings.DEFAULT_FROM_EMAIL, [n.recipient.email])
        for n in pending
        if n.recipient.email
    ]
    if not mails:
        return 0
    try:
        send_mass_mail(mails, fail_silently=False)
    except OSError:
        log.exception("could not send %d notification e-mails", len(mails))
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(mails)


def _absolute(url: str) -> str:
    """A link in a mail needs the platform's address (PUBLIC_URL), not a path."""
    base = getattr(settings, "PUBLIC_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if url.startswith("/") and base else url


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
