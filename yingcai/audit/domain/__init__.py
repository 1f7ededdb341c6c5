"""Writing and reading the audit log. Every domain function that changes state calls `record`."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from yingcai.audit import chain
from yingcai.audit.domain.context import request_ip
from yingcai.audit.models import AuditAction, AuditEntry

# The PostgreSQL advisory lock that serialises appends to the chain (any constant, unique to it).
_CHAIN_LOCK = 0x5943_4155_4449_54  # "YCAUDIT"


def record(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append an entry to the audit log, sealed into the hash chain.

    Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock held until the
    surrounding transaction ends (so chain order is commit order, and a rolled-back entry leaves
    no gap); on SQLite by the IMMEDIATE transactions the settings ask for. The unique `seq` makes
    a fork impossible on any database even if both failed."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    ip = request_ip.get()
    entry = AuditEntry(
        actor=actor if is_user else None,
        actor_name=(getattr(actor, "full_name", "") or getattr(actor, "username", "")) if is_user else "",
        actor_role=getattr(actor, "role", "") if is_user else "",
        ip_address=clean_ipv6_address(ip) if ip and ":" in ip else ip,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        changes=chain.as_json_value(changes or {}),
        reason=reason[:255],
    )
    with transaction.atomic():
        last_seq, last_hash = _lock_chain_head()
        entry.seq, entry.prev_hash, entry.at = last_seq + 1, last_hash, timezone.now()
        entry.hash = chain.entry_hash(entry)
        entry.save(force_insert=True)
    return entry


def _lock_chain_head() -> tuple[int, str]:
    """Take the chain's append lock (until the transaction ends) and return its last seq and hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, chain.GENESIS)


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The audit-friendly values of `fields` (foreign keys and many-to-many as readable text)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            result[name] = sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
        elif field.is_relation:
            value = getattr(instance, name)
            result[name] = str(value) if value is not None else None
        else:
            result[name] = _plain(getattr(instance, name))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def history_of(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor")


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
