from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.core.navigation import TodoItem
from yingcai.selection.domain.queries import assignments_of, visible_nominations
from yingcai.selection.enums import IN_REVIEW_STATES, AssignmentState, NominationState


def expert_items(user, today) -> list[TodoItem]:
    """An expert's pending assignments, one item per round with its count and a link to that round
    on 我的评审: rounds whose scoring is open today first (urgent in their last three days), then
    rounds whose scoring has not opened yet (the materials can already be read)."""
    rows = (
        assignments_of(user)
        .filter(
            state=AssignmentState.ASSIGNED,
            nomination__state__in=IN_REVIEW_STATES,
            nomination__round__scoring_closes__gte=today,
        )
        .values(
            "nomination__round_id",
            "nomination__round__name",
            "nomination__round__scoring_opens",
            "nomination__round__scoring_closes",
        )
        .annotate(count=Count("pk"))
        .order_by("nomination__round__scoring_closes", "nomination__round_id")
    )
    items = []
    url = reverse("selection:my-reviews")
    for position, row in enumerate(rows):
        opens, closes = row["nomination__round__scoring_opens"], row["nomination__round__scoring_closes"]
        values = {"round": row["nomination__round__name"], "start": opens.isoformat(), "end": closes.isoformat()}
        if opens <= today:
            label = _("%(round)s：待评分的候选人（%(end)s截止）") % values
            urgent = (closes - today).days < 3
        else:
            label = _("%(round)s：已分配的候选人（%(start)s开始评分，可先阅读材料）") % values
            urgent = False
        items.append(
            TodoItem(
                label,
                row["count"],
                f"{url}#round-{row['nomination__round_id']}",
                urgent=urgent,
                order=20 + min(position, 9) if opens <= today else 30,
            )
        )
    return items


def items(user, today) -> list[TodoItem]:
    if user.role == Role.EXPERT:
        return expert_items(user, today)
    waiting = {
        Role.TALENT_OFFICE: (NominationState.SUBMITTED, _("待形式审查的遴选推荐")),
        Role.UNIT: (NominationState.RETURNED, _("被退回待修改的遴选推荐")),
    }.get(user.role)
    if waiting is None:
        return []
    state, label = waiting
    count = visible_nominations(user).filter(state=state).count()
    return [TodoItem(label, count, f"{reverse('selection:nomination-list')}?state={state}", order=20)]
