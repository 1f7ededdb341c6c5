"""A basic guard against floods of objections: at most N per client address per hour, counted in
the cache (setting PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR, default 5)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600
DEFAULT_LIMIT = 5


def limit() -> int:
    return getattr(settings, "PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR", DEFAULT_LIMIT)


def _key(ip: str | None) -> str:
    return f"publicity:objections:{ip or 'unknown'}"


def allowed(ip: str | None) -> bool:
    """Whether the address may file one more objection this hour (does not count it)."""
    return cache.get(_key(ip), 0) < limit()


def count(ip: str | None) -> None:
    """Count one objection filed from the address; the window starts with its first one."""
    key = _key(ip)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
