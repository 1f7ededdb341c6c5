"""Predicates of the three administrators (三员分立). Each is a role of its own; permissions that
belong to them are composed from these in the app that owns the object."""

import rules

from yingcai.accounts.enums import Role


@rules.predicate
def is_system_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.SYSTEM_ADMIN


@rules.predicate
def is_security_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.SECURITY_ADMIN


@rules.predicate
def is_audit_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.AUDIT_ADMIN


# The security administrator keeps lockouts and second factors (三员分立).
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm("accounts.reset_otp", is_security_admin)
