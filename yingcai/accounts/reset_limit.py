"""Refusing floods of password-reset requests (等保 level 3): each client address may ask for at
most `PASSWORD_RESET_MAX_PER_IP` reset links, and each e-mail address may be sent at most
`PASSWORD_RESET_MAX_PER_EMAIL`, per `PASSWORD_RESET_LIMIT_MINUTES`. A request beyond either is
refused before any account is looked up, with the same message whether or not an account has that
address (so the limit tells nothing about who is registered), and audited (PASSWORD_RESET_REFUSED).

Counts live in the shared cache (yingcai/core/counters.py), so every worker sees the same counts.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core import counters


def _email_key(email: str) -> str:
    # Hashed: the cache holds no e-mail address, and any length makes a valid key.
    normalised = (email or "").strip().lower()
    return f"password-reset:email:{hashlib.sha256(normalised.encode()).hexdigest()[:32]}"


def _ip_key(ip: str | None) -> str:
    return f"password-reset:ip:{ip or 'unknown'}"


def masked_email(email: str) -> str:
    """`zh***@example.com`: enough for the audit reader to tell requests apart, not the address."""
    local, at, domain = (email or "").strip().partition("@")
    return f"{local[:2]}***{at}{domain}" if at else f"{local[:2]}***"


def refusal(*, email: str, ip: str | None) -> str:
    """Take this request's place in both counts; the message to refuse it with, or "" to go on.
    A refused request is audited."""
    window = settings.PASSWORD_RESET_LIMIT_MINUTES * 60
    from_address = counters.hit(_ip_key(ip), window=window)
    for_email = counters.hit(_email_key(email), window=window)
    too_many = []
    if from_address > settings.PASSWORD_RESET_MAX_PER_IP:
        too_many.append("ip")
    if for_email > settings.PASSWORD_RESET_MAX_PER_EMAIL:
        too_many.append("email")
    if not too_many:
        return ""
    record(
        actor=None,
        action=AuditAction.PASSWORD_RESET_REFUSED,
        changes={"email": masked_email(email), "limit": too_many},
        reason=_("密码重置请求过于频繁"),
    )
    return _("密码重置请求过于频繁，请%(minutes)s分钟后再试。如仍无法登录，请联系系统管理员。") % {
        "minutes": settings.PASSWORD_RESET_LIMIT_MINUTES
    }
