"""A basic guard against floods of objections: at most N per client address per hour (setting
PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR, default 5), counted with the shared cache's atomic counters
(yingcai/core/counters.py). A filing takes its slot *before* it is saved, so objections sent at the
same moment cannot pass the limit; a filing that is then refused gives its slot back."""

from django.conf import settings

from yingcai.core import counters

WINDOW_SECONDS = 3600
DEFAULT_LIMIT = 5


def limit() -> int:
    return getattr(settings, "PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR", DEFAULT_LIMIT)


def _key(ip: str | None) -> str:
    return f"publicity:objections:{ip or 'unknown'}"


def allowed(ip: str | None) -> bool:
    """Whether the address may file one more objection this hour (does not take a slot)."""
    return counters.peek(_key(ip)) < limit()


def take(ip: str | None) -> bool:
    """Take a slot for one objection from the address; False (and nothing taken) when none is left."""
    if counters.hit(_key(ip), window=WINDOW_SECONDS) <= limit():
        return True
    counters.give_back(_key(ip))
    return False


def give_back(ip: str | None) -> None:
    """The objection that took a slot was not filed after all (it failed validation)."""
    counters.give_back(_key(ip))
