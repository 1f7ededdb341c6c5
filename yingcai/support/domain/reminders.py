"""The weekly reminders of support (第十三条): what is due and not yet done, to whoever must act.

- each responsible office: its open decision tasks that are overdue or due within the week;
- the talent office: instalments whose due date has come and that are not yet paid;
- each talent: entitlements still waiting for what only they can confirm.
"""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import jurisdiction_staff, talent_accounts, talent_office_staff
from yingcai.notifications.domain import notify
from yingcai.support.domain.entitlements import NOTIFY_KIND, support_url
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment

TASK_HORIZON_DAYS = 7


def send_support_reminders(*, today: datetime.date) -> int:
    """Send the reminders; returns how many notifications went out. A weekly job: run again in the
    same ISO week, it reminds nobody a second time."""
    year, week, _day = today.isocalendar()
    week_key = f"{year}-W{week:02d}"
    sent = 0
    tasks_by_office: dict[int, list[DecisionTask]] = defaultdict(list)
    for task in DecisionTask.objects.filter(
        state=TaskState.OPEN, office__isnull=False, due_on__lte=today + datetime.timedelta(days=TASK_HORIZON_DAYS)
    ).select_related("entitlement"):
        tasks_by_office[task.office_id].append(task)
    for office_id, tasks in tasks_by_office.items():
        overdue = sum(task.is_overdue_on(today) for task in tasks)
        sent += len(
            notify(
                users=jurisdiction_staff(office_id),
                title=_("待遇办理任务提醒：%(n)s项待办，其中%(overdue)s项已超期")
                % {"n": len(tasks), "overdue": overdue},
                body="\n".join(
                    _("%(name)s，办理期限%(due)s") % {"name": task.entitlement.name, "due": task.due_on.isoformat()}
                    for task in sorted(tasks, key=lambda t: t.due_on)
                ),
                url=reverse("support:tasks"),
                kind=NOTIFY_KIND,
                once=f"support-tasks:{office_id}:{week_key}",
            )
        )
    due = Instalment.objects.filter(
        state=InstalmentState.SCHEDULED, due_on__lte=today, entitlement__state=EntitlementState.ACTIVE
    )
    count = due.count()
    if count:
        sent += len(
            notify(
                users=talent_office_staff(),
                title=_("待遇发放提醒：%(n)s期已到发放日期尚未登记发放") % {"n": count},
                body=_("请在“发放登记”中逐期登记发放日期、金额和凭证号。"),
                url=reverse("support:payments"),
                kind=NOTIFY_KIND,
                once=f"support-payments:{week_key}",
            )
        )
    waiting = Entitlement.objects.filter(state=EntitlementState.AWAITING_CONFIRMATION).values_list("talent_id", "name")
    names_by_talent: dict[int, list[str]] = defaultdict(list)
    for talent_id, name in waiting:
        names_by_talent[talent_id].append(name)
    for talent_id, names in names_by_talent.items():
        sent += len(
            notify(
                users=talent_accounts(talent_id),
                title=_("请确认待遇信息：%(names)s") % {"names": "、".join(names)},
                body=_("确认收款账户、子女或配偶信息后，相应待遇方可兑现。"),
                url=support_url(talent_id),
                kind=NOTIFY_KIND,
                once=f"support-confirm:{talent_id}:{week_key}",
            )
        )
    return sent
