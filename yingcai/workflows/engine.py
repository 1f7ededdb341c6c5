"""Review chains as data (unit → county/department → talent office → …).

A `Workflow` declares its states and the transitions between them, each with who may take it
(a `rules` predicate over (user, record)) and whether a reason is required. Every flow that reviews
something (introductions, certification, support, selection) declares one and calls `perform`,
which checks, moves, records the step, audits and runs the transition's effects in one transaction.
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

Effect = Callable[[models.Model, ReviewStep], None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: rules.Predicate
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


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.name] = workflow
    return workflow


def get_workflow(name: str) -> Workflow:
    return _REGISTRY[name]


def registered_workflows() -> list[Workflow]:
    return list(_REGISTRY.values())


def perform(*, workflow: Workflow, obj: models.Model, transition: str, by, reason: str = "") -> ReviewStep:
    """Take `transition` on `obj` as `by`: checked, moved, recorded, audited and effected at once."""
    step_def = workflow.transition(transition)
    step_def = replace(step_def, label=step_def.label_for(by))
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        state = getattr(locked, workflow.state_field)
        if state not in step_def.sources:
            raise ValidationError(
                _("当前状态为“%(state)s”，不能执行“%(action)s”。")
                % {"state": workflow.label_of(state), "action": step_def.label},
                code="wrong_state",
            )
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
