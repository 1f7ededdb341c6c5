"""Every registered flow is well formed, checked at start-up (`manage.py check`, runserver, migrate):
`initial` is a state, every transition goes between declared states, every state can be reached
from `initial`, and a final state has no way out."""

from django.core import checks
from django.utils.module_loading import autodiscover_modules

from yingcai.workflows.engine import Workflow, registered_workflows


def discover() -> list[Workflow]:
    """Every flow of the installed apps: each declares its own in `<app>/workflow.py`."""
    autodiscover_modules("workflow")
    return registered_workflows()


def problems_of(workflow: Workflow) -> list[tuple[str, str]]:
    """What is wrong with `workflow`, as (check id, message); empty when it is well formed."""
    states = set(workflow.states.values)
    initial = str(workflow.initial)
    found: list[tuple[str, str]] = []
    if workflow.initial not in states:
        found.append(("workflows.E001", f"initial state {initial!r} is not one of its states"))
    for state in map(str, (*workflow.final_states, *workflow.entry_states)):
        if state not in states:
            found.append(("workflows.E001", f"state {state!r} (final or entry) is not one of its states"))
    names = [t.name for t in workflow.transitions]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(("workflows.E002", f"transition {name!r} is declared twice"))
    for t in workflow.transitions:
        for state in map(str, (*t.sources, t.target)):
            if state not in states:
                found.append(("workflows.E002", f"transition {t.name!r} names undeclared state {state!r}"))
        if not t.sources:
            found.append(("workflows.E002", f"transition {t.name!r} has no source state"))
    for state in map(str, workflow.final_states):
        exits = [t.name for t in workflow.transitions if state in t.sources]
        if exits:
            found.append(("workflows.E003", f"final state {state!r} has exits: {', '.join(exits)}"))
    reached = {initial}
    frontier = [initial]
    while frontier:
        state = frontier.pop()
        for t in workflow.transitions:
            if state in t.sources and str(t.target) not in reached:
                reached.add(str(t.target))
                frontier.append(str(t.target))
    for state in workflow.states.values:
        if state not in reached:
            found.append(("workflows.E004", f"state {state!r} cannot be reached from {initial!r}"))
    return found


def check_workflows(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(f"Workflow {workflow.name!r}: {message}", id=check_id, obj=workflow.name)
        for workflow in discover()
        for check_id, message in problems_of(workflow)
    ]
