"""Personal data as the masked pages show it: the same masks as exports and the API."""

from django import template

from yingcai.registry.domain import masking

register = template.Library()


@register.filter
def masked_id_number(value: str) -> str:
    return masking.mask_id_number(value) if value else ""


@register.filter
def masked_phone(value: str) -> str:
    return masking.mask_phone(value) if value else ""


@register.filter
def birth_year(value) -> str:
    return masking.birth_year(value)
