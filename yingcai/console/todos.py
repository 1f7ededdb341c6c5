"""待办: what waits for this user's action, on the home page.

Like the navigation, each app that has work for people contributes a `todo.py` module with a
function `items(user, today)` returning `TodoItem`s (only those with something to do); the console
only collects and orders them. Counts come from the same scoped queries as the lists they link to.
"""

import datetime
from importlib import import_module

from django.apps import apps

from yingcai.core.navigation import TodoItem


def todo_items(user, today: datetime.date) -> list[TodoItem]:
    found: list[TodoItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("yingcai."):
            continue
        try:
            module = import_module(f"{config.name}.todo")
        except ModuleNotFoundError:
            continue
        found.extend(item for item in module.items(user, today) if item.count)
    return sorted(found, key=lambda item: (not item.urgent, item.order, item.label))
