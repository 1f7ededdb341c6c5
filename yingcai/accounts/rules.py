"""Predicates of the three administrators (三员分立). Each is a role of its own; permissions that
belong to them are composed from these in the app that owns the object, except those of the apps
below accounts (the audit log), which are registered here."""

import rules

from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role


@rules.predicate
def is_talent_office(user) -> bool:
    return user.is_authenticated and user.role == Role.TALENT_OFFICE


@rules.predicate
def is_system_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.SYSTEM_ADMIN


@rules.predicate
def is_security_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.SECURITY_ADMIN


@rules.predicate
def is_audit_admin(user) -> bool:
    return user.is_authenticated and user.role == Role.AUDIT_ADMIN


# The business roles, each with the scope its account is linked to (SPEC.md). The apps compose
# their permissions from these rather than comparing `user.role` themselves.
@rules.predicate
def is_jurisdiction_staff(user) -> bool:
    """A county's or a line department's staff, linked to it."""
    return user.is_authenticated and user.role == Role.JURISDICTION and user.jurisdiction_id is not None


@rules.predicate
def is_unit_staff(user) -> bool:
    return user.is_authenticated and user.role == Role.UNIT and user.unit_id is not None


@rules.predicate
def is_talent_account(user) -> bool:
    """A talent's own account (linked to their record or not yet)."""
    return user.is_authenticated and user.role == Role.TALENT


@rules.predicate
def is_talent_user(user) -> bool:
    """A talent's own account, linked to their record in the registry."""
    return is_talent_account(user) and user.talent_id is not None


@rules.predicate
def is_expert(user) -> bool:
    return user.is_authenticated and user.role == Role.EXPERT


@rules.predicate
def holds_business_role(user) -> bool:
    """Any signed-in role but the three administrators."""
    return user.is_authenticated and user.role not in ADMINISTRATOR_ROLES


# The system administrator keeps the accounts (roles and scopes) and the reference data.
rules.add_perm("accounts.manage_accounts", is_system_admin)
rules.add_perm("accounts.maintain_reference_data", is_system_admin)
# The security administrator keeps password and session policy and sees who is signed in.
rules.add_perm("accounts.view_security_policy", is_security_admin)
rules.add_perm("accounts.manage_sessions", is_security_admin)
# Every signed-in user sees and ends their own sessions.
rules.add_perm("accounts.view_own_sessions", rules.is_authenticated)
# The security administrator keeps lockouts and second factors (三员分立).
rules.add_perm("accounts.unlock_account", is_security_admin)
rules.add_perm("accounts.reset_otp", is_security_admin)
# The audit log belongs to the audit administrator (三员分立): reading, exporting, verifying and
# archiving it. Registered here because the audit app sits below accounts and knows no roles;
# per-record history on business pages (`history_of`) follows the record's own rules.
rules.add_perm("audit.view_log", is_audit_admin)
rules.add_perm("audit.export_log", is_audit_admin)
rules.add_perm("audit.verify_log", is_audit_admin)
rules.add_perm("audit.archive_log", is_audit_admin)
