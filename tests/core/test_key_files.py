"""等保 level 3: a key file its group or others may read, or a weak secret, stops the start-up at
settings load (so neither `manage.py` nor gunicorn runs with it), with a message saying what to do;
`make setup` (python -m yingcai.core.keys) makes the files private, so a fresh machine starts."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yingcai.core import keys

ALL_NAMES = (*keys.SECRET_NAMES, *keys.OPTIONAL_SECRET_NAMES)
STRONG = "Kq3-vT9xLm2pR7wZ_a8bN4cY6dH1eJ5f"  # 32 characters, all different
VALID = {
    "SECRET_KEY": "a-secret-key-for-this-test-only-0123456789",
    "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "FIELD_HASH_KEY": "a-hash-key-for-this-test-only-0123456789",
}


def run(var_dir: Path, *args: str, **secrets) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ALL_NAMES}
    env.update(secrets, DEBUG="0", YINGCAI_VAR_DIR=str(var_dir), STATIC_ROOT=str(var_dir / "static"))
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def start(var_dir: Path, **secrets) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as gunicorn and every manage.py command do."""
    return run(var_dir, "-c", "import yingcai.settings as s; print(repr(s.AUDIT_SIGNING_KEY))", **secrets)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
@pytest.mark.parametrize("name", keys.SECRET_NAMES)
def test_a_key_file_open_to_group_or_others_stops_the_start_up(tmp_path, name, mode):
    keys.write_missing_key_files(tmp_path)
    path = keys.key_file(tmp_path, name)
    path.chmod(mode)
    result = start(tmp_path)
    assert result.returncode != 0
    assert f"The key file {path} is open to its group or others (mode {mode:04o})" in result.stderr
    assert f"chmod 600 {path}" in result.stderr


def test_manage_py_commands_stop_too(tmp_path):
    keys.write_missing_key_files(tmp_path)
    keys.key_file(tmp_path, "SECRET_KEY").chmod(0o644)
    result = run(tmp_path, "manage.py", "check")
    assert result.returncode != 0 and "is open to its group or others" in result.stderr


def test_make_setup_makes_existing_key_files_private_and_a_fresh_machine_starts(tmp_path):
    made = run(tmp_path, "-m", "yingcai.core.keys", str(tmp_path))
    assert made.returncode == 0, made.stderr
    assert start(tmp_path).returncode == 0
    for name in keys.SECRET_NAMES:
        keys.key_file(tmp_path, name).chmod(0o644)
    again = run(tmp_path, "-m", "yingcai.core.keys", str(tmp_path))
    assert again.returncode == 0 and again.stdout.count("readable by its owner only") == 3
    for name in keys.SECRET_NAMES:
        assert keys.key_file(tmp_path, name).stat().st_mode & 0o777 == 0o600
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''"  # no audit signing key: allowed, archiving is refused later


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", STRONG[:31]),  # one character short
        ("SECRET_KEY", "ab" * 40),  # long but of two characters
        ("FIELD_HASH_KEY", "abcabcabcabcabcabcabcabcabcabcabcabc"),
        ("AUDIT_SIGNING_KEY", "short-audit-key"),
        ("AUDIT_SIGNING_KEY", "x" * 64),
    ],
)
def test_a_weak_secret_stops_the_start_up(tmp_path, name, value):
    result = start(tmp_path, **{**VALID, name: value})
    assert result.returncode != 0
    assert f"{name} is too weak: it must be at least 32 characters long" in result.stderr


def test_a_fernet_key_of_few_different_bytes_stops_the_start_up(tmp_path):
    weak = base64.urlsafe_b64encode(bytes(20) + bytes(range(1, 13))).decode()  # 13 different bytes
    result = start(tmp_path, **{**VALID, "FIELD_ENCRYPTION_KEYS": f"{VALID['FIELD_ENCRYPTION_KEYS']},{weak}"})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS: key 2 is too weak" in result.stderr


def test_the_audit_signing_key_comes_from_its_private_file(tmp_path):
    path = keys.key_file(tmp_path, "AUDIT_SIGNING_KEY")
    path.write_text(STRONG + "\n")
    path.chmod(0o600)
    result = start(tmp_path, **VALID)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(STRONG)
    path.chmod(0o640)
    refused = start(tmp_path, **VALID)
    assert refused.returncode != 0 and f"The key file {path} is open" in refused.stderr


def test_the_boundaries_of_a_strong_secret():
    assert keys.strong_secret("X", STRONG) == STRONG
    assert keys.strong_secret("X", "abcdefghij" * 4) == "abcdefghij" * 4  # ten different characters
    with pytest.raises(ImproperlyConfigured, match="X is too weak"):
        keys.strong_secret("X", STRONG[:31])
    with pytest.raises(ImproperlyConfigured, match="X is too weak"):
        keys.strong_secret("X", "abcdefghi" * 5)  # nine
    assert keys.optional_secret("AUDIT_SIGNING_KEY", Path("/nonexistent")) == ""
