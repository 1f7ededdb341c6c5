from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.console.todos import TodoItem
from yingcai.selection.domain.queries import assignments_of, visible_nominations
from yingcai.selection.enums import IN_REVIEW_STATES, AssignmentState, NominationState


def items(user, today) -> list[TodoItem]:
    if user.role == Role.EXPERT:
        count = (
            assignments_of(user)
            .filter(
                state=AssignmentState.ASSIGNED,
                nomination__state__in=IN_REVIEW_STATES,
                nomination__round__scoring_opens__lte=today,
                nomination__round__scoring_closes__gte=today,
            )
            .count()
        )
        return [TodoItem(_("待评分的候选人"), count, reverse("selection:my-reviews"), order=20)]
    waiting = {
        Role.TALENT_OFFICE: (NominationState.SUBMITTED, _("待形式审查的遴选推荐")),
        Role.UNIT: (NominationState.RETURNED, _("被退回待修改的遴选推荐")),
    }.get(user.role)
    if waiting is None:
        return []
    state, label = waiting
    count = visible_nominations(user).filter(state=state).count()
    return [TodoItem(label, count, f"{reverse('selection:nomination-list')}?state={state}", order=20)]
