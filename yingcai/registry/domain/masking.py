"""Masking of personal data in lists, exports and API answers (SPEC.md: masked unless allowed)."""

import re

from django.http import QueryDict

_ID_NUMBER = re.compile(r"\d{17}[\dXx]")


def mask_middle(value: str, *, head: int = 4, tail: int = 4) -> str:
    """Keep the first `head` and last `tail` characters; a value too short to keep any is all stars."""
    if len(value) < head + tail + 2:
        return "*" * len(value)
    return f"{value[:head]}{'*' * (len(value) - head - tail)}{value[-tail:]}"


# What of a 公民身份号码 (6 digits of the place of birth, 8 of the birth date, 3 of a sequence whose
# last is odd for men, a check character) stays visible. Lists show the birth year, the gender
# and the county beside it, so the 4 digits of province and city and the last 2 (the gender digit
# and the check character) are all that is kept: even knowing the 6-digit place code, about 3 300
# numbers fit (365 days × 100 sequences ÷ 11 check characters) — see tests/registry/test_masking.py.
# Never keep a digit of the birth date: the year is shown beside it, and month and day are what
# keep the number unguessable.
ID_NUMBER_HEAD, ID_NUMBER_TAIL = 4, 2


def mask_id_number(value: str) -> str:
    return mask_middle(value, head=ID_NUMBER_HEAD, tail=ID_NUMBER_TAIL)


def birth_year(value) -> str:
    """A birth date (a date or its ISO text) as the year only: what the masked views show."""
    return str(value)[:4] if value else ""


def mask_id_numbers_in_query(query_string: str) -> str:
    """A list's query string for the audit log: a searched ID number masked, the rest as it was."""
    params = QueryDict(query_string, mutable=True)
    for key, values in params.lists():
        # The search takes a number with spaces in it too: so does the mask.
        params.setlist(key, [_masked_if_id_number(v) for v in values])
    return params.urlencode(safe="*")


def _masked_if_id_number(value: str) -> str:
    key = "".join(value.split())
    return mask_id_number(key.upper()) if _ID_NUMBER.fullmatch(key) else value


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_name(name: str) -> str:
    """For the public (a certificate's verification page): 张三 → 张*, 张小明 → 张*明, 欧阳小明 → 欧**明 —
    enough to recognise, not to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"
