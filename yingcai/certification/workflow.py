"""The review chain of a certification (第十三条): unit applies → county/department checks →
talent office approves → 公示 for a batch → certified (or rejected on an upheld objection).
Each reviewer may return the application to the unit with a reason; the office may reject it.
Until the first review the unit may withdraw what it submitted (back to draft, with a reason)."""

from django.utils.translation import gettext_lazy as _

from yingcai.certification.enums import CertificationState as S
from yingcai.certification.rules import in_users_jurisdiction, is_applying_unit
from yingcai.registry.rules import is_talent_office
from yingcai.workflows.engine import Transition, Workflow, register


def _eligible_on_submission(certification) -> None:
    # Import here: the domain imports this module for the workflow definition.
    from yingcai.certification.domain.applications import decide_eligibility

    decide_eligibility(certification)


def _not_reviewed_yet(certification) -> None:
    """A unit withdraws only what no reviewer has started on: no document checked yet."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    from yingcai.certification.enums import EvidenceCheck

    if certification.evidence.exclude(check_result=EvidenceCheck.PENDING).exists():
        raise ValidationError(
            gettext("县区/主管部门已开始审核（已核验材料），不能撤回；如需修改请联系审核人员退回。"),
            code="review_started",
        )


def _notify(certification, step) -> None:
    from yingcai.certification.domain.notices import notify_review_step

    notify_review_step(certification, step)


CERTIFICATION_REVIEW = register(
    Workflow(
        name="certification",
        title=_("高层次人才认定审核"),
        states=S,
        initial=S.DRAFT,
        final_states=(S.REJECTED, S.REVOKED),
        transitions=(
            Transition(
                "submit",
                _("提交审核"),
                (S.DRAFT, S.RETURNED),
                S.SUBMITTED,
                allowed=is_applying_unit | is_talent_office,
                guards=(_eligible_on_submission,),
                effects=(_notify,),
            ),
            # Before the first review the unit may take its application back (to draft), saying why.
            Transition(
                "withdraw",
                _("撤回申请"),
                (S.SUBMITTED,),
                S.DRAFT,
                allowed=is_applying_unit,
                needs_reason=True,
                guards=(_not_reviewed_yet,),
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "county_approve",
                _("县区审核通过"),
                (S.SUBMITTED,),
                S.COUNTY_APPROVED,
                allowed=in_users_jurisdiction,
                department_label=_("主管部门审核通过"),
                effects=(_notify,),
            ),
            Transition(
                "county_return",
                _("县区退回"),
                (S.SUBMITTED,),
                S.RETURNED,
                allowed=in_users_jurisdiction,
                department_label=_("主管部门退回"),
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "office_approve",
                _("人才办审定通过"),
                (S.COUNTY_APPROVED,),
                S.OFFICE_APPROVED,
                allowed=is_talent_office,
                # Re-checked on the office's day: a window may have closed since submission.
                guards=(_eligible_on_submission,),
                effects=(_notify,),
            ),
            Transition(
                "office_return",
                _("人才办退回"),
                (S.COUNTY_APPROVED,),
                S.RETURNED,
                allowed=is_talent_office,
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "reject",
                _("不予认定"),
                (S.COUNTY_APPROVED, S.OFFICE_APPROVED),
                S.REJECTED,
                allowed=is_talent_office,
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
            # The steps below are taken for a batch from the publicity page, not one by one.
            Transition("publicize", _("进入公示"), (S.OFFICE_APPROVED,), S.IN_PUBLICITY, allowed=is_talent_office),
            Transition("certify", _("公示期满，予以认定"), (S.IN_PUBLICITY,), S.CERTIFIED, allowed=is_talent_office),
            Transition(
                "publicity_reject",
                _("公示异议成立，不予认定"),
                (S.IN_PUBLICITY,),
                S.REJECTED,
                allowed=is_talent_office,
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "revoke",
                _("撤销认定"),
                (S.CERTIFIED,),
                S.REVOKED,
                allowed=is_talent_office,
                needs_reason=True,
                style="danger",
            ),
        ),
    )
)

# Taken through start_publicity / finish_publicity / revoke, never from the review buttons.
BATCH_TRANSITIONS = ("publicize", "certify", "publicity_reject", "revoke")


def review_buttons(user, certification) -> list[Transition]:
    return [t for t in CERTIFICATION_REVIEW.available(user, certification) if t.name not in BATCH_TRANSITIONS]
