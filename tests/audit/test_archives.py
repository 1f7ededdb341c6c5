"""Closed months of the audit log exported signed (JSON lines, .xlsx and a detached HMAC-SHA256
signature), checked against the signature and the chain; the filtered log exported as .xlsx; both
audited and both the audit administrator's alone."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from yingcai.audit.archives import ArchiveError, archive_month, check_archive
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry

KEY = "test-signing-key-0123456789"


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.AUDIT_SIGNING_KEY = KEY


@pytest.fixture
def november(office, unit):
    """Three entries in November 2026 (a closed month: today is in December) and two after."""
    with time_machine.travel("2026-11-30 23:59:00 +0800", tick=False):
        entries = [record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"n": i}) for i in range(3)]
    with time_machine.travel("2026-12-01 00:00:01 +0800", tick=False):
        record(actor=office, action=AuditAction.CREATE, target=unit, reason="十二月")
    record(actor=office, action=AuditAction.LOGIN)
    return entries


def _files(archive) -> tuple[bytes, dict[str, bytes]]:
    files = dict(archive.files)
    return files.pop(archive.signature_name), files


def test_a_closed_month_is_archived_signed(november, office):
    archive = archive_month(actor=office, month="2026-11")
    assert set(archive.files) == {"audit-2026-11.jsonl", "audit-2026-11.xlsx", "audit-2026-11.sig.json"}
    lines = [json.loads(line) for line in archive.files["audit-2026-11.jsonl"].decode().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3]
    assert [line["hash"] for line in lines] == [e.hash for e in november]
    manifest = json.loads(archive.files["audit-2026-11.sig.json"])
    assert manifest["algorithm"] == "HMAC-SHA256" and len(manifest["signature"]) == 64
    assert (manifest["entries"], manifest["last_seq"], manifest["last_hash"]) == (3, 3, november[-1].hash)
    sheet = openpyxl.load_workbook(io.BytesIO(archive.files["audit-2026-11.xlsx"])).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, 2, 3]
    entry = AuditEntry.objects.get(action=AuditAction.ARCHIVE_AUDIT)
    assert entry.actor == office and entry.changes["month"] == "2026-11" and entry.changes["entries"] == 3
    signature, files = _files(archive)
    assert check_archive(signature=signature, files=files) == []


def test_an_open_month_is_refused(november, office):
    with pytest.raises(ArchiveError, match="已结束"):
        archive_month(actor=office, month="2026-12")
    with pytest.raises(ArchiveError, match="YYYY-MM"):
        archive_month(actor=office, month="November")
    assert not AuditEntry.objects.filter(action=AuditAction.ARCHIVE_AUDIT).exists()


def test_archiving_without_a_key_is_refused(november, office, settings):
    settings.AUDIT_SIGNING_KEY = ""
    with pytest.raises(ArchiveError, match="AUDIT_SIGNING_KEY"):
        archive_month(actor=office, month="2026-11")


def test_an_edited_archive_file_fails_the_check(november, office):
    signature, files = _files(archive_month(actor=office, month="2026-11"))
    files["audit-2026-11.jsonl"] = files["audit-2026-11.jsonl"].replace(b'"n":1', b'"n":7')
    assert any("audit-2026-11.jsonl" in p for p in check_archive(signature=signature, files=files))


def test_an_archive_re_signed_with_another_key_fails_the_check(november, office, settings):
    settings.AUDIT_SIGNING_KEY = "someone-else's-key"
    signature, files = _files(archive_month(actor=office, month="2026-11"))
    settings.AUDIT_SIGNING_KEY = KEY
    assert any("签名不符" in p for p in check_archive(signature=signature, files=files))


def test_an_archive_whose_lines_were_rewritten_and_rehashed_fails_the_chain(november, office):
    """Whoever has the key but edits a line and re-signs still breaks the archive's own chain."""
    import hashlib
    import hmac

    signature, files = _files(archive_month(actor=office, month="2026-11"))
    files["audit-2026-11.jsonl"] = files["audit-2026-11.jsonl"].replace(b'"n":1', b'"n":7')
    manifest = json.loads(signature)
    manifest.pop("signature")
    manifest["files"]["audit-2026-11.jsonl"] = hashlib.sha256(files["audit-2026-11.jsonl"]).hexdigest()
    body = json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    manifest["signature"] = hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
    problems = check_archive(signature=json.dumps(manifest).encode(), files=files)
    assert problems == ["归档内的哈希链在序号 2 处断裂。"]


def test_the_archive_must_agree_with_the_database(november, office, tamper):
    signature, files = _files(archive_month(actor=office, month="2026-11"))
    AuditEntry.objects.filter(seq=2).update(hash="f" * 64)
    assert check_archive(signature=signature, files=files) == ["数据库中序号 2 的条目与归档不一致。"]


def test_archive_and_verify_commands(november, tmp_path, capsys):
    call_command("archive_audit", "2026-11", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "audit-2026-11.jsonl",
        "audit-2026-11.sig.json",
        "audit-2026-11.xlsx",
    ]
    call_command("verify_audit_archive", str(tmp_path / "audit-2026-11.sig.json"))
    assert "hold" in capsys.readouterr().out
    checked = AuditEntry.objects.filter(action=AuditAction.VERIFY_AUDIT).get()
    assert checked.changes == {"archive": "2026-11", "ok": True, "problems": []}

    xlsx = tmp_path / "audit-2026-11.xlsx"
    xlsx.write_bytes(xlsx.read_bytes() + b"\0")
    with pytest.raises(CommandError, match=r"audit-2026-11\.xlsx"):
        call_command("verify_audit_archive", str(tmp_path / "audit-2026-11.sig.json"))
    with pytest.raises(CommandError, match="已结束"):
        call_command("archive_audit", "2026-12", "--out", str(tmp_path))


def test_the_audit_admin_downloads_a_signed_archive(client, audit_admin, november):
    client.force_login(audit_admin)
    response = client.post("/audit/archive/", {"month": "2026-11"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = {name: bundle.read(name) for name in bundle.namelist()}
    signature = files.pop("audit-2026-11.sig.json")
    assert check_archive(signature=signature, files=files) == []
    assert AuditEntry.objects.get(action=AuditAction.ARCHIVE_AUDIT).actor == audit_admin


def test_the_page_explains_a_refused_archive(client, audit_admin, november):
    client.force_login(audit_admin)
    response = client.post("/audit/archive/", {"month": "2026-12"}, follow=True)
    assert "只能归档已结束的月份" in response.content.decode()


def test_the_audit_admin_exports_the_filtered_log(client, audit_admin, november):
    client.force_login(audit_admin)
    response = client.get("/audit/export/", {"action": "update"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in rows) == [1, 2, 3]
    assert {row[4] for row in rows} == {"修改"}
    exported = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert exported.actor == audit_admin
    assert exported.changes == {"what": "audit.AuditEntry", "rows": 3, "filters": "action=update"}


def test_a_retention_below_six_months_is_refused():
    env = {**os.environ, "AUDIT_RETENTION_MONTHS": "5", "DJANGO_SETTINGS_MODULE": "yingcai.settings"}
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "AUDIT_RETENTION_MONTHS must be at least 6" in result.stderr
