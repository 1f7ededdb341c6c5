"""A notice's state tag, the same on every page: `{% load publicity %}{% notice_status notice %}`.
The state is `yingcai.publicity.domain.notice_status`, nowhere else."""

from django import template
from django.utils import timezone

from yingcai.publicity.domain import notice_status as compute_status
from yingcai.publicity.domain import objection_contact

register = template.Library()


@register.inclusion_tag("publicity/_status.html")
def notice_status(publicity, on=None):
    return {"status": compute_status(publicity, on or timezone.localdate())}


@register.inclusion_tag("publicity/_contact.html")
def objection_contact_block():
    return {"contact": objection_contact()}
