"""Refusing password guessing (等保 level 3).

- **The account name is locked.** Each login attempt for a name takes a numbered slot from an
  atomic counter (yingcai/core/counters.py) *before* the password is checked, so parallel guesses
  cannot get past the limit: at most `LOGIN_MAX_FAILURES` passwords are tried per name and window.
  When that many have failed, the name is locked for `LOGIN_LOCK_MINUTES` from then (a `LoginLock`
  row, so the security administrator sees it and can unlock it; audited ACCOUNT_LOCKED). A success
  clears the name's count, once its transaction has committed: a sign-in rolled back (or a lock or
  unlock rolled back) leaves the count as it was, so it cannot be used to wipe the failures.
- **The address is slowed, never locked.** A government office is one NAT address: locking it would
  lock out everyone there. After `LOGIN_MAX_FAILURES_PER_IP` failures from one address within the
  window, the address may make only one attempt every `LOGIN_IP_SLOW_SECONDS` seconds; an attempt
  sooner is refused at once (without checking the password, and without holding a worker by
  sleeping), with a message saying how long to wait.

Counts live in the shared cache (Redis or files), so every worker process sees the same counts.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import LoginLock, User
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core import counters

LOCKED = "locked"
SLOWED = "slowed"


def normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _name_key(username: str) -> str:
    # Hashed: any length and any characters make a valid key.
    return f"login:attempts:name:{hashlib.sha256(normalise(username).encode()).hexdigest()[:32]}"


def _ip_key(ip: str | None) -> str:
    return f"login:fail:ip:{ip or 'unknown'}"


def _slow_key(ip: str | None) -> str:
    return f"login:slow:ip:{ip or 'unknown'}"


def _window() -> int:
    return settings.LOGIN_LOCK_MINUTES * 60


@dataclass(frozen=True)
class Attempt:
    """One login attempt: refused (LOCKED or SLOWED) before the password is checked, or allowed as
    the `number`-th attempt for its name in the window."""

    username: str
    ip: str | None
    refused: str = ""
    number: int = 0


def is_locked(username: str) -> bool:
    return LoginLock.objects.filter(username=normalise(username), locked_until__gt=timezone.now()).exists()


def begin(username: str, ip: str | None) -> Attempt:
    """Decide whether the password may be checked at all, and take the attempt's slot."""
    if is_locked(username):
        return Attempt(username, ip, refused=LOCKED)
    slowed = counters.peek(_ip_key(ip)) >= settings.LOGIN_MAX_FAILURES_PER_IP
    if slowed and counters.hit(_slow_key(ip), window=settings.LOGIN_IP_SLOW_SECONDS) > 1:
        return Attempt(username, ip, refused=SLOWED)
    number = counters.hit(_name_key(username), window=_window())
    if number > settings.LOGIN_MAX_FAILURES:
        # Slots beyond the limit (parallel guesses that lost the race) are refused as locked.
        return Attempt(username, ip, refused=LOCKED)
    if is_locked(username):
        # A parallel guess locked the name after the first check: its count was cleared after the
        # lock committed, so this fresh slot must not count as a new chance.
        counters.give_back(_name_key(username))
        return Attempt(username, ip, refused=LOCKED)
    return Attempt(username, ip, number=number)


def failed(attempt: Attempt) -> bool:
    """The password was wrong: count it for the address, and lock the name on the last allowed
    attempt. Returns whether the name is now locked."""
    counters.hit(_ip_key(attempt.ip), window=_window())
    if attempt.number < settings.LOGIN_MAX_FAILURES:
        return False
    lock(username=attempt.username, ip=attempt.ip)
    return True


def succeeded(username: str) -> None:
    """A successful login clears the name's count (the address's stays until its window passes),
    after the transaction it happens in has committed."""
    _reset_on_commit(username)


def _reset_on_commit(username: str) -> None:
    # The cache is outside the database transaction: clearing the count at once would survive a
    # rollback of the sign-in (or lock) that justified it. Outside any transaction it runs at once.
    key = _name_key(username)
    transaction.on_commit(lambda: counters.reset(key))


@transaction.atomic
def lock(*, username: str, ip: str | None) -> LoginLock:
    now = timezone.now()
    name = normalise(username)
    entry, _created = LoginLock.objects.update_or_create(
        username=name,
        defaults={
            "locked_at": now,
            "locked_until": now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES),
            "last_ip": ip,
        },
    )
    _reset_on_commit(name)  # when the lock ends, the name gets its full count again
    record(
        actor=None,
        action=AuditAction.ACCOUNT_LOCKED,
        target=account_of(entry),
        changes={"username": name, "locked_until": entry.locked_until.isoformat()},
        reason=_("连续登录失败%(n)s次") % {"n": settings.LOGIN_MAX_FAILURES},
    )
    return entry


@transaction.atomic
def unlock(*, actor: User, entry: LoginLock, reason: str = "") -> LoginLock:
    """The security administrator lifts a lock before it ends (audited ACCOUNT_UNLOCK)."""
    if not actor.has_perm("accounts.unlock_account"):
        raise PermissionDenied(_("只有安全管理员可以解除账号锁定。"))
    entry.locked_until = timezone.now()
    entry.save(update_fields=["locked_until"])
    _reset_on_commit(entry.username)
    record(
        actor=actor,
        action=AuditAction.ACCOUNT_UNLOCK,
        target=account_of(entry),
        changes={"username": entry.username},
        reason=reason,
    )
    return entry


def account_of(entry: LoginLock) -> User | None:
    return User.objects.filter(username__iexact=entry.username).first()


def active_locks():
    return LoginLock.objects.filter(locked_until__gt=timezone.now()).order_by("-locked_at")
