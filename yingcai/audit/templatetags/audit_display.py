"""`{% presented entries as items %}`: audit entries as people read them (yingcai.audit.presentation),
for the audit log and every history on a business page (`audit/_history.html`)."""

from django import template

from yingcai.audit.presentation import PresentedEntry, present, role_label

register = template.Library()


@register.simple_tag(takes_context=True)
def presented(context, entries) -> list[PresentedEntry]:
    if not entries:
        return []
    items = list(entries)
    if items and isinstance(items[0], PresentedEntry):
        return items
    request = context.get("request")
    return present(items, user=getattr(request, "user", None))


@register.filter
def role_name(value: str) -> str:
    return role_label(value)
