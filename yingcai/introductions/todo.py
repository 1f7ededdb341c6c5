from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.core.navigation import TodoItem
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.enums import IntroductionState as S

# The state each role acts on in the introduction review chain (workflow.py).
_WAITING = {
    Role.JURISDICTION: (S.SUBMITTED, _("待审核的引进记录")),
    Role.TALENT_OFFICE: (S.COUNTY_APPROVED, _("待确认的引进记录")),
    Role.UNIT: (S.RETURNED, _("被退回待修改的引进记录")),
}


def items(user, today) -> list[TodoItem]:
    if user.role not in _WAITING:
        return []
    state, label = _WAITING[user.role]
    count = visible_introductions(user).filter(state=state).count()
    return [TodoItem(str(label), count, f"{reverse('introductions:list')}?state={state}", order=10)]
