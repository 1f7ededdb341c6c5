"""Reading and publishing the versioned policy rules."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.models import PolicyRule

RULES_FILE = Path(settings.BASE_DIR) / "data" / "policy" / "rules.csv"


class MissingRuleError(LookupError):
    pass


def rule_in_force(key: str, on: datetime.date) -> PolicyRule:
    """The version of `key` that was in force on `on` (the newest one whose dates cover it)."""
    rule = (
        PolicyRule.objects.filter(key=key, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from", "-version")
        .first()
    )
    if rule is None:
        raise MissingRuleError(f"no version of rule {key!r} is in force on {on}")
    return rule


def current_rules() -> list[PolicyRule]:
    """The newest version of every rule."""
    newest: dict[str, PolicyRule] = {}
    for rule in PolicyRule.objects.order_by("key", "-version"):
        newest.setdefault(rule.key, rule)
    return list(newest.values())


def publish_rule_version(*, by, key: str, value: Decimal, effective_from: datetime.date, note: str = "") -> PolicyRule:
    """A new version of an existing rule; the version before it ends the day before."""
    if by.role != Role.TALENT_OFFICE:
        raise PermissionDenied(_("只有市委人才办可以修改政策规则。"))
    with transaction.atomic():
        previous = PolicyRule.objects.select_for_update().filter(key=key).order_by("-version").first()
        if previous is None:
            raise ValidationError(_("规则不存在。"))
        if effective_from <= previous.effective_from:
            raise ValidationError(
                {
                    "effective_from": _("新版本的生效日期须晚于上一版本的生效日期（%(date)s）。")
                    % {"date": previous.effective_from}
                }
            )
        if previous.effective_to is None or previous.effective_to >= effective_from:
            previous.effective_to = effective_from - datetime.timedelta(days=1)
            previous.save(update_fields=["effective_to"])
        rule = PolicyRule.objects.create(
            key=key,
            version=previous.version + 1,
            label=previous.label,
            value=value,
            unit=previous.unit,
            article=previous.article,
            document=previous.document,
            effective_from=effective_from,
            note=note or previous.note,
            created_by=by,
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=rule,
            changes={"value": [str(previous.value), str(value)], "effective_from": effective_from.isoformat()},
            reason=note,
        )
    return rule


@transaction.atomic
def load_policy_rules() -> int:
    """Create version 1 of each rule in data/policy/rules.csv that does not exist yet (idempotent:
    published versions are never overwritten by a reload)."""
    created = 0
    with open(RULES_FILE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            _rule, made = PolicyRule.objects.get_or_create(
                key=row["key"],
                version=1,
                defaults={
                    "label": row["label"],
                    "value": Decimal(row["value"]),
                    "unit": row["unit"],
                    "article": row["article"],
                    "document": row["document"],
                    "effective_from": datetime.date.fromisoformat(row["effective_from"]),
                    "note": row["note"],
                },
            )
            created += made
    return created
