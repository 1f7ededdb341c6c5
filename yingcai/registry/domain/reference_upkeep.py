"""The reference data the system administrator keeps (三员分立): jurisdictions and departments, the
7群12链 clusters and chains, platform types and key technology fields. Kept on console pages, not
in the Django admin: codes are generated (a clerk never types an English code), nothing is deleted
(a jurisdiction is 停用, the others are referred to by records), every change is audited."""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.audit.domain import record, snapshot
from yingcai.audit.models import AuditAction
from yingcai.registry.enums import TERRITORIAL_KINDS
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, PlatformType


@dataclass(frozen=True)
class ReferenceKind:
    slug: str
    model: type[models.Model]
    title: object
    fields: tuple[str, ...]  # what the administrator edits (never the generated code)
    code_prefix: str | None  # generated codes: prefix + two digits; None: the code is not generated


KINDS = {
    kind.slug: kind
    for kind in (
        ReferenceKind(
            "jurisdictions",
            Jurisdiction,
            gettext_lazy("县区与主管部门"),
            ("name", "kind", "code", "parent", "sort_order", "is_active"),
            None,
        ),
        ReferenceKind("clusters", IndustryCluster, gettext_lazy("产业集群（7群）"), ("name", "verified", "note"), "C"),
        ReferenceKind(
            "chains", IndustryChain, gettext_lazy("产业链（12链）"), ("name", "cluster", "verified", "note"), "L"
        ),
        ReferenceKind("platform-types", PlatformType, gettext_lazy("平台类型"), ("name", "group", "note"), "P"),
        ReferenceKind("fields", KeyTechField, gettext_lazy("重点技术领域"), ("name", "note"), "F"),
    )
}

DIVISION_CODE = re.compile(r"^\d{6}$")


def next_code(kind: ReferenceKind) -> str:
    """The next free code of the kind's pattern (C08 after C07); existing codes of other shapes
    (the platform types loaded from the reference files) are left as they are."""
    pattern = re.compile(rf"^{kind.code_prefix}(\d+)$")
    numbers = [
        int(m.group(1)) for code in kind.model.objects.values_list("code", flat=True) if (m := pattern.match(code))
    ]
    return f"{kind.code_prefix}{max(numbers, default=0) + 1:02d}"


def save_reference(*, by, kind: ReferenceKind, instance: models.Model | None, data: dict, reason: str) -> models.Model:
    """Create (instance None) or change one row of reference data with the given field values."""
    if not by.has_perm("accounts.maintain_reference_data"):
        raise PermissionDenied(_("只有系统管理员可以维护参考数据。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写变更原因。")]})
    with transaction.atomic():
        creating = instance is None
        instance = kind.model() if creating else kind.model.objects.select_for_update().get(pk=instance.pk)
        before = snapshot(instance, list(kind.fields)) if not creating else {}
        for name in kind.fields:
            if name in data:
                setattr(instance, name, data[name])
        if isinstance(instance, Jurisdiction):
            _check_jurisdiction(instance)
        if creating and kind.code_prefix:
            instance.code = next_code(kind)
        instance.full_clean()
        instance.save()
        after = snapshot(instance, list(kind.fields))
        changes = {k: [before.get(k), v] for k, v in after.items() if creating or before.get(k) != v}
        if creating and kind.code_prefix:
            changes["code"] = [None, instance.code]
        if changes:
            record(
                actor=by,
                action=AuditAction.CREATE if creating else AuditAction.UPDATE,
                target=instance,
                changes=changes,
                reason=reason,
            )
    return instance


def _check_jurisdiction(jurisdiction: Jurisdiction) -> None:
    errors: dict[str, list[str]] = {}
    if jurisdiction.kind in TERRITORIAL_KINDS:
        if not DIVISION_CODE.match(jurisdiction.code or ""):
            errors["code"] = [_("县区须填写6位行政区划代码（GB/T 2260），如新华区410402。")]
    else:
        jurisdiction.code = jurisdiction.code or None
        if jurisdiction.code and not DIVISION_CODE.match(jurisdiction.code):
            errors["code"] = [_("行政区划代码应为6位数字。")]
    if jurisdiction.parent_id and jurisdiction.parent_id == jurisdiction.pk:
        errors["parent"] = [_("上级不能是其本身。")]
    if errors:
        raise ValidationError(errors)
