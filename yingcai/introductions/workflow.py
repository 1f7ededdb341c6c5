"""The review chain of an introduction: unit submits → county/department checks → talent office
confirms; each reviewer may return it to the unit with a reason (第七条–第八条).

The unit may withdraw a submission before the first review. A full-time introduction whose
personnel relation moves in on a later day is confirmed as 待转入 and moves in on that day; one
whose contract began before the first rule version is recorded by the office as 历史记录.
"""

import rules
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import IntroductionState as S
from yingcai.introductions.models.imports import ImportStatus
from yingcai.introductions.rules import in_users_jurisdiction, is_declaring_unit
from yingcai.registry.rules import is_talent_office
from yingcai.workflows.engine import Transition, Workflow, register


def _complete_for_review(introduction) -> None:
    # Import here: the domain imports this module for the workflow definition.
    from yingcai.introductions.domain.declarations import check_ready_for_review

    check_ready_for_review(introduction)


def _under_the_rules(introduction) -> None:
    from yingcai.introductions.domain.declarations import check_under_the_rules

    check_under_the_rules(introduction)


def _before_the_rules(introduction) -> None:
    from yingcai.introductions.domain.declarations import check_before_the_rules

    check_before_the_rules(introduction)


@rules.predicate
def transfer_due(user, introduction) -> bool:
    from yingcai.introductions.domain.declarations import transfer_is_due

    return introduction is not None and transfer_is_due(introduction)


@rules.predicate
def predates_the_rules(user, introduction) -> bool:
    from yingcai.introductions.domain.declarations import predates_rules

    return introduction is not None and predates_rules(introduction)


def _notify(introduction, step) -> None:
    from yingcai.introductions.domain.reminders import notify_review_step

    notify_review_step(introduction, step)


INTRODUCTION_REVIEW = register(
    Workflow(
        name="introduction",
        title=_("人才引进审核"),
        states=S,
        initial=S.DRAFT,
        final_states=(S.CONFIRMED, S.HISTORICAL),
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
                "withdraw",
                _("单位撤回"),
                (S.SUBMITTED,),
                S.DRAFT,
                allowed=is_declaring_unit,
                needs_reason=True,
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
                "confirm",
                _("人才办确认"),
                (S.COUNTY_APPROVED,),
                S.CONFIRMED,
                allowed=is_talent_office & transfer_due & ~predates_the_rules,
                guards=(_complete_for_review, _under_the_rules),
                effects=(_notify,),
            ),
            Transition(
                "confirm_pending_transfer",
                _("人才办确认（待人事关系转入）"),
                (S.COUNTY_APPROVED,),
                S.PENDING_TRANSFER,
                allowed=is_talent_office & ~transfer_due & ~predates_the_rules,
                guards=(_complete_for_review, _under_the_rules),
                effects=(_notify,),
            ),
            Transition(
                "transfer_in",
                _("人事关系已转入"),
                (S.PENDING_TRANSFER,),
                S.CONFIRMED,
                allowed=is_talent_office & transfer_due,
                effects=(_notify,),
            ),
            Transition(
                "record_history",
                _("作为历史记录登记"),
                (S.COUNTY_APPROVED,),
                S.HISTORICAL,
                allowed=is_talent_office & predates_the_rules,
                needs_reason=True,
                guards=(_before_the_rules,),
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


# An Excel import (`imports.jobs`), moved by the task queue, never by a user: every row is checked,
# then all are written in one transaction or none; a job a worker died with is given up.
IMPORT_JOB = register(
    Workflow(
        name="introduction_import",
        title=_("Excel导入任务"),
        states=ImportStatus,
        state_field="status",
        initial=ImportStatus.QUEUED,
        final_states=(ImportStatus.SUCCEEDED, ImportStatus.FAILED),
        transitions=(
            Transition("claim", _("开始校验"), (ImportStatus.QUEUED,), ImportStatus.VALIDATING),
            Transition("refuse", _("校验未通过"), (ImportStatus.VALIDATING,), ImportStatus.FAILED),
            Transition("apply", _("校验通过，开始写入"), (ImportStatus.VALIDATING,), ImportStatus.APPLYING),
            Transition("succeed", _("写入完成"), (ImportStatus.APPLYING,), ImportStatus.SUCCEEDED),
            Transition("fail", _("写入失败"), (ImportStatus.APPLYING,), ImportStatus.FAILED),
            Transition(
                "give_up",
                _("处理中断或超时"),
                (ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.APPLYING),
                ImportStatus.FAILED,
            ),
        ),
    )
)
