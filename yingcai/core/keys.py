"""The platform's secrets: the Django SECRET_KEY, the keys that encrypt personal data at rest and the
key of the hashes used to look it up.

Each is read from its environment variable, else from a per-install file in var/ named after it in
lower case (var/secret_key, var/field_encryption_keys, var/field_hash_key). Outside DEBUG a secret
found in neither is fatal at start-up. `python -m yingcai.core.keys` (run by `make setup` and
`make test`) writes the missing files once, mode 0600, and takes group and other access away from
existing ones; production sets the variables instead.

等保 level 3: a key file that its group or others may read stops the start-up (settings load, so no
`manage.py` command and no gunicorn worker runs with it), and so does a weak secret: shorter than
MIN_SECRET_LENGTH characters, or of fewer than MIN_DISTINCT_CHARACTERS different characters (a
Fernet key: fewer than MIN_DISTINCT_KEY_BYTES different bytes). AUDIT_SIGNING_KEY (env, or
var/audit_signing_key) is optional, but checked the same way when set.

Imported by settings: no Django app, no configured settings.
"""

import base64
import os
import secrets
import stat
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

SECRET_NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY")
OPTIONAL_SECRET_NAMES = ("AUDIT_SIGNING_KEY",)
MIN_SECRET_LENGTH = 32
MIN_HASH_KEY_LENGTH = MIN_SECRET_LENGTH
MIN_DISTINCT_CHARACTERS = 10
MIN_DISTINCT_KEY_BYTES = 16


def key_file(var_dir: Path, name: str) -> Path:
    return Path(var_dir) / name.lower()


def read_secret(name: str, var_dir: Path) -> str:
    """The secret from the environment, else from its file in `var_dir`; "" when in neither."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    path = key_file(var_dir, name)
    if not path.is_file():
        return ""
    check_private(path)
    return path.read_text(encoding="ascii").strip()


def check_private(path: Path) -> None:
    """Refuse a key file its group or others may read or write (only its owner may)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ImproperlyConfigured(
            f"The key file {path} is open to its group or others (mode {mode:04o}); only its owner may "
            f"read it. Run `chmod 600 {path}` (or `make setup`, which does it) and start again."
        )


def strong_secret(name: str, value: str) -> str:
    """The secret, or a fatal error if it is short or repetitive (easy to guess)."""
    if len(value) < MIN_SECRET_LENGTH or len(set(value)) < MIN_DISTINCT_CHARACTERS:
        raise ImproperlyConfigured(
            f"{name} is too weak: it must be at least {MIN_SECRET_LENGTH} characters long, of at least "
            f"{MIN_DISTINCT_CHARACTERS} different characters. Make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    return value


def optional_secret(name: str, var_dir: Path) -> str:
    """A secret the platform can run without (a feature is refused instead): "" or a strong one."""
    value = read_secret(name, var_dir)
    return strong_secret(name, value) if value else ""


def require_secret(name: str, var_dir: Path, *, debug: bool) -> str:
    """The secret, or a fatal error naming it. In DEBUG a missing secret is created in var/ first."""
    value = read_secret(name, var_dir)
    if not value and debug:
        for created in write_missing_key_files(var_dir):
            print(f"DEBUG: created the per-install secret {created}", file=sys.stderr)
        value = read_secret(name, var_dir)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Set the environment variable {name}, or create the per-install file "
            f"{key_file(var_dir, name)} with `make setup` (python -m yingcai.core.keys)."
        )
    return value


def fernet_keys(value: str) -> list[str]:
    """FIELD_ENCRYPTION_KEYS as a list (comma- or line-separated; the first encrypts), each checked."""
    keys = [k.strip() for k in value.replace("\n", ",").split(",") if k.strip()]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 url-safe base64-encoded bytes; "
                "make one with `python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)."
            ) from None
        if len(set(base64.urlsafe_b64decode(key))) < MIN_DISTINCT_KEY_BYTES:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is too weak (fewer than {MIN_DISTINCT_KEY_BYTES} "
                "different bytes): make a random one with Fernet.generate_key()."
            )
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return keys


def hash_key(value: str) -> str:
    if len(value) < MIN_HASH_KEY_LENGTH:
        raise ImproperlyConfigured(f"FIELD_HASH_KEY must be at least {MIN_HASH_KEY_LENGTH} characters long.")
    return strong_secret("FIELD_HASH_KEY", value)


def new_secret(name: str) -> str:
    if name == "FIELD_ENCRYPTION_KEYS":
        return Fernet.generate_key().decode("ascii")
    return secrets.token_urlsafe(48)


def write_missing_key_files(var_dir: Path) -> list[Path]:
    """Create, mode 0600, the file of every secret that is neither in the environment nor on disk.
    Never overwrites: data encrypted with a key would be lost with it."""
    var_dir = Path(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SECRET_NAMES:
        path = key_file(var_dir, name)
        if os.environ.get(name, "").strip() or path.exists():
            continue
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(new_secret(name) + "\n")
        written.append(path)
    return written


def make_private(var_dir: Path) -> list[Path]:
    """Take group and other access away from the key files in `var_dir`; returns those changed."""
    changed = []
    for name in (*SECRET_NAMES, *OPTIONAL_SECRET_NAMES):
        path = key_file(var_dir, name)
        if path.is_file() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(stat.S_IMODE(path.stat().st_mode) & 0o700)
            changed.append(path)
    return changed


def default_var_dir() -> Path:
    return Path(os.environ.get("YINGCAI_VAR_DIR", Path(__file__).resolve().parent.parent.parent / "var"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_var_dir()
    for created in write_missing_key_files(target):
        print(f"created {created} (mode 0600; keep it with this install: what it encrypts is unreadable without it)")
    for tightened in make_private(target):
        print(f"made {tightened} readable by its owner only (it was open to its group or others)")
