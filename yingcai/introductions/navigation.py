from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.has_perm("introductions.list"):
        result.append(NavEntry("introduction", _("引进记录"), reverse("introductions:list"), "introduction", 10))
        result.append(
            NavEntry(
                "introduction", _("柔性人才在岗预警"), reverse("introductions:at-risk"), "introduction-at-risk", 20
            )
        )
    if user.has_perm("introductions.manage_channels"):
        result.append(NavEntry("introduction", _("引才渠道"), reverse("introductions:channels"), "channel", 30))
    return result
