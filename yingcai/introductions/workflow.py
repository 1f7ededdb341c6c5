"""The review chain of an introduction: unit submits → county/department checks → talent office
confirms; each reviewer may return it to the unit with a reason (第七条–第八条)."""

from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import IntroductionState as S
from yingcai.introductions.rules import in_users_jurisdiction, is_declaring_unit
from yingcai.registry.rules import is_talent_office
from yingcai.workflows.engine import Transition, Workflow, register


def _complete_for_review(introduction) -> None:
    # Import here: the domain imports this module for the workflow definition.
    from yingcai.introductions.domain.declarations import check_ready_for_review

    check_ready_for_review(introduction)


def _notify(introduction, step) -> None:
    from yingcai.introductions.domain.reminders import notify_review_step

    notify_review_step(introduction, step)


INTRODUCTION_REVIEW = register(
    Workflow(
        name="introduction",
        states=S,
        initial=S.DRAFT,
        final_states=(S.CONFIRMED,),
        transitions=(
            Transition(
                "submit",
                _("提交审核"),
                (S.DRAFT, S.RETURNED),
                S.SUBMITTED,
                allowed=is_declaring_unit | is_talent_office,
                guards=(_complete_for_review,),
                effects=(_notify,),
            ),
            Transition(
                "county_approve",
                _("县区审核通过"),
                (S.SUBMITTED,),
                S.COUNTY_APPROVED,
                allowed=in_users_jurisdiction,
                effects=(_notify,),
            ),
            Transition(
                "county_return",
                _("县区退回"),
                (S.SUBMITTED,),
                S.RETURNED,
                allowed=in_users_jurisdiction,
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "confirm",
                _("人才办确认"),
                (S.COUNTY_APPROVED,),
                S.CONFIRMED,
                allowed=is_talent_office,
                guards=(_complete_for_review,),
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
        ),
    )
)
