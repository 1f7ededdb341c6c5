"""Review chains as data (unit → county/department → talent office → …).

A `Workflow` declares its states and the transitions between them, each with who may take it
(a `rules` predicate over (user, record)) and whether a reason is required. Every flow that reviews
something (introductions, certification, support, selection) declares one and calls `perform`,
which checks, moves, records the step, audits and runs the transition's effects in one transaction.

Flows whose moves are not review steps (a round's stages, a notice, support, export/import jobs)
declare a Workflow too and move through `advance` (one record, inside the caller's transaction)
or `advance_all` (a queryset, compare-and-swap): the same check of the source state, of who may
take it and of the guards, without a ReviewStep row; the caller saves and audits as it did. A
transition no user takes by a button (the platform's task queue, or a consequence of another
step) is `allowed=BY_THE_PLATFORM`: no user passes it, and `advance` takes it without one.

Effects run inside the transaction and may only write (e.g. `notifications.domain.notify`, which
stores the messages there and mails them from the task queue after the commit): nothing is sent
outward from inside a transaction that may still roll back.

Every flow registers itself by name (`register`) in its app's `workflow.py`; the system check
`workflows.E001`–`E004` (`yingcai.workflows.checks`) reads them all at start-up and refuses a
malformed one, and `manage.py workflow_diagrams` draws them (README, 状态流转).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import rules
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.workflows.models import ReviewStep

Effect = Callable[[models.Model, ReviewStep | None], None]


@rules.predicate
def by_the_platform() -> bool:
    """Who takes a system transition: no user (see `advance`)."""
    return False


BY_THE_PLATFORM = by_the_platform


def permitted(perm: str, *, of: Callable[[models.Model], object] = lambda record: record) -> rules.Predicate:
    """The predicate "the user has `perm` on the record" (or on `of(record)`: the permission of a
    task on its entitlement), for a transition whose domain function checks that permission."""

    def check(user, obj=None) -> bool:
        return user is not None and user.has_perm(perm, of(obj) if obj is not None else None)

    return rules.predicate(check, name=f"permitted({perm})")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: rules.Predicate = BY_THE_PLATFORM
    needs_reason: bool = False
    # Checks that must pass before the move (raise ValidationError), and effects after it.
    guards: tuple[Callable[[models.Model], None], ...] = ()
    effects: tuple[Effect, ...] = ()
    style: str = "primary"  # how the button looks: primary, danger
    # The wording for a reviewer of a line department (主管部门) where `label` names the county
    # (县区审核通过): one step, taken by either, called by the reviewer's kind.
    department_label: str = ""

    def label_for(self, user) -> str:
        jurisdiction = getattr(user, "jurisdiction", None)
        if self.department_label and jurisdiction is not None and not jurisdiction.is_territorial:
            return self.department_label
        return self.label


@dataclass(frozen=True)
class Workflow:
    name: str
    states: type[models.TextChoices]
    initial: str
    transitions: tuple[Transition, ...]
    state_field: str = "state"
    final_states: tuple[str, ...] = field(default_factory=tuple)
    # What the diagram is called (README, `manage.py workflow_diagrams`).
    title: str = ""
    # States a record may also be created in, past the steps its case does not need (a support
    # entitlement that needs no confirmation starts active); each must be reachable from `initial`.
    entry_states: tuple[str, ...] = field(default_factory=tuple)

    def transition(self, name: str) -> Transition:
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise KeyError(name)

    def available(self, user, obj: models.Model) -> list[Transition]:
        """The transitions `user` may take on `obj` now, for the buttons on its page."""
        state = getattr(obj, self.state_field)
        return [
            replace(t, label=t.label_for(user))
            for t in self.transitions
            if state in t.sources and t.allowed.test(user, obj)
        ]

    def label_of(self, state: str) -> str:
        return str(self.states(state).label)

    def start(self, state: str | None = None) -> str:
        """The state a new record is created in: `initial`, or one of `entry_states`."""
        state = self.initial if state is None else state
        if state != self.initial and state not in self.entry_states:
            raise ValueError(f"a {self.name} is not created in state {state!r}")
        return state


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.name] = workflow
    return workflow


def unregister(name: str) -> None:
    """For tests that register a flow of their own."""
    _REGISTRY.pop(name, None)


def get_workflow(name: str) -> Workflow:
    return _REGISTRY[name]


def registered_workflows() -> list[Workflow]:
    return list(_REGISTRY.values())


def _wrong_state(workflow: Workflow, state: str, step_def: Transition) -> ValidationError:
    return ValidationError(
        _("当前状态为“%(state)s”，不能执行“%(action)s”。")
        % {"state": workflow.label_of(state), "action": step_def.label},
        code="wrong_state",
    )


def _check_actor(step_def: Transition, by, obj) -> None:
    if step_def.allowed is BY_THE_PLATFORM:
        return
    if by is None or not step_def.allowed.test(by, obj):
        raise PermissionDenied(_("您无权执行“%(action)s”。") % {"action": step_def.label})


def advance(*, workflow: Workflow, obj: models.Model, transition: str, by=None) -> str:
    """Move `obj` along `transition` in memory, checked as `perform` checks (source state, who, the
    guards) and with its effects (given no step): for a caller that holds `obj` locked in its own
    transaction and saves and audits it with its other changes. Returns the state it left.

    A transition `allowed=BY_THE_PLATFORM` is taken with or without `by` (the platform's task, or a
    consequence of the step `by` is taking); any other needs a `by` who may take it."""
    step_def = workflow.transition(transition)
    state = getattr(obj, workflow.state_field)
    if state not in step_def.sources:
        raise _wrong_state(workflow, state, step_def)
    _check_actor(step_def, by, obj)
    for guard in step_def.guards:
        guard(obj)
    setattr(obj, workflow.state_field, step_def.target)
    for effect in step_def.effects:
        effect(obj, None)
    return state


def advance_all(*, workflow: Workflow, queryset: models.QuerySet, transition: str, by=None, **fields) -> int:
    """Move every record of `queryset` still in one of the transition's sources, in one UPDATE that
    also sets `fields` (a compare-and-swap: a record another worker moved meanwhile is left as it
    is). Returns how many moved. Guards and effects need a record each: use `advance` for those."""
    step_def = workflow.transition(transition)
    if step_def.guards or step_def.effects:
        raise ValueError(f"{workflow.name}.{transition} has guards or effects: advance each record")
    movable = queryset.filter(**{f"{workflow.state_field}__in": step_def.sources})
    if step_def.allowed is not BY_THE_PLATFORM:
        for obj in movable:
            _check_actor(step_def, by, obj)
    return movable.update(**{workflow.state_field: step_def.target}, **fields)


def perform(*, workflow: Workflow, obj: models.Model, transition: str, by, reason: str = "") -> ReviewStep:
    """Take `transition` on `obj` as `by`: checked, moved, recorded, audited and effected at once."""
    step_def = workflow.transition(transition)
    step_def = replace(step_def, label=step_def.label_for(by))
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        state = getattr(locked, workflow.state_field)
        if state not in step_def.sources:
            raise _wrong_state(workflow, state, step_def)
        if not step_def.allowed.test(by, locked):
            raise PermissionDenied(_("您无权执行“%(action)s”。") % {"action": step_def.label})
        reason = reason.strip()
        if step_def.needs_reason and not reason:
            raise ValidationError({"reason": _("请填写%(action)s的原因。") % {"action": step_def.label}})
        for guard in step_def.guards:
            guard(locked)
        setattr(locked, workflow.state_field, step_def.target)
        locked.save(update_fields=[workflow.state_field])
        step = ReviewStep.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            workflow=workflow.name,
            transition=step_def.name,
            transition_label=step_def.label,
            from_state=state,
            to_state=step_def.target,
            actor=by,
            actor_name=getattr(by, "full_name", "") or by.get_username(),
            actor_scope=getattr(by, "scope_label", ""),
            reason=reason,
        )
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=locked,
            changes={workflow.state_field: [workflow.label_of(state), workflow.label_of(step_def.target)]},
            reason=f"{step_def.label}{'：' + reason if reason else ''}",
        )
        for effect in step_def.effects:
            effect(locked, step)
    setattr(obj, workflow.state_field, step_def.target)
    return step


def steps_of(obj: models.Model) -> models.QuerySet[ReviewStep]:
    return ReviewStep.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
