"""Creating, changing and removing employing units."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_jurisdiction_staff, is_unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.registry.domain.editing import assign, audit_diff, audit_snapshot, clear_snapshot, lock_for_edit
from yingcai.registry.domain.errors import DuplicateRecordError
from yingcai.registry.models import Unit
from yingcai.registry.validators import normalize_credit_code

UNIT_FIELDS = [
    "name",
    "credit_code",
    "kind",
    "county",
    "department",
    "clusters",
    "chains",
    "tech_fields",
    "address",
    "contact_name",
    "contact_phone",
    "founded_on",
    "dissolved_on",
    "is_active",
]
# A unit's own staff keep its profile current but cannot move it to another jurisdiction or
# change the identity it was registered under.
FIELDS_UNIT_STAFF_MAY_NOT_CHANGE = {"credit_code", "county", "department", "is_active"}


def editable_unit_fields(user) -> list[str]:
    if is_unit_staff(user):
        return [f for f in UNIT_FIELDS if f not in FIELDS_UNIT_STAFF_MAY_NOT_CHANGE]
    return list(UNIT_FIELDS)


def create_unit(*, by, data: dict[str, Any]) -> Unit:
    if not by.has_perm("registry.add_unit"):
        raise PermissionDenied(_("您无权新增用人单位。"))
    unit = Unit()
    with transaction.atomic():
        many = _apply(unit, data, UNIT_FIELDS)
        _check_jurisdiction(by, unit)
        _save_unique(unit)
        for name, value in many.items():
            getattr(unit, name).set(value)
        record(actor=by, action=AuditAction.CREATE, target=unit, changes=audit_snapshot(unit, UNIT_FIELDS))
    return unit


def update_unit(*, by, unit: Unit, data: dict[str, Any], version: int | None, reason: str = "") -> Unit:
    if not by.has_perm("registry.change_unit", unit):
        raise PermissionDenied(_("您无权修改该单位。"))
    fields = editable_unit_fields(by)
    forbidden = set(data) & (set(UNIT_FIELDS) - set(fields))
    if forbidden:
        raise PermissionDenied(_("您无权修改以下字段：%(fields)s") % {"fields": "、".join(sorted(forbidden))})
    with transaction.atomic():
        unit = lock_for_edit(Unit, unit.pk, version)
        before = clear_snapshot(unit, UNIT_FIELDS)
        many = _apply(unit, data, fields)
        _check_jurisdiction(by, unit)
        unit.version += 1
        _save_unique(unit)
        for name, value in many.items():
            getattr(unit, name).set(value)
        changes = audit_diff(before, clear_snapshot(unit, UNIT_FIELDS))
        record(actor=by, action=AuditAction.UPDATE, target=unit, changes=changes, reason=reason)
    return unit


def delete_unit(*, by, unit: Unit, reason: str) -> None:
    if not by.has_perm("registry.delete_unit", unit):
        raise PermissionDenied(_("您无权删除该单位。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写删除原因。")})
    with transaction.atomic():
        record(
            actor=by, action=AuditAction.DELETE, target=unit, changes=audit_snapshot(unit, UNIT_FIELDS), reason=reason
        )
        try:
            with transaction.atomic():
                unit.delete()
        except ProtectedError:
            raise ValidationError(
                _("该单位仍有关联的人才或账号，不能删除；可将其设为无效。"), code="protected"
            ) from None


def _apply(unit: Unit, data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    if "credit_code" in data:
        data = {**data, "credit_code": normalize_credit_code(data["credit_code"])}
    many = assign(unit, data, fields)
    unit.full_clean(validate_unique=False)
    return many


def _check_jurisdiction(by, unit: Unit) -> None:
    """County and department staff keep units inside their own jurisdiction."""
    if is_jurisdiction_staff(by) and by.jurisdiction_id not in (unit.county_id, unit.department_id):
        raise ValidationError({"county": _("只能登记本辖区（本部门主管）的单位。")})


def _save_unique(unit: Unit) -> None:
    existing = Unit.objects.filter(credit_code=unit.credit_code).exclude(pk=unit.pk).first()
    if existing is not None:
        raise DuplicateRecordError("credit_code", _("该统一社会信用代码已登记。"), existing)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # a concurrent registration of the same code won the race
        existing = Unit.objects.get(credit_code=unit.credit_code)
        raise DuplicateRecordError("credit_code", _("该统一社会信用代码已登记。"), existing) from None
