"""A project's life: carried out (实施中) until the office closes it (结题) or stops it (终止);
the office may reopen it, with a reason."""

from django.utils.translation import gettext_lazy as _

from yingcai.projects.enums import ProjectState as S
from yingcai.registry.rules import is_talent_office
from yingcai.workflows.engine import Transition, Workflow, register

PROJECT_LIFECYCLE = register(
    Workflow(
        name="project",
        states=S,
        initial=S.ACTIVE,
        title=_("项目实施"),
        # No state is final: a closed or stopped project may be reopened.
        final_states=(),
        transitions=(
            Transition("complete", _("项目结题"), (S.ACTIVE,), S.COMPLETED, allowed=is_talent_office),
            Transition(
                "stop",
                _("终止项目"),
                (S.ACTIVE,),
                S.STOPPED,
                allowed=is_talent_office,
                needs_reason=True,
                style="danger",
            ),
            Transition(
                "reopen", _("恢复实施"), (S.COMPLETED, S.STOPPED), S.ACTIVE, allowed=is_talent_office, needs_reason=True
            ),
        ),
    )
)
