"""The formal check (形式审查) of a nomination (第三条): the talent office accepts it or returns it to
the unit for correction with a reason; the unit corrects and resubmits (the 第三条 eligibility test
runs again), or withdraws it with a reason before scoring opens.

Returning is possible while the round's experts have not been assigned: once they have, the
nomination is in the experts' hands and stays as it is. A returned nomination can be corrected and
resubmitted until the round's scoring opens (`domain.nominations.correction_blocker`); resubmitted
after the assignment, it gets its own experts. The date-bound condition of withdrawing
(before scoring opens) is checked by `domain.nominations.withdraw_nomination`, which takes ``on``.
"""

from django.utils.translation import gettext_lazy as _

from yingcai.registry.rules import is_talent_office
from yingcai.selection.enums import AssignmentState as A
from yingcai.selection.enums import NominationState as S
from yingcai.selection.enums import RoundState as R
from yingcai.selection.rules import is_nominating_unit
from yingcai.workflows.engine import Transition, Workflow, permitted, register


def _experts_not_assigned(nomination) -> None:
    from yingcai.selection.domain.nominations import check_experts_not_assigned

    check_experts_not_assigned(nomination)


def _correctable(nomination) -> None:
    from yingcai.selection.domain.nominations import check_correctable

    check_correctable(nomination, None)  # the date: domain.nominations.resubmit_nomination (``on``)


def _still_eligible(nomination) -> None:
    from yingcai.selection.domain.nominations import check_still_eligible

    check_still_eligible(nomination)


def _notify(nomination, step) -> None:
    from yingcai.selection.domain.nominations import notify_check_step

    notify_check_step(nomination, step)


NOMINATION_CHECK = register(
    Workflow(
        name="selection_nomination",
        title=_("推荐的形式审查"),
        states=S,
        initial=S.SUBMITTED,
        final_states=(S.WITHDRAWN,),
        transitions=(
            Transition(
                "accept", _("形式审查通过"), (S.SUBMITTED,), S.ACCEPTED, allowed=is_talent_office, effects=(_notify,)
            ),
            Transition(
                "return",
                _("退回修改"),
                (S.SUBMITTED, S.ACCEPTED),
                S.RETURNED,
                allowed=is_talent_office,
                needs_reason=True,
                guards=(_experts_not_assigned,),
                effects=(_notify,),
                style="danger",
            ),
            Transition(
                "resubmit",
                _("重新提交"),
                (S.RETURNED,),
                S.SUBMITTED,
                allowed=is_nominating_unit,
                guards=(_correctable, _still_eligible),
                effects=(_notify,),
            ),
            Transition(
                "withdraw",
                _("撤回推荐"),
                (S.SUBMITTED, S.RETURNED, S.ACCEPTED),
                S.WITHDRAWN,
                allowed=is_nominating_unit,
                needs_reason=True,
                effects=(_notify,),
                style="danger",
            ),
        ),
    )
)


# The stages of a round (第三条), each taken by the office through its domain function: experts
# assigned (`domain.assignments.assign_experts`), shortlist decided (`domain.results`), shortlist
# published (公示) and the round approved after it (`domain.approval`).
ROUND_STAGES = register(
    Workflow(
        name="selection_round",
        title=_("遴选批次"),
        states=R,
        initial=R.OPEN,
        final_states=(R.APPROVED,),
        transitions=(
            Transition(
                "assign_experts",
                _("分配评审专家"),
                (R.OPEN,),
                R.EXPERTS_ASSIGNED,
                allowed=permitted("selection.assign_experts"),
            ),
            Transition(
                "shortlist",
                _("确定拟入选名单"),
                (R.EXPERTS_ASSIGNED,),
                R.SHORTLISTED,
                allowed=permitted("selection.decide_shortlist"),
            ),
            Transition(
                "publish",
                _("发布遴选结果公示"),
                (R.SHORTLISTED,),
                R.IN_PUBLICITY,
                allowed=permitted("selection.manage_round"),
            ),
            Transition(
                "approve",
                _("批准遴选结果"),
                (R.IN_PUBLICITY,),
                R.APPROVED,
                allowed=permitted("selection.manage_round"),
            ),
        ),
    )
)

# An expert's task for one nomination: scored (and corrected while scoring is open) by the expert
# (`domain.scoring`), ended by the expert's declared conflict (回避) or by the office taking the
# expert out of the round (`domain.assignments`).
EXPERT_TASK = register(
    Workflow(
        name="selection_assignment",
        title=_("专家评审任务"),
        states=A,
        initial=A.ASSIGNED,
        final_states=(A.CONFLICT_DECLARED, A.WITHDRAWN),
        transitions=(
            Transition("score", _("提交评分"), (A.ASSIGNED,), A.SCORED, allowed=permitted("selection.score")),
            Transition(
                "declare_conflict",
                _("声明回避"),
                (A.ASSIGNED,),
                A.CONFLICT_DECLARED,
                allowed=permitted("selection.declare_conflict"),
                needs_reason=True,
                style="danger",
            ),
            Transition(
                "withdraw_expert",
                _("专家退出评审"),
                (A.ASSIGNED, A.SCORED),
                A.WITHDRAWN,
                allowed=permitted("selection.assign_experts"),
                needs_reason=True,
                style="danger",
            ),
        ),
    )
)
