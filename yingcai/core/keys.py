"""The platform's secrets: the Django SECRET_KEY, the keys that encrypt personal data at rest and the
key of the hashes used to look it up.

Each is read from its environment variable, else from a per-install file in var/ named after it in
lower case (var/secret_key, var/field_encryption_keys, var/field_hash_key). Outside DEBUG a secret
found in neither is fatal at start-up. `python -m yingcai.core.keys` (run by `make setup` and
`make test`) writes the missing files once, mode 0600; production sets the variables instead.

Imported by settings: no Django app, no configured settings.
"""

import os
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

SECRET_NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY")
MIN_HASH_KEY_LENGTH = 32


def key_file(var_dir: Path, name: str) -> Path:
    return Path(var_dir) / name.lower()


def read_secret(name: str, var_dir: Path) -> str:
    """The secret from the environment, else from its file in `var_dir`; "" when in neither."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    path = key_file(var_dir, name)
    return path.read_text(encoding="ascii").strip() if path.is_file() else ""


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
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return keys


def hash_key(value: str) -> str:
    if len(value) < MIN_HASH_KEY_LENGTH:
        raise ImproperlyConfigured(f"FIELD_HASH_KEY must be at least {MIN_HASH_KEY_LENGTH} characters long.")
    return value


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


def default_var_dir() -> Path:
    return Path(os.environ.get("YINGCAI_VAR_DIR", Path(__file__).resolve().parent.parent.parent / "var"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_var_dir()
    for created in write_missing_key_files(target):
        print(f"created {created} (mode 0600; keep it with this install: what it encrypts is unreadable without it)")
