from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sort_header(listing, key: str, label: str) -> str:
    """A column title that sorts the table by `key`, and toggles direction when already sorted."""
    current = listing.sort
    if current == key:
        target, arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        target, arrow = key, " ↓"
    else:
        target, arrow = key, ""
    base = listing.query_without_sort
    href = f"?{base}&o={target}" if base else f"?o={target}"
    return format_html('<a href="{}" class="{}">{}{}</a>', href, "sorted" if arrow else "", label, arrow)


@register.simple_tag
def field_value(instance, name: str):
    """The display value of a field, using get_FOO_display for choices."""
    display = getattr(instance, f"get_{name}_display", None)
    return display() if callable(display) else getattr(instance, name)
