from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    if user.has_perm("workdays.view_calendar"):
        return [NavEntry("policy", _("工作日历"), reverse("workdays:years"), "workdays", 29)]
    return []
