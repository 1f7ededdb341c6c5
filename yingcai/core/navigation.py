"""What an app contributes to the console without importing it: its menu entries (`NavEntry`, from
its `navigation.py`) and its 待办 (`TodoItem`, from its `todo.py`). The console collects and orders
them; the apps stand on this floor, not on the console above them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    group: str
    label: str
    url: str
    key: str
    order: int = 50


@dataclass(frozen=True)
class TodoItem:
    label: str
    count: int
    url: str
    urgent: bool = False  # overdue or due now
    order: int = 50
