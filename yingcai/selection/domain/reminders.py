"""Reminding experts of the candidates they have not scored as a round's scoring window closes."""

import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.notifications.domain import notify
from yingcai.selection.enums import IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment

# Days before the last day of scoring on which unscored assignments are reminded (0: the last day).
REMIND_DAYS_BEFORE_CLOSE = (3, 0)


def send_scoring_reminders(*, today: datetime.date) -> int:
    """Tell each expert how many candidates they still have to score in rounds closing soon."""
    closing = [today + datetime.timedelta(days=n) for n in REMIND_DAYS_BEFORE_CLOSE]
    pending = Counter(
        Assignment.objects.filter(
            state=AssignmentState.ASSIGNED,
            nomination__state__in=IN_REVIEW_STATES,
            nomination__round__scoring_opens__lte=today,
            nomination__round__scoring_closes__in=closing,
        ).values_list(
            "expert__user", "nomination__round_id", "nomination__round__name", "nomination__round__scoring_closes"
        )
    )
    sent = 0
    for (user_id, round_id, round_name, closes), count in pending.items():
        sent += len(
            notify(
                users=get_user_model().objects.filter(pk=user_id, is_active=True),
                title=_("%(round)s：还有%(n)s位候选人待评分，评审%(date)s截止")
                % {"round": round_name, "n": count, "date": closes.isoformat()},
                body=_("请于%(date)s 24时前在“我的评审”中完成评分；如与候选人存在利益关系，请声明回避。")
                % {"date": closes.isoformat()},
                url=reverse("selection:my-reviews"),
                kind="selection",
                # a daily job: run twice on one day (a restart), it still reminds once
                once=f"scoring-reminder:{round_id}:{today.isoformat()}",
            )
        )
    return sent
