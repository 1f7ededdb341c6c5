"""The system administrator's work on accounts: create (with a generated initial password shown
once), change role and scope, deactivate and reactivate, reset a password. Nobody administers their
own account, nobody grants an administrator role or superuser status from inside the platform; the
three administrators are created at installation (`manage.py create_administrators`).

The scope of an account is a registry record (`jurisdiction`, `unit`, `talent`: the foreign keys of
User), typed here as a plain Model: accounts is the bottom layer and never imports the registry."""

import secrets
import string

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts import passwords
from yingcai.accounts.domain.sessions import end_all_sessions
from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role
from yingcai.accounts.models import User
from yingcai.accounts.rules import is_system_admin
from yingcai.audit.domain import diff, record, snapshot
from yingcai.audit.models import AuditAction

# What the audit log keeps of an account (never the password hash).
AUDITED_FIELDS = ["username", "full_name", "email", "role", "jurisdiction", "unit", "talent", "is_active"]
ROLE_FIELDS = {"role", "jurisdiction", "unit", "talent"}
SCOPE_OF_ROLE = {Role.JURISDICTION: "jurisdiction", Role.UNIT: "unit", Role.TALENT: "talent"}
BUSINESS_ROLES = [role for role in Role if role not in ADMINISTRATOR_ROLES]
PASSWORD_LENGTH = 16
_SYMBOLS = "!@#$%^&*-_=+?"


def generate_password() -> str:
    """A random password with upper and lower case letters, digits and symbols (shown once)."""
    classes = [string.ascii_uppercase, string.ascii_lowercase, string.digits, _SYMBOLS]
    alphabet = "".join(classes)
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(PASSWORD_LENGTH))
        if all(any(c in group for c in password) for group in classes):
            return password


def _require_system_admin(actor) -> None:
    if not is_system_admin(actor) or not actor.is_active:
        raise PermissionDenied(_("只有系统管理员可以管理账号。"))


def _require_manageable(actor, account: User) -> None:
    """Nobody administers their own account; administrator accounts are kept by the installation
    command, so the system administrator cannot make, remake or silence the other two."""
    _require_system_admin(actor)
    if account.pk == actor.pk:
        raise PermissionDenied(_("不能管理自己的账号（角色、范围、状态和密码须由他人维护）。"))
    if account.role in ADMINISTRATOR_ROLES:
        raise PermissionDenied(_("管理员账号只能在安装时由命令 create_administrators 创建和维护。"))


def _check_role_and_scope(
    *, role: str, jurisdiction: Model | None, unit: Model | None, talent: Model | None, account: User | None
) -> dict:
    """The role must be a business role; its scope must be given, and nothing else."""
    if role not in Role.values:
        raise ValidationError({"role": _("角色无效。")})
    if role in ADMINISTRATOR_ROLES:
        raise ValidationError({"role": _("不能在平台内授予管理员角色（三员分立）：管理员账号只能在安装时创建。")})
    scope = {"jurisdiction": jurisdiction, "unit": unit, "talent": talent}
    needed = SCOPE_OF_ROLE.get(role)
    if needed and scope[needed] is None:
        labels = {"jurisdiction": _("所属县区/主管部门"), "unit": _("所属单位"), "talent": _("本人人才档案")}
        raise ValidationError({needed: _("该角色必须指定%(field)s。") % {"field": labels[needed]}})
    if talent is not None and needed == "talent":
        taken = User.objects.filter(talent=talent).exclude(pk=account.pk if account else None)
        if taken.exists():
            raise ValidationError({"talent": _("该人才档案已关联其他账号。")})
    return {name: (value if name == needed else None) for name, value in scope.items()}


@transaction.atomic
def create_account(
    *,
    actor,
    username: str,
    full_name: str,
    role: str,
    email: str = "",
    jurisdiction: Model | None = None,
    unit: Model | None = None,
    talent: Model | None = None,
) -> tuple[User, str]:
    """A new account with a business role; returns it and its generated initial password."""
    _require_system_admin(actor)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写登录名。")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("登录名“%(name)s”已被使用。") % {"name": username}})
    scope = _check_role_and_scope(role=role, jurisdiction=jurisdiction, unit=unit, talent=talent, account=None)
    account = User(username=username, full_name=full_name.strip(), email=email.strip(), role=role, **scope)
    account.is_superuser = account.is_staff = False
    account.full_clean(exclude=["password"])
    password = generate_password()
    password_validation.validate_password(password, account)
    account.set_password(password)
    # The generated password is shown once to the system administrator: the first login changes it.
    account.must_change_password = True
    account.password_changed_at = timezone.now()
    account.save()
    record(actor=actor, action=AuditAction.CREATE, target=account, changes=snapshot(account, AUDITED_FIELDS))
    return account, password


@transaction.atomic
def update_account(
    *,
    actor,
    account: User,
    full_name: str,
    email: str,
    role: str,
    jurisdiction: Model | None = None,
    unit: Model | None = None,
    talent: Model | None = None,
    reason: str = "",
) -> User:
    """Change name, e-mail, role and scope. A role or scope change is a ROLE_CHANGE in the log."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _require_manageable(actor, account)
    scope = _check_role_and_scope(role=role, jurisdiction=jurisdiction, unit=unit, talent=talent, account=account)
    before = snapshot(account, AUDITED_FIELDS)
    account.full_name, account.email, account.role = full_name.strip(), email.strip(), role
    for name, value in scope.items():
        setattr(account, name, value)
    account.full_clean(exclude=["password"])
    account.save()
    changes = diff(before, snapshot(account, AUDITED_FIELDS))
    role_changes = {k: v for k, v in changes.items() if k in ROLE_FIELDS}
    other_changes = {k: v for k, v in changes.items() if k not in ROLE_FIELDS}
    if role_changes:
        record(actor=actor, action=AuditAction.ROLE_CHANGE, target=account, changes=role_changes, reason=reason)
    if other_changes:
        record(actor=actor, action=AuditAction.UPDATE, target=account, changes=other_changes, reason=reason)
    return account


@transaction.atomic
def set_account_active(*, actor, account: User, active: bool, reason: str) -> User:
    """Deactivate (signs the account out everywhere) or reactivate an account; a reason is required."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _require_manageable(actor, account)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写停用或启用的原因。")})
    if account.is_active == active:
        return account
    account.is_active = active
    account.save(update_fields=["is_active"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=account,
        changes={"is_active": [not active, active]},
        reason=reason.strip(),
    )
    if not active:
        end_all_sessions(actor=actor, account=account, reason=_("账号已停用"))
    return account


def deactivate_account(*, actor, account: User, reason: str) -> User:
    return set_account_active(actor=actor, account=account, active=False, reason=reason)


def reactivate_account(*, actor, account: User, reason: str) -> User:
    return set_account_active(actor=actor, account=account, active=True, reason=reason)


@transaction.atomic
def reset_password(*, actor, account: User, reason: str = "") -> str:
    """A new generated password, shown once to the system administrator; the account's sessions end."""
    account = User.objects.select_for_update().get(pk=account.pk)
    _require_manageable(actor, account)
    password = generate_password()
    # The generated password is a temporary one: the next login must change it.
    passwords.set_password(
        actor=actor,
        user=account,
        password=password,
        action=AuditAction.PASSWORD_RESET,
        force_change=True,
        reason=reason,
    )
    end_all_sessions(actor=actor, account=account, reason=_("密码已重置"))
    return password


@transaction.atomic
def create_administrator(*, role: str, username: str, full_name: str, password: str | None = None) -> tuple[User, str]:
    """One of the three administrators, made at installation by the server's operator (no actor in
    the platform can do it). Refused if an active account already holds that role."""
    if role not in ADMINISTRATOR_ROLES:
        raise ValidationError({"role": _("只能创建系统管理员、安全管理员或审计管理员。")})
    if User.objects.filter(role=role, is_active=True).exists():
        raise ValidationError({"role": _("已有在用的%(role)s账号。") % {"role": Role(role).label}})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("登录名“%(name)s”已被使用。") % {"name": username}})
    account = User(username=username, full_name=full_name, role=role, is_superuser=False, is_staff=False)
    account.full_clean(exclude=["password"])
    generated = not password
    password = password or generate_password()
    password_validation.validate_password(password, account)
    account.set_password(password)
    # A generated password is printed once at installation: the first login changes it.
    account.must_change_password = generated
    account.password_changed_at = timezone.now()
    account.save()
    record(
        actor=None,
        action=AuditAction.CREATE,
        target=account,
        changes=snapshot(account, AUDITED_FIELDS),
        reason=_("安装时创建管理员账号"),
    )
    return account, password
