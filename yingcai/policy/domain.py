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

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.models import PolicyRule

RULES_FILE = Path(settings.BASE_DIR) / "data" / "policy" / "rules.csv"


# Rules whose value counts whole years, days or months, or says yes (1) / no (0).
WHOLE_NUMBER_UNITS = ("年", "天", "月", "个月", "人", "项", "个", "工作日")
YES_NO_UNIT = "是/否"
MONTH_OF_YEAR_UNIT = "月"  # a month of the year (1–12); a count of months is "个月"


class MissingRuleError(LookupError):
    pass


class RuleBook:
    """Rule lookups remembered for the length of one computation over many records (a list, a
    year-end closing), so each (rule, date) is read once, not once per record."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, datetime.date], PolicyRule] = {}

    def get(self, key: str, on: datetime.date) -> PolicyRule:
        if (key, on) not in self._seen:
            self._seen[(key, on)] = rule_in_force(key, on)
        return self._seen[(key, on)]


def validate_rule_value(rule: PolicyRule, value: Decimal) -> None:
    """What a value must look like for the kind of rule it is (years, days, a month, yes/no)."""
    value = Decimal(str(value))
    if value < 0:
        raise ValidationError({"value": _("取值不能为负数。")})
    if rule.unit == YES_NO_UNIT and value not in (0, 1):
        raise ValidationError({"value": _("该规则只能取 1（是）或 0（否）。")})
    if rule.unit in WHOLE_NUMBER_UNITS and value != value.to_integral_value():
        raise ValidationError({"value": _("该规则以“%(unit)s”计，须为整数。") % {"unit": rule.unit}})
    if rule.unit in WHOLE_NUMBER_UNITS and value <= 0:
        raise ValidationError({"value": _("取值须大于0。")})
    if rule.unit == MONTH_OF_YEAR_UNIT and value > 12:
        raise ValidationError({"value": _("月份须在1至12之间。")})


# --- versions: what every versioned rule (PolicyRule, TalentTier, SupportItem) shares ----------


def in_force_q(on: datetime.date) -> Q:
    """Versions whose dates cover `on` (both ends included)."""
    return Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))


def check_new_version(previous, effective_from: datetime.date, based_on_version: int | None, what: str) -> None:
    """A new version must be based on the newest one (another editor may have published meanwhile)
    and start after it."""
    if based_on_version is not None and based_on_version != previous.version:
        raise ValidationError(
            _("该%(what)s已由他人发布了新版本（v%(version)s），本次未发布。请核对最新版本后重新填写。")
            % {"what": what, "version": previous.version},
            code="stale",
        )
    if effective_from <= previous.effective_from:
        raise ValidationError(
            {
                "effective_from": _("新版本的生效日期须晚于上一版本的生效日期（%(date)s）。")
                % {"date": previous.effective_from}
            }
        )


def end_previous_version(previous, effective_from: datetime.date) -> None:
    """The version before ends the day before the new one starts."""
    if previous.effective_to is None or previous.effective_to >= effective_from:
        previous.effective_to = effective_from - datetime.timedelta(days=1)
        previous.save(update_fields=["effective_to"])


def rule_in_force(key: str, on: datetime.date) -> PolicyRule:
    """The version of `key` that was in force on `on` (the newest one whose dates cover it)."""
    rule = PolicyRule.objects.filter(in_force_q(on), key=key).order_by("-effective_from", "-version").first()
    if rule is None:
        raise MissingRuleError(f"no version of rule {key!r} is in force on {on}")
    return rule


def current_rules() -> list[PolicyRule]:
    """The newest version of every rule."""
    newest: dict[str, PolicyRule] = {}
    for rule in PolicyRule.objects.order_by("key", "-version"):
        newest.setdefault(rule.key, rule)
    return list(newest.values())


def publish_rule_version(
    *,
    by,
    key: str,
    value: Decimal,
    effective_from: datetime.date,
    note: str = "",
    based_on_version: int | None = None,
) -> PolicyRule:
    """A new version of an existing rule; the version before it ends the day before.
    `based_on_version` is the version the editor saw: a newer one published meanwhile refuses."""
    if not by.has_perm("policy.publish_rule"):
        raise PermissionDenied(_("只有市委人才办可以修改政策规则。"))
    with transaction.atomic():
        previous = PolicyRule.objects.select_for_update().filter(key=key).order_by("-version").first()
        if previous is None:
            raise ValidationError(_("规则不存在。"))
        check_new_version(previous, effective_from, based_on_version, _("规则"))
        value = Decimal(str(value))
        validate_rule_value(previous, value)
        end_previous_version(previous, effective_from)
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
    """Create version 1 of each rule in data/policy/rules.csv, and of each tier and support item in
    data/policy/tiers.csv and support_items.csv, that does not exist yet (idempotent: published
    versions are never overwritten by a reload). Returns how many were created."""
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
    from yingcai.policy.loading import load_tiers_and_support_items
    from yingcai.policy.models import SupportItem, TalentTier
    from yingcai.registry.models import Jurisdiction

    created += load_tiers_and_support_items(TalentTier, SupportItem, Jurisdiction)
    return created
