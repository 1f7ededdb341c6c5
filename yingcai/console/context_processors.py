from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict:
    """The left-hand navigation, grouped by area of the policy, showing only what the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    groups = [
        (_("工作台"), [(_("首页"), reverse("home"), "home", True)]),
        (
            _("人才与单位"),
            [
                (_("人才库"), reverse("registry:talent-list"), "talent", user.has_perm("registry.list_talents")),
                (_("用人单位"), reverse("registry:unit-list"), "unit", user.has_perm("registry.list_units")),
            ],
        ),
        (
            _("系统管理"),
            [
                (_("审计日志"), reverse("audit:log"), "audit", user.has_perm("audit.view_log")),
                (_("参考数据维护"), reverse("admin:app_list", args=["registry"]), "reference", user.is_staff),
            ],
        ),
    ]
    visible = [
        (title, [{"label": label, "url": url, "key": key} for label, url, key, allowed in items if allowed])
        for title, items in groups
    ]
    return {"nav_groups": [(title, items) for title, items in visible if items]}
