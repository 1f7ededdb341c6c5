"""Signed-in sessions (等保: 会话管理). Each Django session of a signed-in user has a `UserSession`
beside it (when, from where, which browser). Sessions end on sign-out, after `SESSION_IDLE_MINUTES`
without a request, and at `SESSION_COOKIE_AGE` after signing in however active (absolute). A user
ends their own other sessions; the security administrator ends anyone's. Every end is audited."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import User, UserSession
from yingcai.accounts.rules import is_security_admin
from yingcai.audit.domain import record
from yingcai.audit.middleware import client_ip
from yingcai.audit.models import AuditAction

# Keys this module keeps in the session itself (read on every request without a query).
TRACKED_KEY = "_yc_tracked"  # the session key the UserSession row was written for
SIGNED_IN_AT = "_yc_signed_in_at"  # ISO time of signing in (kept across key rotations)
LAST_SEEN = "_yc_last_seen"  # POSIX time of the last recorded activity
# At most one write per session per this many seconds (the session row and `last_seen`).
TOUCH_INTERVAL = 60


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def live_sessions() -> QuerySet[UserSession]:
    """Sessions not yet expired nor idle past the limit (rows of ended sessions are gone already)."""
    now = timezone.now()
    slack = timedelta(seconds=TOUCH_INTERVAL)
    return UserSession.objects.filter(
        session__expire_date__gt=now, last_seen__gt=now - idle_limit() - slack, user__is_active=True
    ).select_related("user")


def sessions_of(user: User) -> QuerySet[UserSession]:
    return live_sessions().filter(user=user).order_by("-last_seen")


def noted_at_login(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """`user_logged_in` receiver (apps.py): the session is noted when it is opened, so no page
    request pays for it."""
    if hasattr(request, "session"):
        track(request, user=user)


def track(request: HttpRequest, *, user: User | None = None) -> None:
    """Note the session once (at login, or on the first request of a session opened before), then
    its activity at most once a minute."""
    session = request.session
    key = session.session_key
    if not key:
        return
    now = timezone.now()
    if session.get(TRACKED_KEY) != key:
        signed_in_at = datetime.fromisoformat(session.get(SIGNED_IN_AT) or now.isoformat())
        UserSession.objects.update_or_create(
            session_id=key,
            defaults={
                "user": user or request.user,
                "ip_address": client_ip(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255],
                "created_at": signed_in_at,
                "last_seen": now,
            },
        )
        session[TRACKED_KEY] = key
        session[SIGNED_IN_AT] = signed_in_at.isoformat()
        session[LAST_SEEN] = now.timestamp()
        # Absolute limit: saving the session later must not push its expiry on.
        session.set_expiry(signed_in_at + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    elif now.timestamp() - session.get(LAST_SEEN, 0) >= TOUCH_INTERVAL:
        session[LAST_SEEN] = now.timestamp()
        UserSession.objects.filter(session_id=key).update(last_seen=now)


def is_idle(request: HttpRequest) -> bool:
    last_seen = request.session.get(LAST_SEEN)
    return last_seen is not None and timezone.now().timestamp() - last_seen > idle_limit().total_seconds()


def record_idle_end(user: User) -> None:
    record(actor=None, action=AuditAction.SESSION_END, target=user, reason=_("空闲超时，会话已结束"))


def _facts(user_session: UserSession) -> dict:
    return {
        "address": user_session.ip_address,
        "user_agent": user_session.user_agent,
        "signed_in_at": user_session.created_at.isoformat(),
    }


def can_end(actor, user_session: UserSession) -> bool:
    return actor.is_authenticated and (actor.pk == user_session.user_id or is_security_admin(actor))


@transaction.atomic
def end_session(*, actor, user_session: UserSession, reason: str = "") -> None:
    """Sign one session out: its owner (another of their own sessions) or the security administrator."""
    if not can_end(actor, user_session):
        raise PermissionDenied(_("只能结束自己的会话；结束他人的会话须由安全管理员操作。"))
    record(
        actor=actor,
        action=AuditAction.SESSION_END,
        target=user_session.user,
        changes=_facts(user_session),
        reason=reason,
    )
    Session.objects.filter(session_key=user_session.session_id).delete()


@transaction.atomic
def end_other_sessions(*, actor, current_session_key: str | None) -> int:
    """The user's every session but the one they are using."""
    others = list(sessions_of(actor).exclude(session_id=current_session_key))
    for user_session in others:
        end_session(actor=actor, user_session=user_session, reason=_("本人结束其他会话"))
    return len(others)


def end_all_sessions(*, actor, account: User, reason: str) -> int:
    """Every session of `account`, whatever their state (deactivation, password reset). Called by the
    account functions, which have checked `actor` already; each end is audited."""
    rows = list(UserSession.objects.filter(user=account))
    for user_session in rows:
        record(actor=actor, action=AuditAction.SESSION_END, target=account, changes=_facts(user_session), reason=reason)
    Session.objects.filter(session_key__in=[r.session_id for r in rows]).delete()
    return len(rows)
