"""Writing the policy library (第九条): creating, editing, publishing and removing policies and
their attachments, and loading the city's own documents from data/policy/. Every change is
checked against rules.py and audited in the same transaction."""

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_jurisdiction_staff
from yingcai.audit.domain import diff, record, snapshot
from yingcai.audit.models import AuditAction
from yingcai.core.uploads import DOCUMENTS, MB, accept_upload, client_name, extension_of
from yingcai.policylib.models import Policy, PolicyAttachment
from yingcai.policylib.queries import normalize_document_number
from yingcai.registry.domain.editing import lock_for_edit
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import Jurisdiction

POLICY_FIELDS = [
    "title",
    "issuer",
    "document_number",
    "issued_on",
    "effective_on",
    "region",
    "category",
    "full_text",
]
POLICY_DATA_DIR = Path(settings.BASE_DIR) / "data" / "policy"
MAX_ATTACHMENT_BYTES = 20 * MB


def create_policy(*, by, data: dict[str, Any]) -> Policy:
    """A new policy starts as an unpublished draft. County and department staff file it under
    their own jurisdiction."""
    if not by.has_perm("policylib.add_policy"):
        raise PermissionDenied(_("您无权新增政策。"))
    if is_jurisdiction_staff(by):
        data = {"region": by.jurisdiction, **data}
    policy = Policy(created_by=by)
    with transaction.atomic():
        _apply(by, policy, data)
        policy.save()
        record(actor=by, action=AuditAction.CREATE, target=policy, changes=_audit_snapshot(policy))
    return policy


def update_policy(*, by, policy: Policy, data: dict[str, Any], version: int | None, reason: str = "") -> Policy:
    """Save an edit, unless somebody else saved the policy since this user opened it."""
    if not by.has_perm("policylib.change_policy", policy):
        raise PermissionDenied(_("您无权修改该政策。"))
    with transaction.atomic():
        policy = lock_for_edit(Policy, policy.pk, version)
        before = _audit_snapshot(policy)
        _apply(by, policy, data)
        policy.version += 1
        policy.save()
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=policy,
            changes=diff(before, _audit_snapshot(policy)),
            reason=reason,
        )
    return policy


def publish_policy(*, by, policy: Policy) -> Policy:
    """Make a policy public. A reader must find something in it: its full text or an attachment."""
    if not by.has_perm("policylib.publish_policy", policy):
        raise PermissionDenied(_("您无权发布该政策。"))
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if policy.is_published:
            raise ValidationError(_("该政策已发布。"), code="already_published")
        if not policy.full_text.strip() and not policy.attachments.exists():
            raise ValidationError(_("请先填写政策全文或上传附件，再发布。"), code="empty")
        policy.is_published = True
        policy.published_at = timezone.now()
        policy.save(update_fields=["is_published", "published_at", "updated_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=policy,
            changes={"is_published": [False, True]},
            reason=_("发布"),
        )
    return policy


def unpublish_policy(*, by, policy: Policy, reason: str = "") -> Policy:
    """Withdraw a policy from the public; it stays in the library as a draft."""
    if not by.has_perm("policylib.publish_policy", policy):
        raise PermissionDenied(_("您无权撤回该政策。"))
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if not policy.is_published:
            raise ValidationError(_("该政策尚未发布。"), code="not_published")
        policy.is_published = False
        policy.save(update_fields=["is_published", "updated_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=policy,
            changes={"is_published": [True, False]},
            reason=reason.strip() or _("撤回发布"),
        )
    return policy


def delete_policy(*, by, policy: Policy, reason: str) -> None:
    """Remove a policy and its files. The reason and what was removed stay in the audit log."""
    if not by.has_perm("policylib.delete_policy", policy):
        raise PermissionDenied(_("您无权删除该政策。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写删除原因。")})
    with transaction.atomic():
        files = [a.file.name for a in policy.attachments.all()]
        changes = {**_audit_snapshot(policy), "attachments": [a.name for a in policy.attachments.all()]}
        record(actor=by, action=AuditAction.DELETE, target=policy, changes=changes, reason=reason.strip())
        policy.delete()
        # Files go only once the rows are gone for good: a rolled-back delete keeps its files.
        transaction.on_commit(lambda: _delete_files(files))


def add_attachment(*, by, policy: Policy, file, name: str = "") -> PolicyAttachment:
    """Attach a file (pdf, doc, docx, xls, xlsx, ofd, jpg, png; at most 20 MB) to a policy."""
    if not by.has_perm("policylib.change_policy", policy):
        raise PermissionDenied(_("您无权为该政策上传附件。"))
    # Checked by its content; stored under a random name with the extension of the format found
    # (the original may hold characters a file system mangles, and a draft's path must not be
    # guessable). The name users see is kept apart.
    original = accept_upload(file, field=_("附件"), types=DOCUMENTS, max_bytes=MAX_ATTACHMENT_BYTES)
    name = (name or "").strip() or original
    if extension_of(name) not in (extension_of(original), extension_of(file.name)):
        # The name a reader's computer opens the download by: its extension is the file's format.
        name = f"{name}.{extension_of(file.name)}"
    attachment = PolicyAttachment(
        policy=policy, file=file, name=client_name(name, limit=200), size=file.size, uploaded_by=by
    )
    try:
        with transaction.atomic():
            attachment.full_clean()
            attachment.save()
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=policy,
                changes={"attachments": [None, attachment.name]},
                reason=_("上传附件"),
            )
    except Exception:
        # The file reached the storage before the row failed: do not leave it behind.
        if attachment.file.name and attachment.file._committed:
            _delete_files([attachment.file.name])
        raise
    return attachment


def remove_attachment(*, by, attachment: PolicyAttachment, reason: str = "") -> None:
    if not by.has_perm("policylib.change_attachment", attachment):
        raise PermissionDenied(_("您无权删除该附件。"))
    policy = attachment.policy
    with transaction.atomic():
        stored = attachment.file.name
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=policy,
            changes={"attachments": [attachment.name, None]},
            reason=reason.strip() or _("删除附件"),
        )
        attachment.delete()
        transaction.on_commit(lambda: _delete_files([stored]))


def load_policies(*, directory: Path = POLICY_DATA_DIR) -> dict[str, int]:
    """Load the documents listed in `directory`/policies.json, published, as the system.

    Idempotent: a document already in the library (same title and issuer) is left as it is, so a
    policy the talent office has edited since is never overwritten."""
    entries = json.loads((directory / "policies.json").read_text(encoding="utf-8"))
    counts = {"created": 0, "existing": 0}
    for entry in entries:
        with transaction.atomic():
            if Policy.objects.filter(title=entry["title"], issuer=entry["issuer"]).exists():
                counts["existing"] += 1
                continue
            region = Jurisdiction.objects.get(code=entry["region_code"]) if entry.get("region_code") else None
            policy = Policy(
                title=entry["title"],
                issuer=entry["issuer"],
                document_number=normalize_document_number(entry.get("document_number", "")),
                issued_on=_date(entry.get("issued_on")),
                effective_on=_date(entry.get("effective_on")),
                region=region,
                category=entry["category"],
                full_text=(directory / entry["file"]).read_text(encoding="utf-8").strip(),
            )
            if entry.get("published", True):
                policy.is_published = True
                policy.published_at = timezone.now()
            policy.full_clean()
            policy.save()
            record(
                actor=None,
                action=AuditAction.CREATE,
                target=policy,
                changes=_audit_snapshot(policy),
                reason=_("初始数据导入（%(file)s）") % {"file": entry["file"]},
            )
            counts["created"] += 1
    return counts


def _apply(by, policy: Policy, data: dict[str, Any]) -> None:
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    if policy.region_id is not None and policy.region.kind == JurisdictionKind.CITY:
        policy.region = None  # the city itself is what "no region" already says
    policy.document_number = normalize_document_number(policy.document_number)
    policy.title = (policy.title or "").strip()
    policy.issuer = (policy.issuer or "").strip()
    policy.full_clean(exclude=["created_by"])
    errors: dict[str, str] = {}
    if is_jurisdiction_staff(by) and policy.region_id != by.jurisdiction_id:
        errors["region"] = _("只能发布和管理本县区（本部门）的政策。")
    if policy.issued_on and policy.issued_on > timezone.localdate():
        errors["issued_on"] = _("发文日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)


def _audit_snapshot(policy: Policy) -> dict[str, Any]:
    """The audited values. The full text is logged as its length and a fingerprint: enough to
    see that and when it changed, without copying whole documents into every log entry."""
    values = snapshot(policy, [f for f in POLICY_FIELDS if f != "full_text"])
    text = policy.full_text or ""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    values["full_text"] = _("%(count)s字 · %(digest)s") % {"count": len(text), "digest": digest}
    return values


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _delete_files(names: list[str]) -> None:
    storage = PolicyAttachment._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)
