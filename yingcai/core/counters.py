"""Counters in the shared cache that every worker process can bump at the same moment without
losing a count (login attempts, objections per address). A window opens with a key's first hit and
lasts `window` seconds from then; later hits do not extend it.

Django's `cache.incr` is no help here: on the file cache it is a read followed by a write (two
workers read 3, both write 4) and it resets the expiry to the cache's default timeout (300 s). So:
- on Redis, one Lua script does INCR and sets the expiry on the first hit (atomic on the server);
- on any other cache (files, local memory), the read and the write happen under an exclusive
  `flock` on one lock file in VAR_DIR, which serialises threads and processes of one machine, and
  the remaining lifetime of the window is stored with the count.
"""

import fcntl
import math
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""
_GIVE_BACK = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


def hit(key: str, *, window: int) -> int:
    """Add one to the counter and return its new value (1 for the first hit of a window)."""
    if _is_redis():
        return int(_redis(key).eval(_HIT, 1, cache.make_and_validate_key(key), int(window)))
    with _locked():
        count, ends = _read(key)
        now = time.time()
        if count == 0:
            ends = now + window
        count += 1
        _write(key, count, ends, now)
        return count


def peek(key: str) -> int:
    """The counter's value (0 when its window has passed)."""
    if _is_redis():
        return int(_redis(key).get(cache.make_and_validate_key(key)) or 0)
    return _read(key)[0]


def give_back(key: str) -> None:
    """Take one hit back (a reserved attempt that did not happen after all); never below 0."""
    if _is_redis():
        _redis(key).eval(_GIVE_BACK, 1, cache.make_and_validate_key(key))
        return
    with _locked():
        count, ends = _read(key)
        if count > 0:
            _write(key, count - 1, ends, time.time())


def reset(key: str) -> None:
    cache.delete(key)


def _is_redis() -> bool:
    return isinstance(caches["default"], RedisCache)


def _redis(key: str):
    return caches["default"]._cache.get_client(key, write=True)


def _read(key: str) -> tuple[int, float]:
    value = cache.get(key)
    if not value:
        return 0, 0.0
    count, ends = value
    if ends <= time.time():
        return 0, 0.0
    return count, ends


def _write(key: str, count: int, ends: float, now: float) -> None:
    cache.set(key, (count, ends), timeout=max(1, math.ceil(ends - now)))


@contextmanager
def _locked():
    path = Path(settings.VAR_DIR) / "counters.lock"
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
