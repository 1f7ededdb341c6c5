"""The left-hand navigation, grouped by area of the policy.

Each app that has pages contributes its entries in a `navigation.py` module with a function
`entries(user)` returning `NavEntry` items for what that user may open; the console only orders them.
"""

from importlib import import_module

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.core.navigation import NavEntry

# Groups in the order the sidebar shows them.
GROUPS = {
    "workbench": _("工作台"),
    "registry": _("人才与单位"),
    "introduction": _("人才引进"),
    "selection": _("人才遴选"),
    "certification": _("认定与待遇"),
    "policy": _("政策"),
    "system": _("系统管理"),
}


def _entries(user) -> list[NavEntry]:
    found: list[NavEntry] = [NavEntry("workbench", _("首页"), reverse("home"), "home", 0)]
    for config in apps.get_app_configs():
        if not config.name.startswith("yingcai."):
            continue
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError:
            continue
        found.extend(module.entries(user))
    return found


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries = _entries(user)
    groups = []
    for key, title in GROUPS.items():
        items = sorted((e for e in entries if e.group == key), key=lambda e: e.order)
        if items:
            groups.append((title, [{"label": e.label, "url": e.url, "key": e.key} for e in items]))
    return {"nav_groups": groups}
