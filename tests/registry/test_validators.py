"""公民身份号码 (GB 11643), 统一社会信用代码 (GB 32100) and mobile numbers (SPEC.md, "Data that every
Chinese government system validates"): what is accepted, what is refused, and with which message."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc

from yingcai.registry import demo
from yingcai.registry.validators import (
    id_number_facts,
    normalize_credit_code,
    normalize_id_number,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

ID_LENGTH = "公民身份号码应为18位。"
ID_FORMAT = "公民身份号码前17位应为数字，最后一位为数字或X。"
ID_CHECKSUM = "公民身份号码校验码不正确，请核对后重新输入。"
ID_COMPONENT = "公民身份号码中的出生日期或地址码无效。"
ID_FUTURE = "公民身份号码中的出生日期晚于今天。"
ID_OLD = "公民身份号码中的出生日期不合理。"
USCC_LENGTH = "统一社会信用代码应为18位。"
USCC_FORMAT = "统一社会信用代码格式不正确（前8位为数字，其余为数字或大写字母，不含I、O、Z、S、V）。"
USCC_CHECKSUM = "统一社会信用代码校验码不正确，请核对后重新输入。"
MOBILE = "手机号码应为以1开头的11位数字。"


def make_id(born: datetime.date = datetime.date(1990, 5, 17), seq: int = 123, place: str = "410402") -> str:
    """A 公民身份号码 with the GB 11643 check character (ric.calc_check_digit drops the last char)."""
    stem = f"{place}{born:%Y%m%d}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def with_check(stem: str) -> str:
    """Complete 17 characters with the check character they need, whatever they contain."""
    return stem + ric.calc_check_digit(stem + "0")


def wrong_check(number: str) -> str:
    """The same number with a check character that is not the right one."""
    right = number[-1]
    wrong = "1" if right != "1" else "2"
    return number[:-1] + wrong


def make_credit_code(stem: str = "91410400MA47Y8K31") -> str:
    assert len(stem) == 17
    return stem + uscc.calc_check_digit(stem)


def refusal(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value


# --- 公民身份号码 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        make_id(),
        make_id(datetime.date(1983, 1, 1), seq=1),
        make_id(datetime.date(2000, 2, 29), seq=2, place="410482"),
        make_id(datetime.date(1975, 12, 31), seq=999, place="110101"),
    ],
)
def test_valid_id_number_is_accepted(number):
    assert ric.is_valid(number)
    validate_id_number(number)  # does not raise


def test_id_number_ending_in_x_is_accepted_and_lowercase_x_normalised():
    number = next(n for n in (make_id(seq=s) for s in range(1000)) if n.endswith("X"))
    lower = number[:-1] + "x"
    validate_id_number(number)
    validate_id_number(lower)
    assert normalize_id_number(lower) == number
    assert normalize_id_number(f"  {lower} ") == number


def test_wrong_check_character_is_refused():
    error = refusal(validate_id_number, wrong_check(make_id()))
    assert error.code == "id_checksum"
    assert error.messages == [ID_CHECKSUM]


@pytest.mark.parametrize("number", [make_id()[:17], make_id() + "1", "", "4104"])
def test_id_number_of_wrong_length_is_refused(number):
    error = refusal(validate_id_number, number)
    assert error.code == "id_length"
    assert error.messages == [ID_LENGTH]


@pytest.mark.parametrize("number", ["41040219900517A23X", "ABCDEF199005171234", "4104021990O5171234"])
def test_id_number_with_letters_in_the_first_17_is_refused(number):
    assert len(number) == 18
    error = refusal(validate_id_number, number)
    assert error.code == "id_format"
    assert error.messages == [ID_FORMAT]


@pytest.mark.parametrize("date_part", ["19900230", "19901301", "19900001", "19900100", "19010229"])
def test_impossible_birth_date_is_refused(date_part):
    number = with_check(f"410402{date_part}123")
    error = refusal(validate_id_number, number)
    assert error.code == "id_component"
    assert error.messages == [ID_COMPONENT]


def test_leap_day_is_a_real_birth_date():
    validate_id_number(with_check("41040219960229123"))


def test_full_width_digits_are_normalised():
    number = make_id()
    full_width = "".join(chr(ord(c) - ord("0") + ord("０")) for c in number)
    assert normalize_id_number(full_width) == number
    validate_id_number(full_width)


@pytest.mark.parametrize("place", ["999999", "000000", "990101"])
def test_unknown_region_code_is_refused(place):
    error = refusal(validate_id_number, make_id(place=place))
    assert error.code == "id_component"
    assert error.messages == [ID_COMPONENT]


@pytest.mark.parametrize("place", ["410499", "419999"])
def test_unknown_county_in_a_known_prefecture_is_refused_with_a_message(place):
    error = refusal(validate_id_number, make_id(place=place))
    assert error.code == "id_component"


def test_birth_date_today_is_accepted_tomorrow_is_refused():
    today = timezone.localdate()
    validate_id_number(make_id(today))
    error = refusal(validate_id_number, make_id(today + datetime.timedelta(days=1)))
    assert error.code == "id_future_birth"
    assert error.messages == [ID_FUTURE]


def test_birth_date_far_in_the_future_is_refused():
    error = refusal(validate_id_number, make_id(datetime.date(2099, 1, 1)))
    assert error.code == "id_future_birth"


def test_birth_date_more_than_120_years_ago_is_refused():
    # 110101 (东城区) is known to python-stdnum for every year, so only our own age limit applies.
    oldest = datetime.date(timezone.localdate().year - 120, 1, 1)
    validate_id_number(make_id(oldest, place="110101"))
    error = refusal(validate_id_number, make_id(oldest - datetime.timedelta(days=1), place="110101"))
    assert error.code == "id_old_birth"
    assert error.messages == [ID_OLD]


@pytest.mark.parametrize("born", [datetime.date(1970, 3, 8), datetime.date(1965, 10, 1), datetime.date(1982, 12, 31)])
def test_pingdingshan_number_of_someone_born_before_1983_is_accepted(born):
    validate_id_number(make_id(born, place="410402"))


@pytest.mark.parametrize(
    ("seq", "gender"), [(0, "female"), (1, "male"), (122, "female"), (123, "male"), (998, "female"), (999, "male")]
)
def test_id_number_facts_gender_from_the_17th_digit(seq, gender):
    number = make_id(datetime.date(1988, 7, 9), seq=seq)
    assert int(number[16]) % 2 == (1 if gender == "male" else 0)
    assert id_number_facts(number) == (datetime.date(1988, 7, 9), gender)


def test_id_number_facts_read_the_birth_date():
    assert id_number_facts(make_id(datetime.date(2000, 2, 29)))[0] == datetime.date(2000, 2, 29)
    assert id_number_facts(make_id(datetime.date(1983, 12, 1)))[0] == datetime.date(1983, 12, 1)


def test_id_number_facts_accept_lowercase_x():
    number = next(n for n in (make_id(seq=s) for s in range(1000)) if n.endswith("X"))
    assert id_number_facts(number[:-1] + "x") == id_number_facts(number)


def test_demo_id_numbers_carry_the_requested_birth_date_and_gender():
    rng = random.Random(7)
    for male in (True, False):
        number = demo.id_number(rng, born=datetime.date(1990, 1, 2), male=male)
        assert number[-1] == ric.calc_check_digit(number)
        assert id_number_facts(number) == (datetime.date(1990, 1, 2), "male" if male else "female")


# --- 统一社会信用代码 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [make_credit_code(), make_credit_code("91410402317401234"), demo.credit_code(random.Random(3))]
)
def test_valid_credit_code_is_accepted(code):
    assert uscc.is_valid(code)
    validate_credit_code(code)


def test_credit_code_is_normalised_to_uppercase_without_spaces():
    code = make_credit_code()
    assert normalize_credit_code(f" {code.lower()} ") == code
    validate_credit_code(code.lower())


def test_credit_code_with_wrong_check_character_is_refused():
    code = make_credit_code()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    error = refusal(validate_credit_code, wrong)
    assert error.code == "uscc_checksum"
    assert error.messages == [USCC_CHECKSUM]


@pytest.mark.parametrize("code", [make_credit_code()[:17], make_credit_code() + "1", "9141040"])
def test_credit_code_of_wrong_length_is_refused(code):
    error = refusal(validate_credit_code, code)
    assert error.code == "uscc_length"
    assert error.messages == [USCC_LENGTH]


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
@pytest.mark.parametrize("position", [8, 12, 17])
def test_credit_code_with_forbidden_letter_is_refused(letter, position):
    code = make_credit_code()
    bad = code[:position] + letter + code[position + 1 :]
    assert len(bad) == 18
    error = refusal(validate_credit_code, bad)
    assert error.code == "uscc_format"
    assert error.messages == [USCC_FORMAT]


def test_credit_code_with_letter_in_the_first_eight_is_refused():
    error = refusal(validate_credit_code, "9A410400MA47Y8K31" + "0")
    assert error.code == "uscc_format"


# --- 手机号码 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["13800138000", "19912345678", "15000000000", "17700000001", ""])
def test_mobile_accepts_eleven_digits_starting_13_to_19(number):
    validate_mobile(number)


@pytest.mark.parametrize(
    "number",
    [
        "1380013800",  # 10 digits
        "138001380001",  # 12 digits
        "12012345678",  # 12x is not a mobile prefix
        "11012345678",
        "10012345678",
        "23800138000",
        "1380013800a",
        "138-0013-8000",
        "+8613800138000",
    ],
)
def test_mobile_refuses_other_numbers(number):
    error = refusal(validate_mobile, number)
    assert error.code == "mobile"
    assert error.messages == [MOBILE]


@pytest.mark.parametrize("number", ["13８００１３８０００", "1380013800０", "13800138000\n"])
def test_mobile_refuses_non_ascii_digits_and_trailing_newline(number):
    with pytest.raises(ValidationError):
        validate_mobile(number)
