"""The introduction review queues (workflow.py): the county's or line department's first review,
then the talent office's confirmation (see yingcai/workflows/queues.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.enums import IntroductionState as S
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.workflows.queues import ReviewQueue


def _url(introduction) -> str:
    return reverse("introductions:detail", args=[introduction.pk])


def _describe(introduction) -> tuple[str, str]:
    return introduction.talent.name, f"{introduction.unit.name} · {introduction.get_mode_display()}"


QUEUES = (
    ReviewQueue(
        key="introduction-county",
        label=_("待审核的引进记录"),
        workflow=INTRODUCTION_REVIEW.name,
        state=S.SUBMITTED,
        approve=("county_approve",),
        rule_key=rules_keys.REVIEW_COUNTY_MAX_WORKING_DAYS,
        roles=(Role.JURISDICTION,),
        scope=visible_introductions,
        detail_url=_url,
        describe=_describe,
        select_related=("talent", "unit"),
        order=10,
    ),
    ReviewQueue(
        key="introduction-office",
        label=_("待确认的引进记录"),
        workflow=INTRODUCTION_REVIEW.name,
        state=S.COUNTY_APPROVED,
        approve=("confirm", "confirm_pending_transfer"),
        rule_key=rules_keys.REVIEW_OFFICE_MAX_WORKING_DAYS,
        roles=(Role.TALENT_OFFICE,),
        scope=visible_introductions,
        detail_url=_url,
        describe=_describe,
        select_related=("talent", "unit"),
        order=11,
    ),
)
