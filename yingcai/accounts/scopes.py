"""Who sees what, declared once per model (issue 9).

A `Scope` says, for each role, which rows of one model a user of that role sees: a function of the
user giving a `Q`, `True` (every row) or `False` (none). From that one declaration come both the
queryset every list, export and API listing starts from (`visible_to(user)`) and the object
predicate the view permission is made of (`predicate`), so the two cannot drift apart; the parity
test (tests/accounts/test_scope_parity.py) holds every declared scope to that, role by role.

Accounts knows the roles and nothing above them: each app declares the scopes of its own models
in `<app>/scopes.py` and registers them here; its `rules.py` builds the view permission from it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import rules
from django.apps import apps
from django.db.models import Model, Q, QuerySet

from yingcai.accounts.enums import Role

Condition = Q | bool
"""A `Q` on the model, `True` for every row, `False` for none."""


@dataclass
class Scope:
    """The rows of `model` ("app_label.Model") each role sees; `permission` is the view permission
    built from it. A role not in `roles` sees `others` (nothing unless said), an anonymous visitor
    `anonymous` (nothing unless said). `checks` may give, for a role, the same rule tested on an object in
    memory (no query) where a page or a list checks many objects; the parity test holds it to the
    queryset."""

    model: str
    permission: str
    roles: Mapping[Role, Callable[[Any], Condition]]
    anonymous: Condition = False
    others: Condition = False
    checks: Mapping[Role, Callable[[Any, Any], bool]] = field(default_factory=dict)

    def __post_init__(self):
        self.predicate = rules.predicate(self.contains, name=f"in_scope_of_{self.permission}")

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def condition(self, user) -> Condition:
        if user is None or not user.is_authenticated:
            return self.anonymous
        rule = self.roles.get(user.role)
        return self.others if rule is None else rule(user)

    def visible_to(self, user) -> QuerySet:
        rows = self.model_class()._default_manager.all()
        condition = self.condition(user)
        if condition is True:
            return rows
        if condition is False:
            return rows.none()
        return rows.filter(condition)

    def contains(self, user, obj) -> bool:
        """Whether `obj` is among the rows `user` sees."""
        if obj is None or obj.pk is None:
            return False
        if user is not None and user.is_authenticated and user.role in self.checks:
            return bool(self.checks[user.role](user, obj))
        condition = self.condition(user)
        if isinstance(condition, bool):
            return condition
        return self.visible_to(user).filter(pk=obj.pk).exists()


_SCOPES: dict[str, Scope] = {}


def register(scope: Scope) -> Scope:
    """Declare `scope` (once per permission) and give it back, for the app's rules and queries."""
    if scope.permission in _SCOPES and _SCOPES[scope.permission] is not scope:
        raise ValueError(f"{scope.permission} already has a scope")
    _SCOPES[scope.permission] = scope
    return scope


def declared_scopes() -> list[Scope]:
    return list(_SCOPES.values())


def scope_of(permission: str) -> Scope:
    return _SCOPES[permission]
