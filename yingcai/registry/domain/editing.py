"""What unit and talent edits share: applying field values, optimistic locking, audit diffs."""

from typing import Any

from django.db import models

from yingcai.audit.domain import diff, snapshot
from yingcai.registry.domain.errors import StaleEditError
from yingcai.registry.domain.masking import birth_year, mask_id_number, mask_phone

# Personal data never lands in the audit log in clear; the birth date (read from the ID number)
# is logged as its year, as the masked lists show it, for the history is shown beside them.
_MASKS = {"id_number": mask_id_number, "phone": mask_phone, "contact_phone": mask_phone, "birth_date": birth_year}


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _MASKS[k](v) if k in _MASKS and v else v for k, v in values.items()}


def audit_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values to log for a created or deleted record, personal data masked."""
    return _masked(snapshot(instance, fields))


def clear_snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values to compare before and after an edit: clear, so that a change hidden by the mask
    (138****5678 → 138****5678) is still seen. Never log these; log `audit_diff` of them."""
    return snapshot(instance, fields)


def audit_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} of what changed, personal data masked."""
    return {k: [_masked({k: old})[k], _masked({k: new})[k]] for k, (old, new) in diff(before, after).items()}


def assign(instance: models.Model, data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Set the plain fields of `data` that are in `fields`; return the many-to-many values to set
    after the instance is saved."""
    many: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        if instance._meta.get_field(name).many_to_many:
            many[name] = data[name]
        else:
            setattr(instance, name, data[name])
    return many


def lock_for_edit(model: type[models.Model], pk: int, version: int | None) -> models.Model:
    """The current row, locked for this transaction; refuses an edit made from a stale copy."""
    current = model.objects.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        raise StaleEditError()
    return current
