"""Secrets are never a silent default: outside DEBUG a missing one stops the start-up, naming it."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yingcai.core import keys

NAMES = keys.SECRET_NAMES
VALID = {
    "SECRET_KEY": "a-secret-key-for-this-test-only-0123456789",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "FIELD_HASH_KEY": "a-hash-key-for-this-test-only-0123456789",
}


def start(var_dir: Path, debug: str, **secrets) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as the server does at start-up."""
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(secrets, DEBUG=debug, YINGCAI_VAR_DIR=str(var_dir), STATIC_ROOT=str(var_dir / "static"))
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", "import yingcai.settings as s; print(s.FIELD_ENCRYPTION_KEYS[0])"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", NAMES)
def test_a_missing_secret_outside_debug_is_fatal(tmp_path, missing):
    others = {k: v for k, v in VALID.items() if k != missing}
    result = start(tmp_path, "0", **others)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr
    assert not keys.key_file(tmp_path, missing).exists()  # nothing was made up in its place


def test_secrets_from_the_environment_start_the_app(tmp_path):
    result = start(tmp_path, "0", **VALID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == VALID["FIELD_ENCRYPTION_KEYS"]


def test_secrets_from_the_per_install_files_start_the_app(tmp_path):
    assert {p.name for p in keys.write_missing_key_files(tmp_path)} == {n.lower() for n in NAMES}
    result = start(tmp_path, "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (tmp_path / "field_encryption_keys").read_text().strip()


def test_debug_creates_the_missing_files(tmp_path):
    result = start(tmp_path, "1")
    assert result.returncode == 0, result.stderr
    for name in NAMES:
        assert stat.S_IMODE(keys.key_file(tmp_path, name).stat().st_mode) == 0o600


def test_an_invalid_encryption_key_is_fatal(tmp_path):
    result = start(tmp_path, "0", **{**VALID, "FIELD_ENCRYPTION_KEYS": f"{VALID['FIELD_ENCRYPTION_KEYS']},not-a-key"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 2 is not a Fernet key" in result.stderr


def test_key_files_are_private_never_overwritten_and_skipped_when_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    for name in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY"):
        monkeypatch.delenv(name, raising=False)
    written = keys.write_missing_key_files(tmp_path)
    assert sorted(p.name for p in written) == ["field_encryption_keys", "field_hash_key"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    before = {p: p.read_text() for p in written}
    assert keys.write_missing_key_files(tmp_path) == []
    assert {p: p.read_text() for p in written} == before
    assert keys.read_secret("SECRET_KEY", tmp_path) == "from-the-environment"
    assert keys.read_secret("FIELD_HASH_KEY", tmp_path) == before[tmp_path / "field_hash_key"].strip()


def test_the_environment_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.delenv("FIELD_HASH_KEY", raising=False)
    keys.write_missing_key_files(tmp_path)
    monkeypatch.setenv("FIELD_HASH_KEY", VALID["FIELD_HASH_KEY"])
    assert keys.read_secret("FIELD_HASH_KEY", tmp_path) == VALID["FIELD_HASH_KEY"]


def test_key_lists_and_short_hash_keys():
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert keys.fernet_keys(f" {first} ,\n{second}\n") == [first, second]
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS is empty"):
        keys.fernet_keys(" , ")
    with pytest.raises(ImproperlyConfigured, match="FIELD_HASH_KEY"):
        keys.hash_key("short")
