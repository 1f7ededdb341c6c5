from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.core.navigation import TodoItem
from yingcai.support.domain.queries import visible_entitlements, visible_instalments, visible_tasks
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState


def items(user, today) -> list[TodoItem]:
    found = []
    if user.role == Role.JURISDICTION:
        tasks = visible_tasks(user).filter(state=TaskState.OPEN, office_id=user.jurisdiction_id)
        overdue = tasks.overdue(today).count()
        url = reverse("support:tasks")
        found.append(TodoItem(_("已超期的待遇办理任务"), overdue, url, urgent=True, order=40))
        found.append(TodoItem(_("待办理的待遇任务"), tasks.count() - overdue, url, order=40))
    if user.role == Role.TALENT_OFFICE:
        due = visible_instalments(user).filter(
            state=InstalmentState.SCHEDULED, due_on__lte=today, entitlement__state=EntitlementState.ACTIVE
        )
        found.append(TodoItem(_("已到期待登记发放的待遇"), due.count(), reverse("support:payments"), urgent=True))
    if user.role in (Role.UNIT, Role.TALENT):
        waiting = visible_entitlements(user).filter(state=EntitlementState.AWAITING_CONFIRMATION)
        url = reverse("support:talent", args=[user.talent_id]) if user.role == Role.TALENT else reverse("support:list")
        found.append(TodoItem(_("待确认信息的人才待遇"), waiting.count(), url, order=40))
    return found
