"""The formal check of nominations (workflow.py, 第三条) as a review queue for the talent office
(see yingcai/workflows/queues.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.queries import visible_nominations
from yingcai.selection.enums import NominationState as S
from yingcai.selection.workflow import NOMINATION_CHECK
from yingcai.workflows.queues import ReviewQueue


def _url(nomination) -> str:
    return reverse("selection:nomination-detail", args=[nomination.pk])


def _describe(nomination) -> tuple[str, str]:
    return nomination.talent.name, f"{nomination.unit.name} · {nomination.round.name}"


QUEUES = (
    ReviewQueue(
        key="nomination-check",
        label=_("待形式审查的遴选推荐"),
        workflow=NOMINATION_CHECK.name,
        state=S.SUBMITTED,
        approve=("accept",),
        rule_key=rules_keys.REVIEW_CHECK_MAX_WORKING_DAYS,
        roles=(Role.TALENT_OFFICE,),
        scope=visible_nominations,
        detail_url=_url,
        describe=_describe,
        select_related=("talent", "unit", "round"),
        order=20,
    ),
)
