"""The README's restore recipe, run for real: dump a migrated database with rows in it, restore it
into a freshly created scratch database, exit status 0, and the audit chain verifies there."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction

PG_DUMP, PG_RESTORE = shutil.which("pg_dump"), shutil.which("pg_restore")
MANAGE = Path(__file__).resolve().parents[2] / "manage.py"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL backup and restore"),
    pytest.mark.skipif(not (PG_DUMP and PG_RESTORE), reason="pg_dump and pg_restore are not on PATH"),
]


def _url(name: str) -> str:
    s = connection.settings_dict
    credentials = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{credentials}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed programs and arguments
        list(args), capture_output=True, text=True, check=False, env={**os.environ, **env}
    )


@pytest.mark.django_db(transaction=True)
def test_the_documented_restore_recipe_exits_0_and_the_chain_verifies(tmp_path, office, talent):
    for i in range(3):
        record(actor=office, action=AuditAction.UPDATE, target=talent, changes={"name": ["甲", f"乙{i}"]})
    source, scratch = connection.settings_dict["NAME"], connection.settings_dict["NAME"] + "_restore"
    dump = tmp_path / "yingcai.dump"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        dumped = _run(PG_DUMP, "--format=custom", f"--file={dump}", _url(source))
        assert dumped.returncode == 0, dumped.stderr
        # README, Backups: the recipe, into a freshly created database and again over it.
        for _ in range(2):
            restore = _run(
                PG_RESTORE,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={_url(scratch)}",
                str(dump),
            )
            assert restore.returncode == 0, restore.stderr
            assert restore.stderr == ""
        verified = _run(sys.executable, str(MANAGE), "verify_audit", DATABASE_URL=_url(scratch))
        with psycopg.connect(_url(scratch)) as restored, pytest.raises(psycopg.errors.InsufficientPrivilege):
            restored.execute("UPDATE audit_auditentry SET reason = 'x'")  # the trigger came back too
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    assert verified.returncode == 0, verified.stderr
    assert "共校验 3 条" in verified.stdout
