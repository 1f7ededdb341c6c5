"""Signed monthly archives of the audit log: a closed month's entries as JSON lines (for machines)
and .xlsx (for people), with a detached signature file (HMAC-SHA256, key AUDIT_SIGNING_KEY) over
both files' SHA-256 and the chain's position; and the check of an archive against its signature,
its own hash chain and the chain still in the database."""

import hashlib
import hmac
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit import chain
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.audit.presentation import present, role_label
from yingcai.core.xlsx import write_workbook

ALGORITHM = "HMAC-SHA256"


class ArchiveError(Exception):
    """Why a month cannot be archived (a message for people)."""


@dataclass
class Archive:
    month: str
    files: dict[str, bytes] = field(default_factory=dict)  # file name → content, the signature last
    entries: int = 0

    @property
    def signature_name(self) -> str:
        return f"audit-{self.month}.sig.json"


def parse_month(value: str) -> date:
    try:
        return datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        raise ArchiveError(_("月份格式应为 YYYY-MM，例如 2026-11。")) from None


def _bounds(month: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    end = timezone.make_aware(datetime(month.year + month.month // 12, month.month % 12 + 1, 1))
    return start, end


def month_entries(month: date) -> list[AuditEntry]:
    """The month's entries as a contiguous stretch of the chain: from the first entry written in
    the month to the one before the first entry of the next month."""
    start, end = _bounds(month)
    first = AuditEntry.objects.filter(at__gte=start).aggregate(seq=Min("seq"))["seq"]
    if first is None:
        return []
    after = AuditEntry.objects.filter(at__gte=end).aggregate(seq=Min("seq"))["seq"]
    entries = AuditEntry.objects.filter(seq__gte=first).select_related("content_type").order_by("seq")
    return list(entries.filter(seq__lt=after) if after is not None else entries)


def _key() -> bytes:
    if not settings.AUDIT_SIGNING_KEY:
        raise ArchiveError(_("未配置签名密钥 AUDIT_SIGNING_KEY，不能归档审计日志。"))
    return settings.AUDIT_SIGNING_KEY.encode()


def _sign(manifest: dict[str, Any], key: bytes) -> str:
    body = json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _line(entry: AuditEntry) -> str:
    line = {**chain.sealed_content(entry), "id": entry.id, "prev_hash": entry.prev_hash, "hash": entry.hash}
    return json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_rows(entries: Iterable[AuditEntry], *, chunk: int = 2000) -> Iterator[list]:
    """The header and one row per entry, for the .xlsx of people: labels and values as the log
    page reads them (`yingcai.audit.presentation`), read `chunk` entries at a time."""
    yield [
        _("序号"),
        _("时间"),
        _("操作人"),
        _("角色"),
        _("操作"),
        _("对象类型"),
        _("对象"),
        _("来源IP"),
        _("变更内容"),
        _("原因/说明"),
        _("哈希"),
    ]
    for batch in _batches(entries, chunk):
        for item in present(batch):
            e = item.entry
            yield [
                e.seq,
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_name,
                role_label(e.actor_role),
                e.get_action_display(),
                item.object_type,
                e.object_repr,
                e.ip_address or "",
                item.changes_text,
                e.reason,
                e.hash,
            ]


def _batches(entries: Iterable[AuditEntry], size: int) -> Iterator[list[AuditEntry]]:
    batch: list[AuditEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def archive_month(*, actor: Any, month: str) -> Archive:
    """Export a closed month's entries, signed; the export is itself audited."""
    first_day = parse_month(month)
    key = _key()
    if _bounds(first_day)[1] > timezone.now():
        raise ArchiveError(_("只能归档已结束的月份（%(month)s 尚未结束）。") % {"month": first_day.strftime("%Y-%m")})
    archive = Archive(month=first_day.strftime("%Y-%m"))
    entries = month_entries(first_day)
    jsonl = "".join(_line(e) + "\n" for e in entries).encode()
    workbook = io.BytesIO()
    write_workbook(_("审计日志") + archive.month, entry_rows(entries), workbook)
    base = f"audit-{archive.month}"
    archive.files = {f"{base}.jsonl": jsonl, f"{base}.xlsx": workbook.getvalue()}
    archive.entries = len(entries)
    manifest = {
        "month": archive.month,
        "algorithm": ALGORITHM,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in archive.files.items()},
        "entries": len(entries),
        "first_seq": entries[0].seq if entries else None,
        "first_prev_hash": entries[0].prev_hash if entries else None,
        "last_seq": entries[-1].seq if entries else None,
        "last_hash": entries[-1].hash if entries else None,
        "signed_at": timezone.now().isoformat(),
    }
    manifest["signature"] = _sign(manifest, key)
    archive.files[archive.signature_name] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    record(
        actor=actor,
        action=AuditAction.ARCHIVE_AUDIT,
        changes={k: manifest[k] for k in ("month", "entries", "first_seq", "last_seq", "last_hash")},
    )
    return archive


@dataclass(frozen=True)
class _Line:
    id: int
    seq: int
    prev_hash: str
    hash: str
    content: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return self.content[name]


def check_archive(*, signature: bytes, files: dict[str, bytes]) -> list[str]:
    """What is wrong with an archive (empty when it holds): its signature, the files it signs,
    the hash chain of its lines, and agreement with the entries still in the database."""
    try:
        manifest = json.loads(signature)
        claimed = manifest.pop("signature")
    except (ValueError, KeyError, AttributeError):
        return [_("签名文件无法读取。")]
    problems = []
    if manifest.get("algorithm") != ALGORITHM or not hmac.compare_digest(_sign(manifest, _key()), str(claimed)):
        problems.append(_("签名不符：签名文件被改动，或不是用本系统的密钥签署的。"))
    for name, digest in manifest.get("files", {}).items():
        if name not in files:
            problems.append(_("缺少归档文件 %(name)s。") % {"name": name})
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            problems.append(_("归档文件 %(name)s 与签名不符（被改动过）。") % {"name": name})
    jsonl = files.get(f"audit-{manifest.get('month')}.jsonl")
    if jsonl is None or problems:
        return problems
    lines = [json.loads(text) for text in jsonl.decode().splitlines() if text.strip()]
    entries = [_Line(d["id"], d["seq"], d["prev_hash"], d["hash"], {k: d[k] for k in chain.SEALED}) for d in lines]
    if entries:
        verdict = chain.verify(entries, start_seq=manifest["first_seq"], start_hash=manifest["first_prev_hash"])
        if not verdict.ok:
            problems.append(_("归档内的哈希链在序号 %(seq)s 处断裂。") % {"seq": verdict.broken.seq})
        elif (verdict.last_seq, verdict.last_hash) != (manifest["last_seq"], manifest["last_hash"]):
            problems.append(_("归档的条目与签名记录的末条不符。"))
        in_db = dict(AuditEntry.objects.filter(seq__in=[e.seq for e in entries]).values_list("seq", "hash"))
        differing = [e.seq for e in entries if e.seq in in_db and in_db[e.seq] != e.hash]
        if differing:
            problems.append(_("数据库中序号 %(seq)s 的条目与归档不一致。") % {"seq": differing[0]})
    return problems


def verify_archive(*, actor: Any, signature: bytes, files: dict[str, bytes]) -> list[str]:
    """`check_archive`, written to the audit log (VERIFY_AUDIT) with what it found."""
    problems = check_archive(signature=signature, files=files)
    try:
        month = str(json.loads(signature).get("month", ""))[:7]
    except (ValueError, AttributeError):
        month = ""
    record(
        actor=actor,
        action=AuditAction.VERIFY_AUDIT,
        changes={"archive": month, "ok": not problems, "problems": problems},
    )
    return problems
