"""What only the talent can tell the platform (bank account, child's name and grade, spouse): the
checks of each field and how it is masked for everyone but the talent and the offices."""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.enums import ConfirmField
from yingcai.registry.domain.masking import mask_middle

BANK_ACCOUNT = re.compile(r"^\d{10,30}$")
NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z·．. ]{2,32}$")


@dataclass(frozen=True)
class FieldSpec:
    label: str
    max_length: int
    help_text: str = ""
    placeholder: str = ""


SPECS: dict[str, FieldSpec] = {
    ConfirmField.BANK_ACCOUNT: FieldSpec(
        gettext_lazy("收款银行账号"), 30, gettext_lazy("本人名下借记卡账号，10至30位数字")
    ),
    ConfirmField.BANK_NAME: FieldSpec(gettext_lazy("开户银行"), 64, "", gettext_lazy("如：中国工商银行平顶山分行")),
    ConfirmField.SPOUSE_NAME: FieldSpec(gettext_lazy("配偶姓名"), 32),
    ConfirmField.SPOUSE_EMPLOYER: FieldSpec(gettext_lazy("配偶原工作单位"), 128),
    ConfirmField.CHILD_NAME: FieldSpec(gettext_lazy("子女姓名"), 32),
    ConfirmField.CHILD_GRADE: FieldSpec(gettext_lazy("子女拟就读年级"), 32, "", gettext_lazy("如：小学三年级")),
}


def clean_confirmation(fields: list[str], data: dict) -> dict[str, str]:
    """The values of `fields` from `data`, checked; other keys are ignored. Raises a
    ValidationError naming each bad field."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in fields:
        spec = SPECS.get(name)
        if spec is None:
            continue
        value = str(data.get(name) or "").strip()
        if name == ConfirmField.BANK_ACCOUNT:
            value = re.sub(r"[\s-]", "", value)
        if not value:
            errors[name] = _("请填写%(field)s。") % {"field": spec.label}
        elif len(value) > spec.max_length:
            errors[name] = _("%(field)s不能超过%(n)s个字符。") % {"field": spec.label, "n": spec.max_length}
        elif name == ConfirmField.BANK_ACCOUNT and not BANK_ACCOUNT.match(value):
            errors[name] = _("银行账号须为10至30位数字（可含空格），请核对银行卡。")
        elif name in (ConfirmField.SPOUSE_NAME, ConfirmField.CHILD_NAME) and not NAME.match(value):
            errors[name] = _("%(field)s须为2至32个汉字或字母。") % {"field": spec.label}
        elif len(value) < 2:
            errors[name] = _("%(field)s填写不完整。") % {"field": spec.label}
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def mask_value(name: str, value: str) -> str:
    """Bank accounts keep their first and last four digits, names their first character, an
    employer its first two; the bank's name and the school grade are not personal."""
    if not value:
        return value
    if name == ConfirmField.BANK_ACCOUNT:
        return mask_middle(value)
    if name in (ConfirmField.SPOUSE_NAME, ConfirmField.CHILD_NAME):
        return value[0] + "*" * (len(value) - 1)
    if name == ConfirmField.SPOUSE_EMPLOYER:
        return value[:2] + "*" * max(len(value) - 2, 2)
    return value


def masked(confirmation: dict) -> dict[str, str]:
    return {name: mask_value(name, value) for name, value in (confirmation or {}).items()}


def labelled(confirmation: dict, *, reveal: bool) -> list[tuple[str, str]]:
    """(label, value) pairs to show, masked unless `reveal`."""
    values = confirmation if reveal else masked(confirmation)
    return [(str(SPECS[name].label) if name in SPECS else name, value) for name, value in (values or {}).items()]


def reveal_confirmation(*, by, entitlement) -> dict[str, str]:
    """The confirmed facts in clear, for those allowed (the talent, the talent office, the deciding
    department). Others than the talent see them masked until they ask, and every such reveal is
    logged (SPEC.md), as for ID numbers."""
    if not by.has_perm("support.see_confirmation", entitlement):
        raise PermissionDenied(_("您无权查看该待遇的完整确认信息。"))
    values = dict(entitlement.confirmation or {})
    if values and by.talent_id != entitlement.talent_id:
        record(actor=by, action=AuditAction.VIEW_PERSONAL_DATA, target=entitlement, changes={"fields": sorted(values)})
    return values


def shown_confirmation(user, entitlement, *, reveal: bool = False) -> dict[str, str]:
    """What `user` sees of the confirmed facts: the talent their own in clear; anyone else masked,
    unless `reveal` is asked by one allowed (logged)."""
    if user.is_authenticated and user.talent_id is not None and user.talent_id == entitlement.talent_id:
        return dict(entitlement.confirmation or {})
    if reveal:
        return reveal_confirmation(by=user, entitlement=entitlement)
    return masked(entitlement.confirmation)
