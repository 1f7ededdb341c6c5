"""Checking the audit log's hash chain (`manage.py verify_audit`, the audit administrator's button)."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.audit import chain
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry

REASONS = {
    chain.CONTENT_ALTERED: gettext_lazy("内容与哈希不符（该条被修改过）"),
    chain.LINK_BROKEN: gettext_lazy("与前一条的哈希链接不符（前面有条目被删除或调换）"),
    chain.SEQUENCE_GAP: gettext_lazy("序号不连续（前面有条目被删除或调换）"),
    chain.OUT_OF_ORDER: gettext_lazy("写入顺序与序号不符（条目被调换）"),
}


def check_chain() -> chain.Verdict:
    """Walk the whole log in chain order; the first broken link, if any."""
    return chain.verify(AuditEntry.objects.order_by("seq").iterator(chunk_size=2000))


def verify_audit_log(*, actor: Any, reason: str = "") -> chain.Verdict:
    """Check the chain and write the check (and what it found) to the log itself."""
    verdict = check_chain()
    record(actor=actor, action=AuditAction.VERIFY_AUDIT, changes=verdict_changes(verdict), reason=reason)
    return verdict


def verdict_changes(verdict: chain.Verdict) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "ok": verdict.ok,
        "checked": verdict.checked,
        "last_seq": verdict.last_seq,
        "last_hash": verdict.last_hash,
    }
    if verdict.broken is not None:
        changes.update(broken_seq=verdict.broken.seq, broken_id=verdict.broken.entry_id, why=verdict.broken.reason)
    return changes


def describe(verdict: chain.Verdict) -> str:
    """The verdict in a sentence for people."""
    if verdict.ok:
        return _("审计日志完整：共校验 %(checked)d 条，哈希链无断裂；最后一条序号 %(seq)d，哈希 %(hash)s。") % {
            "checked": verdict.checked,
            "seq": verdict.last_seq,
            "hash": verdict.last_hash,
        }
    broken = verdict.broken
    return _("审计日志哈希链断裂：第一个断点在序号 %(seq)s（编号 %(id)s）：%(why)s。此前 %(checked)d 条完好。") % {
        "seq": broken.seq,
        "id": broken.entry_id,
        "why": REASONS[broken.reason],
        "checked": verdict.checked,
    }
