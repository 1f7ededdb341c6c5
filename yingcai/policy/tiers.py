"""Talent tiers (人才认定层次) and the support each tier gives (第十三条), as versioned rules data
the talent office edits (第十四条).

Reading: `tier_in_force`, `tiers_in_force`, `support_items_in_force` give the version in force on
a day. Writing: `publish_tier_version` / `publish_support_item_version` add a new version (the one
before it ends the day before), `create_tier` / `create_support_item` add a new code,
`retire_support_item` ends an item. A published version is never edited, so every decision keeps
pointing at the version that made it.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import MissingRuleError, check_new_version, end_previous_version, in_force_q
from yingcai.policy.enums import ConfirmField, SupportKind
from yingcai.policy.models import SupportItem, TalentTier
from yingcai.registry.enums import Education, JurisdictionKind, ProfessionalTitle
from yingcai.registry.models import Jurisdiction

PUBLISH_PERM = "policy.publish_rule"

# What a new version may change; everything else (code, tier) identifies the rule.
TIER_FIELDS = (
    "name",
    "rank",
    "qualifications",
    "max_age",
    "min_education",
    "min_title",
    "honours",
    "article",
    "document",
    "note",
    "is_example",
)
SUPPORT_ITEM_FIELDS = (
    "kind",
    "name",
    "amount",
    "instalments",
    "interval_months",
    "needs_decision",
    "responsible_office",
    "decision_working_days",
    "confirm_fields",
    "article",
    "document",
    "note",
    "is_example",
)

MIN_AGE_LIMIT, MAX_AGE_LIMIT = 18, 100


# --- reading ---------------------------------------------------------------------------------


def _in_force(queryset: QuerySet, on: datetime.date) -> QuerySet:
    return queryset.filter(in_force_q(on))


def tier_in_force(code: str, on: datetime.date) -> TalentTier:
    """The version of tier `code` in force on `on`."""
    tier = _in_force(TalentTier.objects.filter(code=code), on).order_by("-effective_from", "-version").first()
    if tier is None:
        raise MissingRuleError(f"no version of tier {code!r} is in force on {on}")
    return tier


def tiers_in_force(on: datetime.date) -> list[TalentTier]:
    """Every tier in force on `on` (one version each), highest first (rank 1 first)."""
    newest: dict[str, TalentTier] = {}
    for tier in _in_force(TalentTier.objects.all(), on).order_by("code", "-effective_from", "-version"):
        newest.setdefault(tier.code, tier)
    return sorted(newest.values(), key=lambda t: (t.rank, t.code))


def _kind_order(item: SupportItem) -> tuple:
    return (list(SupportKind.values).index(item.kind) if item.kind in SupportKind.values else 99, item.code)


def support_items_in_force(tier_code: str, on: datetime.date) -> list[SupportItem]:
    """The support items tier `tier_code` gives on `on` (one version each), by kind of support."""
    newest: dict[str, SupportItem] = {}
    queryset = _in_force(SupportItem.objects.filter(tier_code=tier_code), on).select_related("responsible_office")
    for item in queryset.order_by("code", "-effective_from", "-version"):
        newest.setdefault(item.code, item)
    return sorted(newest.values(), key=_kind_order)


def all_support_items_in_force(on: datetime.date) -> dict[str, list[SupportItem]]:
    """Support items in force on `on` for every tier, in one query: {tier_code: [items]}."""
    newest: dict[str, SupportItem] = {}
    queryset = _in_force(SupportItem.objects.all(), on).select_related("responsible_office")
    for item in queryset.order_by("code", "-effective_from", "-version"):
        newest.setdefault(item.code, item)
    by_tier: dict[str, list[SupportItem]] = {}
    for item in sorted(newest.values(), key=_kind_order):
        by_tier.setdefault(item.tier_code, []).append(item)
    return by_tier


def honours_in_force(on: datetime.date) -> list[str]:
    """Every honour any tier in force lists, in tier order, without repeats (for pickers)."""
    seen: dict[str, None] = {}
    for tier in tiers_in_force(on):
        for honour in tier.honours:
            seen.setdefault(honour, None)
    return list(seen)


# --- validation ------------------------------------------------------------------------------


def _as_int(value: Any, field: str, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: _("%(label)s须为整数。") % {"label": label}}) from None
    if number != number.to_integral_value():
        raise ValidationError({field: _("%(label)s须为整数。") % {"label": label}})
    return int(number)


def _clean_text(values: dict, field: str, label: str, *, required: bool, max_length: int) -> str:
    text = str(values.get(field) or "").strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError({field: _("%(label)s不能超过%(n)s个字。") % {"label": label, "n": max_length}})
    return text


def clean_tier_values(values: dict) -> dict:
    """The tier values checked and normalised; raises ValidationError naming the field."""
    cleaned: dict[str, Any] = {}
    cleaned["name"] = _clean_text(values, "name", _("层次名称"), required=True, max_length=64)
    rank = _as_int(values.get("rank"), "rank", _("排序"))
    if rank is None or rank < 1:
        raise ValidationError({"rank": _("排序须为不小于1的整数（1为最高层次）。")})
    cleaned["rank"] = rank
    cleaned["qualifications"] = str(values.get("qualifications") or "").strip()
    max_age = _as_int(values.get("max_age"), "max_age", _("年龄上限"))
    if max_age is not None and not MIN_AGE_LIMIT <= max_age <= MAX_AGE_LIMIT:
        raise ValidationError(
            {
                "max_age": _("年龄上限须在%(low)s至%(high)s周岁之间，或留空表示不限。")
                % {"low": MIN_AGE_LIMIT, "high": MAX_AGE_LIMIT}
            }
        )
    cleaned["max_age"] = max_age
    education = values.get("min_education") or ""
    if education and education not in Education.values:
        raise ValidationError({"min_education": _("最低学历不在可选范围内。")})
    cleaned["min_education"] = education
    title = values.get("min_title") or ""
    if title and title not in ProfessionalTitle.values:
        raise ValidationError({"min_title": _("最低职称不在可选范围内。")})
    cleaned["min_title"] = "" if title == ProfessionalTitle.NONE else title
    honours = values.get("honours") or []
    if isinstance(honours, str):
        honours = honours.replace("，", "\n").replace(",", "\n").replace("、", "\n").splitlines()
    cleaned_honours: list[str] = []
    for honour in honours:
        honour = str(honour).strip()
        if honour and honour not in cleaned_honours:
            if len(honour) > 64:
                raise ValidationError({"honours": _("荣誉称号“%(h)s”过长（不超过64个字）。") % {"h": honour[:20]}})
            cleaned_honours.append(honour)
    cleaned["honours"] = cleaned_honours
    cleaned["article"] = _clean_text(values, "article", _("依据条款"), required=True, max_length=32)
    cleaned["document"] = _clean_text(values, "document", _("依据文件"), required=True, max_length=128)
    cleaned["note"] = str(values.get("note") or "").strip()
    cleaned["is_example"] = bool(values.get("is_example", False))
    return cleaned


def _office(value: Any) -> Jurisdiction | None:
    if value in (None, ""):
        return None
    if isinstance(value, Jurisdiction):
        office = value
    else:
        office = Jurisdiction.objects.filter(pk=value).first() if str(value).isdigit() else None
        if office is None:
            office = Jurisdiction.objects.filter(name=str(value)).first()
    if office is None or office.kind != JurisdictionKind.DEPARTMENT:
        raise ValidationError({"responsible_office": _("办理部门须为市直主管部门。")})
    return office


def clean_support_item_values(values: dict) -> dict:
    """The support item values checked and normalised; raises ValidationError naming the field."""
    cleaned: dict[str, Any] = {}
    kind = values.get("kind") or ""
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("待遇类别须为第十三条所列五类之一。")})
    cleaned["kind"] = kind
    cleaned["name"] = _clean_text(values, "name", _("待遇名称"), required=True, max_length=64)
    amount = values.get("amount")
    if amount in (None, ""):
        cleaned["amount"] = None
    else:
        try:
            amount = Decimal(str(amount))
        except InvalidOperation:
            raise ValidationError({"amount": _("金额须为数字（元），服务类待遇请留空。")}) from None
        if amount <= 0:
            raise ValidationError({"amount": _("金额须大于0元；服务类待遇（无金额）请留空。")})
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError({"amount": _("金额最多保留两位小数（分）。")})
        cleaned["amount"] = amount
    instalments = _as_int(values.get("instalments", 1), "instalments", _("分期数"))
    if instalments is None or instalments < 1:
        raise ValidationError({"instalments": _("分期数须不少于1期。")})
    cleaned["instalments"] = instalments
    interval = _as_int(values.get("interval_months", 12), "interval_months", _("分期间隔"))
    if interval is None:
        interval = 12
    if instalments > 1 and interval < 1:
        raise ValidationError({"interval_months": _("分多期发放时，分期间隔须不少于1个月。")})
    if interval < 0:
        raise ValidationError({"interval_months": _("分期间隔不能为负数。")})
    cleaned["interval_months"] = interval
    needs_decision = bool(values.get("needs_decision", False))
    cleaned["needs_decision"] = needs_decision
    office = _office(values.get("responsible_office"))
    days = _as_int(values.get("decision_working_days"), "decision_working_days", _("办理时限"))
    if days is not None and days < 1:
        raise ValidationError({"decision_working_days": _("办理时限须不少于1个工作日。")})
    if needs_decision and office is None:
        raise ValidationError({"responsible_office": _("需主管部门办理的待遇须指定办理部门。")})
    if needs_decision and days is None:
        raise ValidationError({"decision_working_days": _("需主管部门办理的待遇须填写办理时限（工作日）。")})
    cleaned["responsible_office"] = office
    cleaned["decision_working_days"] = days
    fields = values.get("confirm_fields") or []
    unknown = [f for f in fields if f not in ConfirmField.values]
    if unknown:
        raise ValidationError(
            {"confirm_fields": _("需本人确认的信息不在可选范围内：%(f)s") % {"f": "、".join(unknown)}}
        )
    cleaned["confirm_fields"] = [f for f in ConfirmField.values if f in fields]
    cleaned["article"] = _clean_text(values, "article", _("依据条款"), required=True, max_length=32)
    cleaned["document"] = _clean_text(values, "document", _("依据文件"), required=True, max_length=128)
    cleaned["note"] = str(values.get("note") or "").strip()
    cleaned["is_example"] = bool(values.get("is_example", False))
    return cleaned


def _values_of(instance, fields: tuple[str, ...]) -> dict:
    return {field: getattr(instance, field) for field in fields}


def _audit_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Jurisdiction):
        return value.name
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _diff(before: dict, after: dict) -> dict:
    return {
        field: [_audit_value(before.get(field)), _audit_value(value)]
        for field, value in after.items()
        if before.get(field) != value
    }


def _require_office(by) -> None:
    if by is None or not by.has_perm(PUBLISH_PERM):
        raise PermissionDenied(_("只有市委人才办可以修改人才层次和待遇标准（第十四条）。"))


@contextmanager
def _one_at_a_time():
    """Two editors publishing at the same moment: the unique (code, version) lets one through;
    the other is refused like a stale form instead of failing with a database error."""
    try:
        yield
    except IntegrityError:
        raise ValidationError(
            _("他人刚刚发布了同一规则的新版本，本次未发布。请核对最新版本后重新填写。"), code="stale"
        ) from None


# --- writing: tiers --------------------------------------------------------------------------


def _publish_version(
    *,
    by,
    previous_query: QuerySet,
    code: str,
    values: dict,
    effective_from: datetime.date,
    based_on_version: int | None,
    fields: tuple[str, ...],
    clean,
    what: str,
    carried: tuple[str, ...] = (),
):
    """A new version of `code`: values not given are taken over from the newest version, which
    ends the day before; checked, cleaned and audited with the difference."""
    _require_office(by)
    with _one_at_a_time(), transaction.atomic():
        previous = previous_query.filter(code=code).order_by("-version").first()
        if previous is None:
            raise ValidationError(_("%(what)s不存在。") % {"what": what})
        check_new_version(previous, effective_from, based_on_version, what)
        before = _values_of(previous, fields)
        cleaned = clean({**before, **values})
        end_previous_version(previous, effective_from)
        created = previous_query.model.objects.create(
            code=code,
            version=previous.version + 1,
            effective_from=effective_from,
            created_by=by,
            **{name: getattr(previous, name) for name in carried},
            **cleaned,
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=created,
            changes={
                **_diff(before, cleaned),
                "version": [previous.version, created.version],
                "effective_from": effective_from.isoformat(),
            },
            reason=cleaned["note"],
        )
    return created


def publish_tier_version(
    *,
    by,
    code: str,
    values: dict,
    effective_from: datetime.date,
    based_on_version: int | None,
) -> TalentTier:
    """A new version of tier `code`; values not given are taken over from the newest version."""
    return _publish_version(
        by=by,
        previous_query=TalentTier.objects.select_for_update(),
        code=code,
        values=values,
        effective_from=effective_from,
        based_on_version=based_on_version,
        fields=TIER_FIELDS,
        clean=clean_tier_values,
        what=_("人才层次"),
    )


def create_tier(*, by, values: dict, effective_from: datetime.date) -> TalentTier:
    """Version 1 of a new tier (`values["code"]`)."""
    _require_office(by)
    code = str(values.get("code") or "").strip().upper()
    if not code or len(code) > 8 or not code.isalnum():
        raise ValidationError({"code": _("层次代码须为1至8位字母或数字，如 F。")})
    cleaned = clean_tier_values(values)
    with _one_at_a_time(), transaction.atomic():
        if TalentTier.objects.select_for_update().filter(code=code).exists():
            raise ValidationError({"code": _("层次代码 %(code)s 已存在，请发布新版本。") % {"code": code}})
        tier = TalentTier.objects.create(code=code, version=1, effective_from=effective_from, created_by=by, **cleaned)
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=tier,
            changes={
                **{k: [None, _audit_value(v)] for k, v in cleaned.items()},
                "effective_from": effective_from.isoformat(),
            },
            reason=cleaned["note"],
        )
    return tier


# --- writing: support items ------------------------------------------------------------------


def publish_support_item_version(
    *,
    by,
    code: str,
    values: dict,
    effective_from: datetime.date,
    based_on_version: int | None,
) -> SupportItem:
    """A new version of support item `code` (e.g. a new amount from `effective_from`); values not
    given are taken over from the newest version. Entitlements created before keep their version."""
    return _publish_version(
        by=by,
        # Only the item's row is locked: PostgreSQL refuses FOR UPDATE on the nullable join.
        previous_query=SupportItem.objects.select_for_update(of=("self",)).select_related("responsible_office"),
        code=code,
        values=values,
        effective_from=effective_from,
        based_on_version=based_on_version,
        fields=SUPPORT_ITEM_FIELDS,
        clean=clean_support_item_values,
        what=_("待遇标准"),
        carried=("tier_code",),
    )


def create_support_item(*, by, values: dict, effective_from: datetime.date) -> SupportItem:
    """Version 1 of a new support item (`values["code"]`) for tier `values["tier_code"]`."""
    _require_office(by)
    code = str(values.get("code") or "").strip()
    if not code or len(code) > 48 or not all(c.isalnum() or c in "._-" for c in code):
        raise ValidationError({"code": _("待遇代码须为1至48位字母、数字或“._-”，如 A.housing。")})
    tier_code = str(values.get("tier_code") or "").strip().upper()
    if not TalentTier.objects.filter(code=tier_code).exists():
        raise ValidationError({"tier_code": _("适用层次不存在。")})
    cleaned = clean_support_item_values(values)
    with _one_at_a_time(), transaction.atomic():
        if SupportItem.objects.select_for_update().filter(code=code).exists():
            raise ValidationError({"code": _("待遇代码 %(code)s 已存在，请发布新版本。") % {"code": code}})
        item = SupportItem.objects.create(
            code=code, tier_code=tier_code, version=1, effective_from=effective_from, created_by=by, **cleaned
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=item,
            changes={
                "tier_code": [None, tier_code],
                **{k: [None, _audit_value(v)] for k, v in cleaned.items()},
                "effective_from": effective_from.isoformat(),
            },
            reason=cleaned["note"],
        )
    return item


def retire_support_item(*, by, code: str, effective_to: datetime.date, note: str = "") -> SupportItem:
    """Item `code` stops on `effective_to` (its last day in force): certifications after that day
    no longer give it; entitlements already created keep their version."""
    _require_office(by)
    with _one_at_a_time(), transaction.atomic():
        item = SupportItem.objects.select_for_update().filter(code=code).order_by("-version").first()
        if item is None:
            raise ValidationError(_("待遇标准不存在。"))
        if item.effective_to is not None:
            raise ValidationError(_("该待遇已于%(date)s停止执行，如需恢复请发布新版本。") % {"date": item.effective_to})
        if effective_to < item.effective_from:
            raise ValidationError(
                {"effective_to": _("停止日期不能早于现行版本的生效日期（%(date)s）。") % {"date": item.effective_from}}
            )
        item.effective_to = effective_to
        item.save(update_fields=["effective_to"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=item,
            changes={"effective_to": [None, effective_to.isoformat()]},
            reason=note,
        )
    return item
