"""Money is written one way everywhere: 元 with thousands separators and two decimals
(1,234,567.00元). Pages use the `money` template library ({% load money %}): `yuan` adds 元, `amount`
is the bare number for columns headed （元）. Exports keep numbers as numbers and do not use these."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()
CENT = Decimal("0.01")


def format_amount(value) -> str:
    """1234567.5 → "1,234,567.50"; negatives keep their sign ("-30,000.00"); None/blank → "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{number:,.2f}"


def format_yuan(value) -> str:
    """1234567 → "1,234,567.00元" (and "—" for no amount)."""
    text = format_amount(value)
    return text if text == "—" else f"{text}元"


@register.filter(name="yuan")
def yuan_filter(value) -> str:
    return format_yuan(value)


@register.filter(name="amount")
def amount_filter(value) -> str:
    return format_amount(value)
