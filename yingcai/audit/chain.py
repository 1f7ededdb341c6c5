"""The audit log's hash chain: what of an entry is sealed, how it is hashed, how a chain is checked.

Each entry's `hash` is SHA-256 over a canonical JSON of its content and the previous entry's hash
(`prev_hash`; the first entry's is GENESIS). Changing a sealed field, deleting an entry or moving
entries around breaks the chain at the first entry concerned. Pure functions over anything with
the entry's attributes, so migrations (historical models) and archives (parsed lines) use them too.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# The sealed fields, in the order the archives write them.
SEALED = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "actor_role",
    "ip_address",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "reason",
)


def _at(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def sealed_content(entry: Any) -> dict[str, Any]:
    """The sealed fields of `entry` as plain JSON values."""
    content = {name: getattr(entry, name) for name in SEALED}
    content["at"] = _at(content["at"])
    return content


def canonical(content: dict[str, Any], prev_hash: str) -> bytes:
    return json.dumps(
        {**content, "prev_hash": prev_hash}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def entry_hash(entry: Any) -> str:
    """The hash `entry` must carry, given its content and its `prev_hash`."""
    return hashlib.sha256(canonical(sealed_content(entry), entry.prev_hash)).hexdigest()


def as_json_value(value: Any) -> Any:
    """`value` as it will read back from a JSON column (tuples become lists, int keys strings)."""
    return json.loads(json.dumps(value))


@dataclass(frozen=True)
class Break:
    """The first entry at which the chain does not hold, and why."""

    seq: int | None
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


# Why a link is broken (codes; the pages and commands say them in words).
CONTENT_ALTERED = "content_altered"
LINK_BROKEN = "link_broken"
SEQUENCE_GAP = "sequence_gap"
OUT_OF_ORDER = "out_of_order"


def verify(entries: Iterable[Any], *, start_seq: int = 1, start_hash: str = GENESIS) -> Verdict:
    """Walk `entries` in chain order (by seq) and report the first one that breaks the chain.

    `start_seq`/`start_hash` are what the first entry must continue (an archive of a later month
    continues the previous month's last entry)."""
    expected_seq, prev_hash, prev_id, checked = start_seq, start_hash, None, 0
    for entry in entries:
        entry_id = getattr(entry, "id", None)
        reason = None
        if entry.seq != expected_seq:
            reason = SEQUENCE_GAP
        elif entry.prev_hash != prev_hash:
            reason = LINK_BROKEN
        elif entry.hash != entry_hash(entry):
            reason = CONTENT_ALTERED
        elif prev_id is not None and entry_id is not None and entry_id < prev_id:
            reason = OUT_OF_ORDER
        if reason is not None:
            return Verdict(checked, expected_seq - 1, prev_hash, Break(entry.seq, entry_id, reason))
        checked += 1
        expected_seq, prev_hash, prev_id = entry.seq + 1, entry.hash, entry_id
    return Verdict(checked, expected_seq - 1, prev_hash, None)
