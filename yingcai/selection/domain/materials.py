"""The materials experts read with a nomination (issue 17): the nominee's CV (text and/or a PDF),
representative achievements (论文、专利、成果转化、获奖: a typed list, each with a title, a date, a
description and an evidence file), the task's 任务书 or contract, and the unit's 推荐意见.

- The nominating unit (or the office) maintains them exactly while the nomination itself may be
  corrected (``nominations.correction_blocker``): submitted and not yet in the experts' hands, or
  returned until the round's scoring opens (a late correction); never once accepted or withdrawn.
- Files are checked by their content (``yingcai.core.uploads``), stored under a random name and
  served only through a permission-checked view; every opening by anyone but the nominating unit
  (the office, an expert) is logged as a view of personal data.
- Experts read the materials of the candidates assigned to them while the assignment is active
  (``selection.view_materials``): not after declaring 回避 or withdrawing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.accounts.enums import Role
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.uploads import CONTRACTS, DOCUMENTS, MB, PDF, accept_upload
from yingcai.registry.domain.editing import lock_for_edit
from yingcai.selection.domain.nominations import EDITABLE_STATES, correction_blocker
from yingcai.selection.enums import AchievementKind, MaterialKind
from yingcai.selection.models import Nomination, NominationMaterial

MAX_MATERIAL_BYTES = 20 * MB
TITLE_MAX = 200
TEXT_MAX = 5000  # characters of the CV text and of the recommendation: about two pages
# The formats each kind of file may have: a CV is read in the viewer, so PDF only.
TYPES = {MaterialKind.CV: (PDF,), MaterialKind.TASK_DOCUMENT: CONTRACTS, MaterialKind.ACHIEVEMENT: DOCUMENTS}
FIELD_NAMES = {
    MaterialKind.CV: gettext_lazy("简历文件"),
    MaterialKind.TASK_DOCUMENT: gettext_lazy("任务书/合同文件"),
    MaterialKind.ACHIEVEMENT: gettext_lazy("成果证明文件"),
}


def materials_of(nomination: Nomination) -> QuerySet[NominationMaterial]:
    return nomination.materials.select_related("uploaded_by").order_by("kind", "-achieved_on", "pk")


def check_materials_editable(nomination: Nomination, on: datetime.date | None = None) -> None:
    """Materials change only while the nomination may be corrected ``on`` (today): the same test
    as the nomination's own fields (see the module's docstring)."""
    if nomination.state not in EDITABLE_STATES:
        raise ValidationError(
            _("推荐当前状态为“%(state)s”，推荐材料不能再修改。") % {"state": nomination.get_state_display()},
            code="wrong_state",
        )
    on = on or timezone.localdate()
    blocker = correction_blocker(nomination, on)
    if blocker:
        code = "scoring_open" if on >= nomination.round.scoring_opens else "experts_assigned"
        raise ValidationError(blocker, code=code)


def can_edit_materials(user, nomination: Nomination, on: datetime.date | None = None) -> bool:
    if not user.has_perm("selection.edit_materials", nomination):
        return False
    try:
        check_materials_editable(nomination, on)
    except ValidationError:
        return False
    return True


def _require_edit(by, nomination: Nomination, on: datetime.date | None) -> Nomination:
    """The nomination locked for this transaction, once the user may edit and it is editable."""
    if not by.has_perm("selection.edit_materials", nomination):
        raise PermissionDenied(_("只能修改本单位推荐的材料。"))
    locked = lock_for_edit(Nomination, nomination.pk, None)
    check_materials_editable(locked, on)
    return locked


def _field_names(kind: str) -> str:
    return str(FIELD_NAMES[MaterialKind(kind)])


def add_material(
    *,
    by,
    nomination: Nomination,
    kind: str,
    file,
    achievement_kind: str = "",
    title: str = "",
    achieved_on: datetime.date | None = None,
    description: str = "",
    on: datetime.date | None = None,
) -> NominationMaterial:
    """Upload one file to the nomination. An achievement needs its type, title and date (not in the
    future); a nomination has at most one CV file (remove the old one to replace it)."""
    if kind not in MaterialKind.values:
        raise ValidationError({"kind": _("请选择材料类型。")})
    kind = MaterialKind(kind)
    on = on or timezone.localdate()
    title, description = (title or "").strip(), (description or "").strip()
    errors: dict[str, list[str]] = {}
    if kind == MaterialKind.ACHIEVEMENT:
        if achievement_kind not in AchievementKind.values:
            errors["achievement_kind"] = [_("请选择成果类型（论文、专利、成果转化或获奖）。")]
        if not title:
            errors["title"] = [_("请填写成果名称。")]
        elif len(title) > TITLE_MAX:
            errors["title"] = [_("成果名称不能超过%(n)s个字。") % {"n": TITLE_MAX}]
        if achieved_on is None:
            errors["achieved_on"] = [_("请填写成果日期（发表、授权、转化或获奖的日期）。")]
        elif achieved_on > on:
            errors["achieved_on"] = [_("成果日期（%(date)s）不能晚于今天。") % {"date": achieved_on.isoformat()}]
        if len(description) > TEXT_MAX:
            errors["description"] = [_("成果简介不能超过%(n)s个字。") % {"n": TEXT_MAX}]
    else:
        achievement_kind, title, achieved_on, description = "", "", None, ""
    if file is None:
        errors["file"] = [_("请选择要上传的“%(field)s”。") % {"field": _field_names(kind)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        nomination = _require_edit(by, nomination, on)
        if kind == MaterialKind.CV and nomination.materials.filter(kind=MaterialKind.CV).exists():
            raise ValidationError({"file": _("已上传简历文件。如需更换，请先删除原文件。")}, code="cv_exists")
        try:
            original = accept_upload(file, field=_field_names(kind), types=TYPES[kind], max_bytes=MAX_MATERIAL_BYTES)
        except ValidationError as error:
            raise ValidationError({"file": error}) from error
        material = NominationMaterial(
            nomination=nomination,
            kind=kind,
            achievement_kind=achievement_kind,
            title=title,
            achieved_on=achieved_on,
            description=description,
            file=file,
            original_name=original,
            size=file.size,
            uploaded_by=by,
        )
        try:
            material.save()
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=nomination,
                changes={"materials": [None, material.label]},
                reason=_("上传推荐材料"),
            )
        except Exception:
            if material.file.name and material.file._committed:
                default_storage.delete(material.file.name)
            raise
    return material


def remove_material(*, by, material: NominationMaterial, reason: str = "", on: datetime.date | None = None) -> None:
    with transaction.atomic():
        _require_edit(by, material.nomination, on)
        stored, label = material.file.name, material.label
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=material.nomination,
            changes={"materials": [label, None]},
            reason=(reason or "").strip() or _("删除推荐材料"),
        )
        material.delete()
        transaction.on_commit(lambda: default_storage.delete(stored))


def update_statements(
    *,
    by,
    nomination: Nomination,
    cv_text: str,
    recommendation: str,
    version: int | None,
    on: datetime.date | None = None,
) -> Nomination:
    """The CV as text and the unit's 推荐意见; a copy older than the stored one is refused; audited."""
    cv_text, recommendation = (cv_text or "").strip(), (recommendation or "").strip()
    errors = {}
    if len(cv_text) > TEXT_MAX:
        errors["cv_text"] = [_("个人简历不能超过%(n)s个字，详细内容可上传PDF。") % {"n": TEXT_MAX}]
    if len(recommendation) > TEXT_MAX:
        errors["recommendation"] = [_("推荐意见不能超过%(n)s个字。") % {"n": TEXT_MAX}]
    if errors:
        raise ValidationError(errors)
    if not by.has_perm("selection.edit_materials", nomination):
        raise PermissionDenied(_("只能修改本单位推荐的材料。"))
    with transaction.atomic():
        nomination = lock_for_edit(Nomination, nomination.pk, version)
        check_materials_editable(nomination, on)
        changes = {
            name: [getattr(nomination, name), value]
            for name, value in (("cv_text", cv_text), ("recommendation", recommendation))
            if getattr(nomination, name) != value
        }
        if not changes:
            return nomination
        nomination.cv_text, nomination.recommendation = cv_text, recommendation
        nomination.version += 1
        nomination.save(update_fields=["cv_text", "recommendation", "version", "updated_at"])
        record(actor=by, action=AuditAction.UPDATE, target=nomination, changes=changes, reason=_("修改推荐材料"))
    return nomination


def is_owner_unit(user, nomination: Nomination) -> bool:
    return user.role == Role.UNIT and user.unit_id == nomination.unit_id


def record_view(*, by, material: NominationMaterial, inline: bool) -> None:
    """A CV, a contract or an evidence file is personal data: every opening by anyone other than
    the nominating unit is logged."""
    if is_owner_unit(by, material.nomination):
        return
    record(
        actor=by,
        action=AuditAction.VIEW_PERSONAL_DATA,
        target=material.nomination,
        changes={"material": material.label},
        reason=_("在线查看推荐材料") if inline else _("下载推荐材料"),
    )
