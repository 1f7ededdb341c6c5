"""待办: the records waiting past their review deadline, per queue the user works; the figure is the
count of the queue's 仅看超期 list it links to (the same query)."""

from django.utils.translation import gettext as _

from yingcai.core.navigation import TodoItem
from yingcai.workflows.queues import overdue_count, queue_url, queues_for


def items(user, today) -> list[TodoItem]:
    found = []
    for queue in queues_for(user):
        count = overdue_count(queue, user, today)
        label = _("%(queue)s（已超过审核时限）") % {"queue": queue.label}
        found.append(TodoItem(label, count, queue_url(queue, overdue_only=True), urgent=True, order=queue.order))
    return found
