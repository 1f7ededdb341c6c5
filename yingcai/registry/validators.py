"""Validators for the numbers every Chinese government system checks (SPEC.md).

Messages are in Chinese and name the field, because they are shown as they are to clerks.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric, uscc

MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")


def normalize_id_number(value: str) -> str:
    return ric.compact(value or "")


def validate_id_number(value: str) -> None:
    """公民身份号码 per GB 11643: 18 characters, a real birth date and place, the check character."""
    number = normalize_id_number(value)
    try:
        _validate_ric(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(_("公民身份号码应为18位。"), code="id_length") from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(_("公民身份号码前17位应为数字，最后一位为数字或X。"), code="id_format") from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("公民身份号码校验码不正确，请核对后重新输入。"), code="id_checksum") from None
    except stdnum_errors.InvalidComponent:
        raise ValidationError(_("公民身份号码中的出生日期或地址码无效。"), code="id_component") from None
    birth = ric.get_birth_date(number)
    today = timezone.localdate()
    if birth > today:
        raise ValidationError(_("公民身份号码中的出生日期晚于今天。"), code="id_future_birth")
    if birth < datetime.date(today.year - 120, 1, 1):
        raise ValidationError(_("公民身份号码中的出生日期不合理。"), code="id_old_birth")


def _validate_ric(number: str) -> None:
    """python-stdnum's checks, except that the address code need not have existed in the birth
    year: it records where the number was first issued (GB 11643), so a 新华区 number (code from
    1983) of a person born in 1970 is genuine."""
    if len(number) != 18:
        raise stdnum_errors.InvalidLength()
    if not number[:-1].isascii() or not number[:-1].isdigit():
        raise stdnum_errors.InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise stdnum_errors.InvalidChecksum()
    ric.get_birth_date(number)
    found = {key: value for _part, props in numdb.get("cn/loc").info(number[:6]) for key, value in props.items()}
    if not found.get("county"):
        raise stdnum_errors.InvalidComponent()


def id_number_facts(value: str) -> tuple[datetime.date, str]:
    """(birth date, gender) read from a valid 公民身份号码: the 17th digit is odd for men."""
    number = normalize_id_number(value)
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return ric.get_birth_date(number), gender


def normalize_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 per GB 32100: 18 characters from its alphabet, with the check character."""
    code = normalize_credit_code(value)
    try:
        uscc.validate(code)
    except stdnum_errors.InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="uscc_length") from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("统一社会信用代码格式不正确（前8位为数字，其余为数字或大写字母，不含I、O、Z、S、V）。"),
            code="uscc_format",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验码不正确，请核对后重新输入。"), code="uscc_checksum") from None


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.fullmatch(value):
        raise ValidationError(_("手机号码应为以1开头的11位数字。"), code="mobile")
