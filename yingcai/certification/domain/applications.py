"""Applying for certification, the evidence, and the review steps up to the talent office (第十三条)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.certification.domain.eligibility import (
    BLOCKING_AT_APPLY,
    Application,
    check_eligibility,
    explain,
    failing,
    refusal_messages,
    rule_ids,
)
from yingcai.certification.enums import CertificationBasis, CertificationState, EvidenceCheck, EvidenceKind
from yingcai.certification.models import Certification, Evidence
from yingcai.certification.workflow import CERTIFICATION_REVIEW
from yingcai.core.uploads import DOCUMENTS, MB, accept_upload
from yingcai.registry.domain.editing import audit_diff, clear_snapshot, lock_for_edit
from yingcai.workflows.engine import perform

FIELDS = [
    "tier_code",
    "basis",
    "introduction",
    "cultivation_note",
    "cultivated_on",
    "honours",
    "civil_servant",
]
EDITABLE_STATES = (CertificationState.DRAFT, CertificationState.RETURNED)
_AUDITED = [*FIELDS, "state"]
MAX_EVIDENCE_BYTES = 20 * MB


def apply(
    *,
    by,
    talent,
    unit,
    tier_code: str,
    basis: str,
    introduction=None,
    cultivation_note: str = "",
    cultivated_on: datetime.date | None = None,
    honours: Iterable[str] = (),
    civil_servant: bool = False,
) -> Certification:
    """A unit (or the office) applies to certify `talent` at `tier_code`. Saved as a draft; a
    flexible talent, another unit's introduction, an open application or an equal certification
    already held are refused at once, with the article."""
    if not by.has_perm("certification.apply"):
        raise PermissionDenied(_("您无权申报人才认定。"))
    if by.role == Role.UNIT and unit.pk != by.unit_id:
        raise PermissionDenied(_("只能为本单位人才申报认定。"))
    certification = Certification(talent=talent, unit=unit, created_by=by)
    data = {
        "tier_code": tier_code,
        "basis": basis,
        "introduction": introduction,
        "cultivation_note": cultivation_note,
        "cultivated_on": cultivated_on,
        "honours": list(honours),
        "civil_servant": civil_servant,
    }
    with transaction.atomic():
        # One talent, one open application: concurrent applications wait for each other here.
        type(talent).objects.select_for_update().filter(pk=talent.pk).first()
        _assign(certification, data)
        _refuse_blocking(certification)
        certification.save()
        record(
            actor=by, action=AuditAction.CREATE, target=certification, changes=clear_snapshot(certification, _AUDITED)
        )
    return certification


def update_application(*, by, certification: Certification, data: dict[str, Any], version: int | None) -> Certification:
    """Change a draft or returned application. `version` is the one read: a stale copy is refused."""
    if not by.has_perm("certification.edit", certification):
        raise PermissionDenied(_("您无权修改该认定申请。"))
    with transaction.atomic():
        current = lock_for_edit(Certification, certification.pk, version)
        _require_editable(current)
        before = clear_snapshot(current, _AUDITED)
        _assign(current, {k: v for k, v in data.items() if k in FIELDS})
        _refuse_blocking(current)
        current.version += 1
        current.save()
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=current,
            changes=audit_diff(before, clear_snapshot(current, _AUDITED)),
        )
    return current


def review(*, by, certification: Certification, transition: str, reason: str = "") -> Certification:
    """Move the application along its chain: submit, county_approve / county_return,
    office_approve / office_return / reject. `reason` is the step's 审核意见, kept on the step and
    shown in the history: required to return or refuse, optional to pass."""
    try:
        step = CERTIFICATION_REVIEW.transition(transition)
    except KeyError:
        raise ValidationError({"transition": _("未知的审核操作。")}) from None
    if step.needs_reason and not (reason or "").strip():
        raise ValidationError({"reason": _("“%(action)s”须填写审核意见（原因）。") % {"action": step.label}})
    perform(workflow=CERTIFICATION_REVIEW, obj=certification, transition=transition, by=by, reason=reason)
    certification.refresh_from_db()
    return certification


def submit(*, by, certification: Certification) -> Certification:
    return review(by=by, certification=certification, transition="submit")


def withdraw(*, by, certification: Certification, reason: str) -> Certification:
    """The unit takes back what it submitted, before the first review (no county step, no document
    checked yet), saying why: the application is a draft again, the step and the reason recorded."""
    return review(by=by, certification=certification, transition="withdraw", reason=reason)


def decide_eligibility(certification: Certification, on: datetime.date | None = None) -> dict:
    """Check the application on `on` (today) and keep the explanation, the tier version and the
    rule versions that decided it on the record. Refuses with every failing condition."""
    on = on or timezone.localdate()
    explanation = check_eligibility(certification, on)
    certification.eligibility = explanation
    certification.tier_id = explanation["tier"]["id"] if explanation["tier"] else None
    certification.save(update_fields=["eligibility", "tier"])
    certification.rules.add(*rule_ids(explanation))
    if not explanation["eligible"]:
        raise ValidationError(
            [_("不符合认定条件（第十三条），不能提交："), *refusal_messages(failing(explanation))], code="ineligible"
        )
    return explanation


def preview(
    *,
    talent,
    unit,
    tier_code: str,
    basis: str,
    introduction=None,
    honours=(),
    civil_servant=False,
    cultivation_note: str = "",
    cultivated_on=None,
    certification: Certification | None = None,
    on: datetime.date | None = None,
) -> dict:
    """The explanation for an application as typed into the form, before it is saved."""
    evidence = list(certification.evidence.all()) if certification is not None else []
    application = Application(
        talent=talent,
        unit=unit,
        tier_code=tier_code,
        basis=basis,
        introduction=introduction,
        cultivation_note=cultivation_note,
        cultivated_on=cultivated_on,
        honours=tuple(honours),
        civil_servant=civil_servant,
        evidence_count=len(evidence),
        rejected_evidence=[e.original_name for e in evidence if e.check_result == EvidenceCheck.REJECTED],
        pk=certification.pk if certification is not None else None,
    )
    return explain(application, on or timezone.localdate())


# --- evidence ---------------------------------------------------------------------------------


def add_evidence(*, by, certification: Certification, kind: str, file) -> Evidence:
    """Upload a document (pdf, doc, docx, xls, xlsx, ofd, jpg, png; at most 20 MB) to a draft or
    returned application. Stored under a random name and served only through a checked view."""
    if not by.has_perm("certification.add_evidence", certification):
        raise PermissionDenied(_("您无权为该认定申请上传材料。"))
    _require_editable(certification)
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": _("请选择材料类型。")})
    # Checked by its content, stored under a random name; the user's name is kept for display.
    original = accept_upload(file, field=_("认定材料"), types=DOCUMENTS, max_bytes=MAX_EVIDENCE_BYTES)
    evidence = Evidence(
        certification=certification,
        kind=kind,
        file=file,
        original_name=original,
        size=file.size,
        content_type=(getattr(file, "content_type", "") or "")[:100],
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            evidence.save()
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=certification,
                changes={"evidence": [None, f"{evidence.get_kind_display()}：{evidence.original_name}"]},
                reason=_("上传认定材料"),
            )
    except Exception:
        if evidence.file.name and evidence.file._committed:
            _delete_files([evidence.file.name])
        raise
    return evidence


def remove_evidence(*, by, evidence: Evidence, reason: str = "") -> None:
    certification = evidence.certification
    if not by.has_perm("certification.add_evidence", certification):
        raise PermissionDenied(_("您无权删除该材料。"))
    _require_editable(certification)
    with transaction.atomic():
        stored = evidence.file.name
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=certification,
            changes={"evidence": [f"{evidence.get_kind_display()}：{evidence.original_name}", None]},
            reason=reason.strip() or _("删除认定材料"),
        )
        evidence.delete()
        transaction.on_commit(lambda: _delete_files([stored]))


# The stage at which each kind of reviewer checks the documents.
CHECK_STATES = {
    Role.JURISDICTION: (CertificationState.SUBMITTED,),
    # The office may still check what was left open until the certificate is issued (no
    # certificate while a document is unverified: certificates.issue_blocker).
    Role.TALENT_OFFICE: (
        CertificationState.SUBMITTED,
        CertificationState.COUNTY_APPROVED,
        CertificationState.OFFICE_APPROVED,
        CertificationState.IN_PUBLICITY,
    ),
}


def check_evidence(*, by, evidence: Evidence, result: str, note: str = "") -> Evidence:
    """A reviewer accepts or rejects one document (a rejection says why)."""
    certification = evidence.certification
    if not by.has_perm("certification.check_evidence", certification):
        raise PermissionDenied(_("您无权核验该材料。"))
    if certification.state not in CHECK_STATES.get(by.role, ()):
        raise ValidationError(
            _("当前状态为“%(state)s”，您不能核验材料。") % {"state": certification.get_state_display()}
        )
    if result not in (EvidenceCheck.ACCEPTED, EvidenceCheck.REJECTED):
        raise ValidationError({"result": _("请选择核验结果。")})
    note = (note or "").strip()
    if result == EvidenceCheck.REJECTED and not note:
        raise ValidationError({"note": _("核验不通过须说明原因。")})
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        before = locked.get_check_result_display()
        locked.check_result, locked.check_note = result, note
        locked.checked_by, locked.checked_at = by, timezone.now()
        locked.save(update_fields=["check_result", "check_note", "checked_by", "checked_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=certification,
            changes={f"evidence:{locked.original_name}": [str(before), str(locked.get_check_result_display())]},
            reason=note,
        )
    return locked


# --- helpers ----------------------------------------------------------------------------------


def _require_editable(certification: Certification) -> None:
    if certification.state not in EDITABLE_STATES:
        raise ValidationError(
            _("认定申请已提交（%(state)s），不能修改；如需修改请联系审核人员退回。")
            % {"state": certification.get_state_display()}
        )


def _assign(certification: Certification, data: dict[str, Any]) -> None:
    for name in FIELDS:
        if name in data:
            setattr(certification, name, data[name])
    certification.honours = [h.strip() for h in (certification.honours or []) if h and h.strip()]
    certification.cultivation_note = (certification.cultivation_note or "").strip()
    if certification.basis == CertificationBasis.INTRODUCED:
        certification.cultivation_note, certification.cultivated_on = "", None
    elif certification.basis == CertificationBasis.CULTIVATED:
        certification.introduction = None
    certification.full_clean(exclude=["talent", "unit", "created_by", "tier", "introduction"])


def _refuse_blocking(certification: Certification) -> None:
    explanation = explain(Application.of(certification), timezone.localdate())
    blocking = failing(explanation, BLOCKING_AT_APPLY)
    if blocking:
        raise ValidationError(refusal_messages(blocking), code="ineligible")


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
