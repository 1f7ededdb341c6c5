"""The certification review queues (workflow.py, 第十三条): the county's or line department's
review, then the talent office's (see yingcai/workflows/queues.py). The 公示 steps are taken for a
batch from the publicity page, not from a queue."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.certification.domain import rules_keys
from yingcai.certification.domain.queries import visible_certifications
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.workflow import CERTIFICATION_REVIEW
from yingcai.workflows.queues import ReviewQueue


def _url(certification) -> str:
    return reverse("certification:detail", args=[certification.pk])


def _describe(certification) -> tuple[str, str]:
    return certification.talent.name, _("%(unit)s · 申报%(tier)s类") % {
        "unit": certification.unit.name,
        "tier": certification.tier_code,
    }


QUEUES = (
    ReviewQueue(
        key="certification-county",
        label=_("待审核的人才认定申请"),
        workflow=CERTIFICATION_REVIEW.name,
        state=S.SUBMITTED,
        approve=("county_approve",),
        rule_key=rules_keys.REVIEW_COUNTY_MAX_WORKING_DAYS,
        roles=(Role.JURISDICTION,),
        scope=visible_certifications,
        detail_url=_url,
        describe=_describe,
        select_related=("talent", "unit"),
        order=30,
    ),
    ReviewQueue(
        key="certification-office",
        label=_("待审定的人才认定申请"),
        workflow=CERTIFICATION_REVIEW.name,
        state=S.COUNTY_APPROVED,
        approve=("office_approve",),
        rule_key=rules_keys.REVIEW_OFFICE_MAX_WORKING_DAYS,
        roles=(Role.TALENT_OFFICE,),
        scope=visible_certifications,
        detail_url=_url,
        describe=_describe,
        select_related=("talent", "unit"),
        order=31,
    ),
)
