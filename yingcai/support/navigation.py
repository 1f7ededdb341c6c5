from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.role == Role.TALENT and user.talent_id:
        result.append(
            NavEntry("certification", _("我的待遇"), reverse("support:talent", args=[user.talent_id]), "support", 40)
        )
    elif user.has_perm("support.list"):
        result.append(NavEntry("certification", _("待遇兑现"), reverse("support:list"), "support", 40))
    if user.has_perm("support.list_tasks"):
        result.append(NavEntry("certification", _("待办任务"), reverse("support:tasks"), "support-tasks", 41))
    if user.has_perm("support.pay"):
        result.append(NavEntry("certification", _("发放登记"), reverse("support:payments"), "support-payments", 42))
    if user.has_perm("support.totals"):
        result.append(NavEntry("certification", _("资金统计"), reverse("support:totals"), "support-totals", 43))
    return result
