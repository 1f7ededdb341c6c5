"""A public notice (公示) is open from its publication until the office concludes it after its last
working day, every objection answered (`domain.conclude`); concluded, it stays as it ended."""

from django.utils.translation import gettext_lazy as _

from yingcai.publicity.enums import PublicityState as S
from yingcai.workflows.engine import Transition, Workflow, permitted, register

NOTICE = register(
    Workflow(
        name="publicity",
        title=_("公示"),
        states=S,
        initial=S.OPEN,
        final_states=(S.CONCLUDED,),
        transitions=(
            Transition("conclude", _("结束公示"), (S.OPEN,), S.CONCLUDED, allowed=permitted("publicity.manage")),
        ),
    )
)
