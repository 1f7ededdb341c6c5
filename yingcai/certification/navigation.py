from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.has_perm("certification.list"):
        result.append(NavEntry("certification", _("人才认定"), reverse("certification:list"), "certification", 10))
    if user.has_perm("certification.manage_publicity"):
        result.append(
            NavEntry("certification", _("认定公示"), reverse("certification:publicity"), "certification-publicity", 15)
        )
    if user.has_perm("certification.statistics"):
        result.append(
            NavEntry(
                "certification", _("认定统计"), reverse("certification:statistics"), "certification-statistics", 20
            )
        )
    return result
