from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    if not user.has_perm("publicity.manage"):
        return []
    return [NavEntry("selection", _("公示管理"), reverse("publicity:office-list"), "publicity", 80)]
