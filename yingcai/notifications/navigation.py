from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.rules import holds_business_role
from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    if not holds_business_role(user):
        return []
    return [NavEntry("workbench", _("消息通知"), reverse("notifications:list"), "notifications", 5)]
