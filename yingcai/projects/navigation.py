from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    if not user.has_perm("projects.list"):
        return []
    return [NavEntry("selection", _("领军人才项目"), reverse("projects:list"), "projects", 90)]
