"""Creating, changing and removing talents, their links to units, and revealing personal data."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.accounts.rules import is_talent_office, is_unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.registry.domain.editing import assign, audit_diff, audit_snapshot, clear_snapshot, lock_for_edit
from yingcai.registry.domain.errors import DuplicateRecordError
from yingcai.registry.domain.names import pinyin_keys
from yingcai.registry.domain.queries import talents_with_id_number
from yingcai.registry.models import Affiliation, Talent, Unit
from yingcai.registry.validators import id_number_facts, normalize_id_number

TALENT_FIELDS = [
    "name",
    "id_number",
    "education",
    "title",
    "specialty",
    "tech_field",
    "chain",
    "has_overseas_experience",
    "overseas_note",
    "phone",
    "email",
]
AUDITED_FIELDS = [*TALENT_FIELDS, "gender", "birth_date"]


def create_talent(
    *, by, data: dict[str, Any], unit: Unit | None = None, position: str = "", start_date: datetime.date | None = None
) -> Talent:
    """Register a person; a unit's staff register them at their own unit."""
    if not by.has_perm("registry.add_talent"):
        raise PermissionDenied(_("您无权新增人才。"))
    if is_unit_staff(by):
        unit = by.unit
    talent = Talent()
    with transaction.atomic():
        _apply(talent, data)
        _save_unique(talent)
        record(actor=by, action=AuditAction.CREATE, target=talent, changes=audit_snapshot(talent, AUDITED_FIELDS))
        if unit is not None:
            _link(by=by, talent=talent, unit=unit, position=position, start_date=start_date)
    return talent


def update_talent(*, by, talent: Talent, data: dict[str, Any], version: int | None, reason: str = "") -> Talent:
    if not by.has_perm("registry.change_talent", talent):
        raise PermissionDenied(_("您无权修改该人才信息。"))
    with transaction.atomic():
        talent = lock_for_edit(Talent, talent.pk, version)
        before = clear_snapshot(talent, AUDITED_FIELDS)
        _apply(talent, data)
        talent.version += 1
        _save_unique(talent)
        changes = audit_diff(before, clear_snapshot(talent, AUDITED_FIELDS))
        record(actor=by, action=AuditAction.UPDATE, target=talent, changes=changes, reason=reason)
    return talent


def delete_talent(*, by, talent: Talent, reason: str) -> None:
    if not by.has_perm("registry.delete_talent", talent):
        raise PermissionDenied(_("您无权删除该人才。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写删除原因。")})
    with transaction.atomic():
        record(
            actor=by,
            action=AuditAction.DELETE,
            target=talent,
            changes=audit_snapshot(talent, AUDITED_FIELDS),
            reason=reason,
        )
        talent.delete()


def link_talent_to_unit(
    *, by, talent: Talent, unit: Unit, position: str = "", start_date: datetime.date | None = None
) -> Affiliation:
    """Link a person already in the registry to a unit. Only the talent office may: a unit linking
    anyone it likes would thereby see their personal data."""
    if not is_talent_office(by):
        raise PermissionDenied(_("关联已登记人员到单位须由市委人才办办理。"))
    return _link(by=by, talent=talent, unit=unit, position=position, start_date=start_date)


def _link(*, by, talent: Talent, unit: Unit, position: str, start_date: datetime.date | None) -> Affiliation:
    if Affiliation.objects.filter(talent=talent, unit=unit, end_date__isnull=True).exists():
        raise ValidationError(_("该人才已在本单位任职。"), code="already_linked")
    affiliation = Affiliation(talent=talent, unit=unit, position=position, start_date=start_date)
    affiliation.full_clean()
    affiliation.save()
    record(
        actor=by,
        action=AuditAction.CREATE,
        target=talent,
        changes={"affiliation": [None, f"{unit.name} {position}".strip()]},
    )
    return affiliation


def end_affiliation(*, by, affiliation: Affiliation, end_date: datetime.date, reason: str) -> Affiliation:
    """The talent left the unit: the link is ended, never erased, so the history stays."""
    if not by.has_perm("registry.change_unit", affiliation.unit) or by.role not in (Role.TALENT_OFFICE, Role.UNIT):
        raise PermissionDenied(_("您无权变更该人才的任职信息。"))
    if affiliation.end_date is not None:
        raise ValidationError(_("该任职已结束。"), code="already_ended")
    with transaction.atomic():
        affiliation.end_date = end_date
        affiliation.full_clean()
        affiliation.save(update_fields=["end_date"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=affiliation.talent,
            changes={"affiliation_end": [affiliation.unit.name, end_date.isoformat()]},
            reason=reason,
        )
    return affiliation


def reveal_personal_data(*, by, talent: Talent) -> dict[str, str]:
    """The unmasked ID number and phone, for those allowed; every reveal is logged."""
    if not by.has_perm("registry.view_personal_data", talent):
        raise PermissionDenied(_("您无权查看该人员的完整个人信息。"))
    record(actor=by, action=AuditAction.VIEW_PERSONAL_DATA, target=talent, changes={"fields": ["id_number", "phone"]})
    return {"id_number": talent.id_number, "phone": talent.phone}


def _apply(talent: Talent, data: dict[str, Any]) -> None:
    if "id_number" in data:
        data = {**data, "id_number": normalize_id_number(data["id_number"])}
    assign(talent, data, TALENT_FIELDS)
    # Birth date and gender are read from the ID number, never typed, so they cannot disagree.
    talent.clean_fields(exclude=["gender", "birth_date"])
    talent.birth_date, talent.gender = id_number_facts(talent.id_number)
    talent.name_pinyin, talent.name_initials = pinyin_keys(talent.name)
    talent.full_clean(validate_unique=False)


def _save_unique(talent: Talent) -> None:
    message = _("该公民身份号码已登记在人才库中。")
    existing = talents_with_id_number(Talent.objects.exclude(pk=talent.pk), talent.id_number).first()
    if existing is not None:
        raise DuplicateRecordError("id_number", message, existing)
    try:
        with transaction.atomic():
            talent.save()
    except IntegrityError:
        raise DuplicateRecordError(
            "id_number", message, talents_with_id_number(Talent.objects.all(), talent.id_number).get()
        ) from None
