"""The introductions in force for a talent on a day, told to the policy engine's eligibility check
(`yingcai.policy.engagements`, registered in IntroductionsConfig.ready)."""

import datetime

from django.db.models import Q

from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction
from yingcai.policy.engagements import Engagement, register_engagement_provider

# 待转入 is confirmed by the office, waiting for the personnel relation to move in.
COUNTED_AS_CONFIRMED = (IntroductionState.CONFIRMED, IntroductionState.PENDING_TRANSFER)


def introductions_in_force(*, talent, on: datetime.date) -> list[Engagement]:
    """Latest introduced first; a historical record counts for nothing and is left out."""
    current = (
        Introduction.objects.filter(talent=talent, introduced_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .exclude(state=IntroductionState.HISTORICAL)
        .order_by("-introduced_on", "-pk")
    )
    return [
        Engagement(
            full_time=introduction.mode == IntroductionMode.FULL_TIME,
            introduced_on=introduction.introduced_on,
            confirmed=introduction.state in COUNTED_AS_CONFIRMED,
            transferred_on=introduction.personnel_transferred_on,
        )
        for introduction in current
    ]


def register() -> None:
    register_engagement_provider(introductions_in_force)
