"""Refusing password guessing (等保 baseline): after `LOGIN_MAX_FAILURES` failed logins for one
account name within `LOGIN_LOCK_MINUTES`, that name is locked for those minutes, and an address that
fails `LOGIN_MAX_FAILURES_PER_IP` times is locked too (guessing across many names). Counted in the
shared cache (Redis or files), so every worker process sees the same counts."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _name_key(username: str) -> str:
    # Hashed: any length and any characters make a valid key.
    name = (username or "").strip().lower()
    return f"login:fail:name:{hashlib.sha256(name.encode()).hexdigest()[:32]}"


def _ip_key(ip: str | None) -> str:
    return f"login:fail:ip:{ip or 'unknown'}"


def _window() -> int:
    return settings.LOGIN_LOCK_MINUTES * 60


def is_locked(username: str, ip: str | None) -> bool:
    return (
        cache.get(_name_key(username), 0) >= settings.LOGIN_MAX_FAILURES
        or cache.get(_ip_key(ip), 0) >= settings.LOGIN_MAX_FAILURES_PER_IP
    )


def _count(key: str) -> None:
    if not cache.add(key, 1, _window()):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, _window())


def count_failure(username: str, ip: str | None) -> None:
    _count(_name_key(username))
    _count(_ip_key(ip))


def clear(username: str) -> None:
    """A successful login clears the name's count (the address's stays until it expires)."""
    cache.delete(_name_key(username))
