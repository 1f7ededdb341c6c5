from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.certification.domain.queries import visible_certifications
from yingcai.certification.enums import CertificationState as S
from yingcai.core.navigation import TodoItem

_WAITING = {
    Role.JURISDICTION: ((S.SUBMITTED, _("待审核的人才认定申请")),),
    Role.TALENT_OFFICE: (
        (S.COUNTY_APPROVED, _("待审定的人才认定申请")),
        (S.OFFICE_APPROVED, _("待发布公示的拟认定人员")),
    ),
    Role.UNIT: ((S.RETURNED, _("被退回待修改的认定申请")),),
}


def items(user, today) -> list[TodoItem]:
    found = []
    for state, label in _WAITING.get(user.role, ()):
        count = visible_certifications(user).filter(state=state).count()
        found.append(TodoItem(str(label), count, f"{reverse('certification:list')}?state={state}", order=30))
    return found
