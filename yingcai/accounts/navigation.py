from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.has_perm("accounts.manage_accounts"):
        result.append(NavEntry("system", _("账号管理"), reverse("accounts:list"), "accounts", 20))
    if user.has_perm("accounts.manage_sessions"):
        result.append(NavEntry("system", _("在线用户"), reverse("accounts:signed-in"), "signed-in", 30))
    if user.has_perm("accounts.view_security_policy"):
        result.append(NavEntry("system", _("安全策略"), reverse("accounts:security-policy"), "security-policy", 40))
    if user.has_perm("accounts.view_own_sessions"):
        result.append(NavEntry("workbench", _("我的登录会话"), reverse("accounts:my-sessions"), "my-sessions", 90))
    if user.has_perm("accounts.unlock_account"):
        result.append(NavEntry("system", _("账号锁定与双因素"), reverse("account-security"), "account-security", 35))
    return result
