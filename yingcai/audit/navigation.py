from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    if user.has_perm("audit.view_log"):
        return [NavEntry("system", _("审计日志"), reverse("audit:log"), "audit", 10)]
    return []
