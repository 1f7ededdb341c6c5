"""{% approve_and_next record %}: on a record's page opened from a review queue (?queue=<key>), the
form 审核通过并查看下一条, shown only when the reviewer may take the queue's step on it now."""

from django import template

from yingcai.workflows import queues
from yingcai.workflows.engine import get_workflow

register = template.Library()


@register.inclusion_tag("workflows/_approve_next.html", takes_context=True)
def approve_and_next(context, obj) -> dict:
    request = context.get("request")
    key = request.GET.get("queue", "") if request is not None else ""
    try:
        queue = queues.get_queue(key)
    except KeyError:
        return {}
    user = request.user
    workflow = get_workflow(queue.workflow)
    if not queue.for_user(user) or getattr(obj, workflow.state_field) != queue.state:
        return {}
    steps = [t for t in workflow.available(user, obj) if t.name in queue.approve]
    if not steps:
        return {}
    overdue_only = request.GET.get("overdue") == "1"
    return {
        "queue": queue,
        "obj": obj,
        "label": steps[0].label,
        "overdue_only": overdue_only,
        "back_url": queues.queue_url(queue, overdue_only),
        "csrf_token": context.get("csrf_token"),
    }
