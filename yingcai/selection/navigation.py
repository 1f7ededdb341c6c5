from contextlib import suppress

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    result = []
    if user.has_perm("selection.view_rounds"):
        result.append(NavEntry("selection", _("遴选批次"), reverse("selection:round-list"), "selection-rounds", 10))
    if user.has_perm("selection.list_nominations"):
        result.append(
            NavEntry("selection", _("推荐申报"), reverse("selection:nomination-list"), "selection-nominations", 20)
        )
    if user.has_perm("selection.manage_experts"):
        result.append(NavEntry("selection", _("专家库"), reverse("selection:expert-list"), "selection-experts", 30))
    if user.role == Role.EXPERT:
        # The expert pages are their own module's; the menu must not break while they are missing.
        with suppress(NoReverseMatch):
            result.append(NavEntry("selection", _("我的评审"), reverse("selection:my-reviews"), "my-reviews", 40))
    return result
