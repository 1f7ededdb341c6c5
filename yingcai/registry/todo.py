"""待办 of the registry: talents' own profile changes waiting for the unit (or the office) to confirm."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.core.navigation import TodoItem
from yingcai.registry.domain.profile_changes import visible_profile_changes
from yingcai.registry.enums import ProfileChangeState


def items(user, today) -> list[TodoItem]:
    if not user.has_perm("registry.list_profile_changes"):
        return []
    count = visible_profile_changes(user).filter(state=ProfileChangeState.PENDING).count()
    if not count:
        return []
    return [TodoItem(_("待确认的人才信息变更"), count, reverse("registry:profile-change-list"), order=30)]
