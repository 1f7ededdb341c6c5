"""The life of support (第十三条), in three flows moved by `domain.entitlements` and
`domain.payments`.

An entitlement is granted on certification without an application (免申即享): waiting for the
talent's confirmation where only they know the facts, else waiting for the responsible office's
decision where one is needed, else in force at once. Paying its last instalment completes it; a
reversal (冲正) of a payment puts it back in force. It stops when the talent leaves the city or the
certification is revoked; what was paid stays paid.

The office's decision task is done when the office records the outcome, or closed when the
entitlement stops. An instalment is paid on its day; a reversal schedules it again (or stops it,
when the entitlement stopped before it fell due); stopping the entitlement stops the ones due later.
"""

from django.utils.translation import gettext_lazy as _

from yingcai.support.enums import EntitlementState as E
from yingcai.support.enums import InstalmentState as I
from yingcai.support.enums import TaskState as T
from yingcai.workflows.engine import BY_THE_PLATFORM, Transition, Workflow, permitted, register

ENTITLEMENT = register(
    Workflow(
        name="support_entitlement",
        title=_("人才待遇"),
        states=E,
        initial=E.AWAITING_CONFIRMATION,
        # An item that needs no confirmation (or no decision) is granted past that step.
        entry_states=(E.AWAITING_DECISION, E.ACTIVE),
        final_states=(E.STOPPED,),
        transitions=(
            Transition(
                "confirm_for_decision",
                _("本人确认，转承办部门办理"),
                (E.AWAITING_CONFIRMATION,),
                E.AWAITING_DECISION,
                allowed=permitted("support.confirm"),
            ),
            Transition(
                "confirm",
                _("本人确认待遇信息"),
                (E.AWAITING_CONFIRMATION,),
                E.ACTIVE,
                allowed=permitted("support.confirm"),
            ),
            Transition(
                "decide",
                _("承办部门登记办理结果"),
                (E.AWAITING_DECISION,),
                E.ACTIVE,
                allowed=permitted("support.decide", of=lambda e: e.task),
            ),
            # Taken with the payment of the last instalment (`domain.payments.record_payment`).
            Transition("complete", _("最后一期已发放"), (E.ACTIVE,), E.COMPLETED, allowed=BY_THE_PLATFORM),
            Transition(
                "reopen",
                _("冲正待遇发放"),
                (E.COMPLETED,),
                E.ACTIVE,
                allowed=permitted("support.reverse_payment"),
            ),
            Transition(
                "stop",
                _("停止待遇"),
                (E.AWAITING_CONFIRMATION, E.AWAITING_DECISION, E.ACTIVE),
                E.STOPPED,
                allowed=permitted("support.grant") | permitted("support.stop", of=lambda e: e.talent),
                needs_reason=True,
                style="danger",
            ),
        ),
    )
)

DECISION_TASK = register(
    Workflow(
        name="support_task",
        title=_("待遇办理任务"),
        states=T,
        initial=T.OPEN,
        final_states=(T.DONE,),
        transitions=(
            Transition("decide", _("登记办理结果"), (T.OPEN,), T.DONE, allowed=permitted("support.decide")),
            # Taken when the entitlement stops (`domain.entitlements.stop_entitlements`).
            Transition("close", _("待遇已停止，任务关闭"), (T.OPEN,), T.DONE, allowed=BY_THE_PLATFORM),
        ),
    )
)

INSTALMENT = register(
    Workflow(
        name="support_instalment",
        title=_("待遇发放计划"),
        states=I,
        initial=I.SCHEDULED,
        final_states=(I.STOPPED,),
        transitions=(
            Transition("pay", _("登记待遇发放"), (I.SCHEDULED,), I.PAID, allowed=permitted("support.pay")),
            Transition(
                "reverse",
                _("冲正，重新发放"),
                (I.PAID,),
                I.SCHEDULED,
                allowed=permitted("support.reverse_payment"),
            ),
            Transition(
                "reverse_stopped",
                _("冲正（待遇已停止，不再发放）"),
                (I.PAID,),
                I.STOPPED,
                allowed=permitted("support.reverse_payment"),
            ),
            # Taken when the entitlement stops, for the instalments due after that day.
            Transition("stop", _("随待遇停止"), (I.SCHEDULED,), I.STOPPED, allowed=BY_THE_PLATFORM),
        ),
    )
)
