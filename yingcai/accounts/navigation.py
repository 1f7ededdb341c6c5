from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.console.context_processors import NavEntry


def entries(user) -> list[NavEntry]:
    found = []
    if user.has_perm("accounts.unlock_account"):
        found.append(NavEntry("system", _("账号锁定与双因素"), reverse("account-security"), "account-security", 20))
    return found
