"""The expert pool (专家库): the talent office adds experts, edits them and takes them out of the pool.

Every expert signs in with an account of role ``expert``: adding an expert either creates that
account (a username and an initial password the office hands over) or links an existing expert
account that has no expert profile yet. Taking an expert out of the pool (``is_active=False``) stops
new assignments; their current ones stay until the office withdraws them from a round.
"""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.registry.domain.editing import assign, audit_diff, clear_snapshot
from yingcai.selection.domain.conflicts import match_registered_unit
from yingcai.selection.models import Expert

EXPERT_FIELDS = ["name", "employer", "employer_name", "talent", "fields", "chains", "title", "is_active"]


def _require(by) -> None:
    if not by.has_perm("selection.manage_experts"):
        raise PermissionDenied(_("只有市委人才办可以管理专家库。"))


def link_typed_employer(expert: Expert) -> None:
    """An employer typed as text that names a registered unit (same name or credit code) is linked
    to that unit, so 回避 sees it whatever way it was entered (`domain.conflicts`)."""
    if expert.employer_id is None and expert.employer_name.strip():
        unit = match_registered_unit(expert.employer_name)
        if unit is not None:
            expert.employer = unit


def _check(expert: Expert, data: dict[str, Any]) -> None:
    if not (expert.employer_id or expert.employer_name.strip()):
        raise ValidationError({"employer_name": _("请填写专家的工作单位（回避同单位候选人时据此判断）。")})
    if expert.talent_id and Expert.objects.filter(talent_id=expert.talent_id).exclude(pk=expert.pk).exists():
        raise ValidationError({"talent": _("该人才档案已关联其他专家。")})
    if not data.get("fields") and not data.get("chains") and not expert.pk:
        raise ValidationError({"fields": _("请至少选择一个专业领域或熟悉的产业链，否则无法匹配候选人。")})


def _account(data: dict[str, Any], name: str) -> User:
    existing = data.get("user")
    if existing is not None:
        if existing.role != Role.EXPERT:
            raise ValidationError({"user": _("只能关联角色为“评审专家”的账号。")})
        if Expert.objects.filter(user=existing).exists():
            raise ValidationError({"user": _("该账号已关联其他专家。")})
        return existing
    username = (data.get("username") or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写登录账号，或选择已有的专家账号。")})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("登录账号“%(name)s”已被使用。") % {"name": username}})
    user = User(username=username, full_name=name, role=Role.EXPERT, email=(data.get("email") or "").strip())
    password = data.get("initial_password") or ""
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"initial_password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def create_expert(*, by, data: dict[str, Any]) -> Expert:
    """Add an expert to the pool with a new or an existing expert account (see the module doc)."""
    _require(by)
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写专家姓名。")})
    with transaction.atomic():
        user = _account(data, name)
        expert = Expert(user=user)
        many = assign(expert, {**data, "name": name}, EXPERT_FIELDS)
        link_typed_employer(expert)
        _check(expert, data)
        expert.save()
        for field_name, values in many.items():
            getattr(expert, field_name).set(values)
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=expert,
            changes={**clear_snapshot(expert, EXPERT_FIELDS), "account": user.username},
        )
    return expert


def update_expert(*, by, expert: Expert, data: dict[str, Any]) -> Expert:
    """Edit an expert of the pool (also how an expert is taken out: ``is_active=False``)."""
    _require(by)
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        before = clear_snapshot(expert, EXPERT_FIELDS)
        many = assign(expert, data, EXPERT_FIELDS)
        link_typed_employer(expert)
        _check(expert, {"fields": True, **data})
        expert.save()
        for field_name, values in many.items():
            getattr(expert, field_name).set(values)
        if "name" in data and expert.user.full_name != expert.name:
            expert.user.full_name = expert.name
            expert.user.save(update_fields=["full_name"])
        changes = audit_diff(before, clear_snapshot(expert, EXPERT_FIELDS))
        if changes:
            record(actor=by, action=AuditAction.UPDATE, target=expert, changes=changes, reason=data.get("reason", ""))
    return expert


def set_expert_active(*, by, expert: Expert, active: bool, reason: str = "") -> Expert:
    """Take an expert out of the pool (or back in). Taking out needs a reason."""
    if not active and not (reason or "").strip():
        raise ValidationError({"reason": _("请说明专家出库的原因。")})
    return update_expert(by=by, expert=expert, data={"is_active": active, "reason": (reason or "").strip()})
