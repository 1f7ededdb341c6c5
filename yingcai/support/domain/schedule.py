"""How a money entitlement is cut into instalments and when each falls due."""

import calendar
import datetime
from decimal import ROUND_DOWN, Decimal

FEN = Decimal("0.01")


def split_amount(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` equal instalments rounded down to the fen; the last one takes the
    remainder, so the parts always add up to the amount exactly: 100 000 in 3 → 33 333.33,
    33 333.33, 33 333.34. An amount too small to give every part a fen is paid in one."""
    amount = Decimal(amount).quantize(FEN)
    if amount <= 0:
        raise ValueError("an entitlement's amount is positive")
    parts = max(parts, 1)
    share = (amount / parts).quantize(FEN, rounding=ROUND_DOWN)
    if share <= 0:
        return [amount]
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def add_months_clamped(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter: 31 January
    + 1 month → 28 (29) February; 29 February 2028 + 12 months → 28 February 2029."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_dates(start: datetime.date, parts: int, interval_months: int) -> list[datetime.date]:
    """Instalment k (0-based) falls due on start + k × interval, always counted from `start` so a
    schedule that starts on the 31st comes back to the 31st wherever a month has one."""
    return [add_months_clamped(start, k * interval_months) for k in range(max(parts, 1))]
