from django.urls import reverse

from yingcai.core.navigation import NavEntry
from yingcai.workflows.queues import queues_for


def entries(user) -> list[NavEntry]:
    """One entry per review queue the user works, on the workbench beside the home page."""
    return [
        NavEntry(
            "workbench", queue.label, reverse("workflows:queue", args=[queue.key]), f"review-queue-{queue.key}", 10 + i
        )
        for i, queue in enumerate(queues_for(user))
    ]
