"""Who works a review queue: the reviewers of its step (ReviewQueue.roles). What they see in it is
the area's own scope; each record is checked again by the engine when it is approved."""

import rules


@rules.predicate
def works_the_queue(user, queue) -> bool:
    return queue is not None and queue.for_user(user)


rules.add_perm("workflows.work_queue", works_the_queue)
