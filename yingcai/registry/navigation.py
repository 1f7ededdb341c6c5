from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.has_perm("registry.list_talents"):
        result.append(NavEntry("registry", _("人才库"), reverse("registry:talent-list"), "talent", 10))
    if user.has_perm("registry.list_units"):
        result.append(NavEntry("registry", _("用人单位"), reverse("registry:unit-list"), "unit", 20))
    if user.has_perm("registry.list_profile_changes"):
        result.append(
            NavEntry("registry", _("信息变更确认"), reverse("registry:profile-change-list"), "profile-change", 25)
        )
    if user.has_perm("accounts.maintain_reference_data"):
        result.append(NavEntry("system", _("参考数据维护"), reverse("registry:reference"), "reference", 90))
    return result
