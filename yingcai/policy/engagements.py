"""The introductions a talent has in force on a day, as eligibility sees them (a registration hook).

The policy engine sits below the policy areas, so it cannot read introductions itself. The
introductions app registers, in its AppConfig.ready, one function that lists them; `profile_of`
asks it. With nobody registered a talent has no introduction at all.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Engagement:
    """One introduction in force on the day (a historical record is never one)."""

    full_time: bool
    introduced_on: datetime.date
    # Confirmed by the office (已确认, or 待转入 waiting for the personnel relation to move in).
    confirmed: bool
    # The day the personnel relation moves in, for a full-time introduction (第七条), if known.
    transferred_on: datetime.date | None = None


# fn(*, talent, on) -> list[Engagement], latest introduced first
EngagementProvider = Callable[..., list[Engagement]]

_provider: list[EngagementProvider] = []


def register_engagement_provider(fn: EngagementProvider) -> None:
    """Called by the introductions app (idempotent: registering again replaces)."""
    _provider[:] = [fn]


def engagements_in_force(*, talent, on: datetime.date) -> list[Engagement]:
    return _provider[0](talent=talent, on=on) if _provider else []
