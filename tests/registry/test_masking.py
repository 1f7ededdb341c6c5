"""What a masked view gives away of an ID number: it must not narrow the number to a few candidates.

A masked view shows the masked number, the birth year, the gender and the county. The attacker is
assumed to know even the 6-digit place code (the county usually is the place of birth); the test
counts every valid number that would be shown exactly the same way.
"""

import datetime
from urllib.parse import quote

import pytest
from stdnum.cn import ric

from yingcai.registry.domain.masking import birth_year, mask_id_number, mask_id_numbers_in_query, mask_middle

# The fewest numbers that must fit what is shown: a set this large cannot be tried one by one
# (and the platform confirms none: see test_id_number_search.py).
AT_LEAST = 1000


def _number(place: str, born: datetime.date, seq: int) -> str:
    stem = f"{place}{born:%Y%m%d}{seq:03d}"
    return stem + ric.calc_check_digit(stem + "0")


def candidates(number: str, *, mask=mask_id_number, shown_birth=birth_year) -> int:
    """How many valid numbers show as `number` does: same mask, same birth as shown, same gender,
    same place of birth."""
    place, born, seq = number[:6], ric.get_birth_date(number), int(number[14:17])
    shown = (mask(number), shown_birth(born), seq % 2)
    day = datetime.date(born.year, 1, 1)
    count = 0
    while day.year == born.year:
        if shown_birth(day) == shown[1]:
            for other in range(seq % 2, 1000, 2):  # the same gender
                candidate = _number(place, day, other)
                if (mask(candidate), shown_birth(day), other % 2) == shown:
                    count += 1
        day += datetime.timedelta(days=1)
    return count


NUMBERS = [_number("410402", datetime.date(1985, 3, 7), 123), _number("410423", datetime.date(1992, 12, 31), 8)]


def test_masked_number_with_birth_year_leaves_thousands_of_candidates():
    for number in NUMBERS:
        assert candidates(number) >= AT_LEAST


def test_the_count_sees_a_leak_the_old_view_had():
    """The old view (first 4 and last 4 kept, the birth date in clear) left one number once the
    place is known: the counter must see that, or it proves nothing."""

    def old_mask(value):
        return mask_middle(value, head=4, tail=4)

    for number in NUMBERS:
        assert candidates(number, mask=old_mask, shown_birth=lambda born: born) == 1
        assert candidates(number, mask=old_mask) < AT_LEAST  # even with the year only


def test_the_mask_keeps_no_digit_of_the_birth_date_or_the_sequence():
    for number in NUMBERS:
        masked = mask_id_number(number)
        assert len(masked) == len(number)
        assert set(masked[4:16]) == {"*"}
        assert masked[:4] == number[:4] and masked[-2:] == number[-2:]


def test_birth_year_is_the_year_only():
    assert birth_year(datetime.date(1985, 3, 7)) == "1985"
    assert birth_year("1985-03-07") == "1985"
    assert birth_year(None) == ""


@pytest.mark.parametrize("typed", ["11010519491231002X", "110105 19491231 002x", " 110105194912310 02X "])
def test_a_searched_number_is_masked_in_the_query_kept_for_the_audit_log_however_it_was_typed(typed):
    kept = mask_id_numbers_in_query(f"q={quote(typed)}&page=2")
    assert "19491231" not in kept.replace("+", "").replace("%20", "")
    assert "q=1101************2X" in kept and "page=2" in kept
