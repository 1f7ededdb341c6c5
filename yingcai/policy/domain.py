"""Reading and publishing the versioned policy rules."""

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.bounds import rule_bounds
from yingcai.policy.enums import RuleVersionStatus
from yingcai.policy.impacts import RuleImpact, rule_impact
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
    """The version of `key` that was in force on `on` (the newest published one whose dates cover
    it; a version 待复核 or withdrawn decides nothing)."""
    rule = (
        PolicyRule.objects.filter(in_force_q(on), key=key, status=RuleVersionStatus.PUBLISHED)
        .order_by("-effective_from", "-version")
        .first()
    )
    if rule is None:
        raise MissingRuleError(f"no version of rule {key!r} is in force on {on}")
    return rule


def current_rules() -> list[PolicyRule]:
    """The newest published version of every rule."""
    newest: dict[str, PolicyRule] = {}
    for rule in PolicyRule.objects.filter(status=RuleVersionStatus.PUBLISHED).order_by("key", "-version"):
        newest.setdefault(rule.key, rule)
    return list(newest.values())


# --- publishing a new version: bounds, preview, confirmation, second approver, withdrawal ---------


def second_approver_needed() -> bool:
    return bool(getattr(settings, "RULE_CHANGES_NEED_SECOND_APPROVER", False))


def check_rule_bounds(rule: PolicyRule, value: Decimal) -> None:
    """The value must lie in the rule's bounds (data/policy/bounds.csv); a rule without bounds
    cannot be changed in the app."""
    bounds = rule_bounds(rule.key)
    unit = "" if rule.unit == YES_NO_UNIT else rule.unit
    if bounds is None:
        raise ValidationError({"value": _("“%(label)s”未设定取值范围，不能在平台上修改。") % {"label": rule.label}})
    if bounds.contains(value):
        return
    values = {
        "label": rule.label,
        "min": f"{bounds.min_value.normalize():f}",
        "max": f"{bounds.max_value.normalize():f}" if bounds.max_value is not None else "",
        "unit": unit,
        "value": f"{value.normalize():f}",
    }
    if bounds.max_value is None:
        message = _("“%(label)s”的取值须不小于%(min)s%(unit)s，%(value)s%(unit)s超出范围。") % values
    else:
        message = (
            _("“%(label)s”的取值须在%(min)s%(unit)s至%(max)s%(unit)s之间（含本数），%(value)s%(unit)s超出范围。")
            % values
        )
    raise ValidationError({"value": message}, code="out_of_bounds")


@dataclass(frozen=True)
class RulePreview:
    """What publishing would do, shown before the office confirms: the version it replaces, the
    old and new values, the date, and what the apps applying the rule say it changes."""

    key: str
    previous: PolicyRule
    latest_version: int
    value: Decimal
    effective_from: datetime.date
    note: str
    impact: RuleImpact | None
    needs_second_approver: bool

    @property
    def label(self) -> str:
        return self.previous.label

    @property
    def unit(self) -> str:
        return self.previous.unit

    @property
    def old_value(self) -> Decimal:
        return self.previous.value

    @property
    def new_version(self) -> int:
        return self.latest_version + 1

    @property
    def unchanged(self) -> bool:
        return self.old_value == self.value


def _require_publisher(by) -> None:
    if not by.has_perm("policy.publish_rule"):
        raise PermissionDenied(_("只有市委人才办可以修改政策规则。"))


def _check_new_rule_version(
    *, key: str, value: Decimal, effective_from: datetime.date, note: str, based_on_version: int | None, lock: bool
) -> tuple[PolicyRule, int]:
    """Everything a new version must satisfy; returns the published version it follows and the
    newest version number of any status (what `based_on_version` is compared with)."""
    versions = PolicyRule.objects.filter(key=key)
    if lock:
        versions = versions.select_for_update()
    versions = list(versions.order_by("-version"))
    if not versions:
        raise ValidationError(_("规则不存在。"))
    latest = versions[0]
    if based_on_version is not None and based_on_version != latest.version:
        raise ValidationError(
            _("该规则已由他人发布或撤回了版本（最新为v%(version)s），本次未发布。请核对最新版本后重新填写。")
            % {"version": latest.version},
            code="stale",
        )
    pending = [v for v in versions if v.status == RuleVersionStatus.PENDING_REVIEW]
    if pending:
        raise ValidationError(
            _("该规则的第%(version)s版待复核，复核通过或撤回后才能发布新版本。") % {"version": pending[0].version},
            code="pending",
        )
    published = [v for v in versions if v.status == RuleVersionStatus.PUBLISHED]
    if not published:
        raise ValidationError(_("规则不存在。"))
    previous = published[0]
    errors: dict[str, list[str]] = {}
    if not note.strip():
        errors["note"] = [_("请填写本版本的说明（调整依据，如会议纪要或文件号）；新版本不沿用上一版本的说明。")]
    try:
        validate_rule_value(previous, value)
        check_rule_bounds(previous, value)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        check_new_version(previous, effective_from, None, _("规则"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return previous, latest.version


def preview_rule_version(
    *,
    by,
    key: str,
    value: Decimal,
    effective_from: datetime.date,
    note: str,
    based_on_version: int | None = None,
    today: datetime.date | None = None,
) -> RulePreview:
    """What publishing this version would do, without doing it (the same checks as publishing)."""
    _require_publisher(by)
    value = Decimal(str(value))
    previous, latest = _check_new_rule_version(
        key=key, value=value, effective_from=effective_from, note=note, based_on_version=based_on_version, lock=False
    )
    impact = rule_impact(
        key=key,
        old_value=previous.value,
        new_value=value,
        effective_from=effective_from,
        today=today or timezone.localdate(),
    )
    return RulePreview(
        key=key,
        previous=previous,
        latest_version=latest,
        value=value,
        effective_from=effective_from,
        note=note.strip(),
        impact=impact,
        needs_second_approver=second_approver_needed(),
    )


def publish_rule_version(
    *,
    by,
    key: str,
    value: Decimal,
    effective_from: datetime.date,
    note: str,
    based_on_version: int | None = None,
) -> PolicyRule:
    """A new version of an existing rule, with its own 说明 (`note`, required; the previous one is
    never copied). In force at once the version before ends the day before it starts; when
    settings.RULE_CHANGES_NEED_SECOND_APPROVER is on it waits 待复核 for another office user.
    `based_on_version` is the version the editor saw: a version published or withdrawn meanwhile
    refuses."""
    _require_publisher(by)
    value = Decimal(str(value))
    note = note.strip()
    with transaction.atomic():
        previous, latest = _check_new_rule_version(
            key=key, value=value, effective_from=effective_from, note=note, based_on_version=based_on_version, lock=True
        )
        status = RuleVersionStatus.PENDING_REVIEW if second_approver_needed() else RuleVersionStatus.PUBLISHED
        if status == RuleVersionStatus.PUBLISHED:
            end_previous_version(previous, effective_from)
        rule = PolicyRule.objects.create(
            key=key,
            version=latest + 1,
            label=previous.label,
            value=value,
            unit=previous.unit,
            article=previous.article,
            document=previous.document,
            effective_from=effective_from,
            note=note,
            created_by=by,
            status=status,
        )
        changes = {"value": [str(previous.value), str(value)], "effective_from": effective_from.isoformat()}
        if status == RuleVersionStatus.PENDING_REVIEW:
            changes["status"] = status.value
        record(actor=by, action=AuditAction.CREATE, target=rule, changes=changes, reason=note)
    return rule


def approve_rule_version(*, by, rule: PolicyRule) -> PolicyRule:
    """A second office user, not the author, approves a version 待复核: only now does it take effect
    (and the version before it ends the day before it starts)."""
    _require_publisher(by)
    if rule.created_by_id is not None and rule.created_by_id == by.pk:
        raise PermissionDenied(_("发布人不能复核自己发布的版本，须由另一位市委人才办工作人员复核。"))
    with transaction.atomic():
        versions = list(PolicyRule.objects.select_for_update().filter(key=rule.key).order_by("-version"))
        rule = next(v for v in versions if v.pk == rule.pk)
        if rule.status != RuleVersionStatus.PENDING_REVIEW:
            raise ValidationError(_("该版本不在待复核状态（%(status)s）。") % {"status": rule.get_status_display()})
        previous = next(
            (v for v in versions if v.status == RuleVersionStatus.PUBLISHED and v.version < rule.version), None
        )
        if previous is not None:
            check_new_version(previous, rule.effective_from, None, _("规则"))
            end_previous_version(previous, rule.effective_from)
        rule.status = RuleVersionStatus.PUBLISHED
        rule.approved_by = by
        rule.approved_at = timezone.now()
        rule.save(update_fields=["status", "approved_by", "approved_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=rule,
            changes={"status": [RuleVersionStatus.PENDING_REVIEW.value, RuleVersionStatus.PUBLISHED.value]},
            reason=_("复核通过"),
        )
    return rule


def withdraw_rule_version(*, by, rule: PolicyRule, reason: str, today: datetime.date | None = None) -> PolicyRule:
    """Withdraw a version that has not taken effect (its date is still to come, or it waits 待复核),
    with a reason. The version is kept, marked 已撤回; the version before it runs on again. A version
    already in force is never withdrawn: a new version changes it."""
    _require_publisher(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写撤回理由。")]})
    today = today or timezone.localdate()
    with transaction.atomic():
        versions = list(PolicyRule.objects.select_for_update().filter(key=rule.key).order_by("-version"))
        rule = next(v for v in versions if v.pk == rule.pk)
        if rule.status == RuleVersionStatus.WITHDRAWN:
            raise ValidationError(_("该版本已撤回。"))
        if rule.status == RuleVersionStatus.PUBLISHED and rule.effective_from <= today:
            raise ValidationError(
                _("第%(version)s版已于%(date)s起施行，不能撤回；如需调整，请发布新版本。")
                % {"version": rule.version, "date": rule.effective_from.isoformat()},
                code="in_force",
            )
        newer = [v for v in versions if v.version > rule.version and v.status != RuleVersionStatus.WITHDRAWN]
        if newer:
            raise ValidationError(_("请先撤回更新的第%(version)s版。") % {"version": newer[-1].version})
        if rule.status == RuleVersionStatus.PUBLISHED:
            previous = next(
                (v for v in versions if v.status == RuleVersionStatus.PUBLISHED and v.version < rule.version), None
            )
            if previous is not None and previous.effective_to == rule.effective_from - datetime.timedelta(days=1):
                previous.effective_to = None
                previous.save(update_fields=["effective_to"])
                record(
                    actor=by,
                    action=AuditAction.UPDATE,
                    target=previous,
                    changes={"effective_to": [(rule.effective_from - datetime.timedelta(days=1)).isoformat(), None]},
                    reason=reason,
                )
        old_status = rule.status
        rule.status = RuleVersionStatus.WITHDRAWN
        rule.withdrawn_by = by
        rule.withdrawn_at = timezone.now()
        rule.withdrawal_reason = reason
        rule.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=rule,
            changes={"status": [old_status, RuleVersionStatus.WITHDRAWN.value]},
            reason=reason,
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
