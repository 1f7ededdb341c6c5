"""Review queues: the records waiting at one step of a review chain for one kind of reviewer.

Each area that reviews something declares its queues in a `review_queues.py` module (a tuple
`QUEUES` of `ReviewQueue`), the way it contributes its menu and its 待办; this module finds them,
so workflows never imports the areas above it.

A step has a deadline in working days (a policy rule per step, `rule_key`, read on the day asked
about). It is counted from the day after the record reached the step (民法典 第二百零一条: the first
day of a period is not counted) through today, by the official holiday schedule (yingcai.workdays).
The rule says "不超过 N 个工作日": a record that has waited exactly N working days is on time, one
that has waited N+1 is overdue. When the calendar of a year the count needs is not known yet, the
wait is 待定 and nothing is flagged (as the support tasks do).

Approving many at once takes each record through the engine on its own (`approve_many`): its
permission and guards are checked, it is audited, and a record that is refused does not stop the
others. Returning stays one at a time: it needs a reason of its own.
"""

import datetime
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.workdays.domain import UnknownCalendarYear, nth_working_day_back, working_days_in
from yingcai.workflows.engine import get_workflow, perform
from yingcai.workflows.models import ReviewStep


@dataclass(frozen=True)
class ReviewQueue:
    key: str  # in the address: /reviews/<key>/
    label: str  # what waits, for the page title and the 待办 ("待审核的引进记录")
    workflow: str  # the registered Workflow's name
    state: str  # the step the records wait at
    # The transitions that pass a record, the first one open to the reviewer on it is taken (the
    # office confirms an introduction as 已确认 or 待转入 by its transfer date).
    approve: tuple[str, ...]
    rule_key: str  # the policy rule with the step's deadline in working days
    roles: tuple[str, ...]  # the reviewers' roles (accounts.enums.Role values)
    scope: Callable[..., models.QuerySet]  # scope(user): every record of the kind the user may see
    detail_url: Callable[[models.Model], str]
    describe: Callable[[models.Model], tuple[str, str]]  # (title, second line) of a row
    arrived_field: str = "created_at"  # when no step was recorded (a record made in this state)
    select_related: tuple[str, ...] = ()
    order: int = 50

    def approve_label(self, user) -> str:
        return get_workflow(self.workflow).transition(self.approve[0]).label_for(user)

    def for_user(self, user) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.role in self.roles

    def waiting(self, user) -> models.QuerySet:
        """The records in the user's scope waiting at the step, each with `arrived_at`: when it
        last reached the step (its newest step into this state, else when it was made)."""
        queryset = self.scope(user).filter(**{get_workflow(self.workflow).state_field: self.state})
        content_type = ContentType.objects.get_for_model(queryset.model)
        arrivals = ReviewStep.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), to_state=self.state
        ).order_by("-at", "-pk")
        return queryset.select_related(*self.select_related).annotate(
            arrived_at=Coalesce(Subquery(arrivals.values("at")[:1]), F(self.arrived_field))
        )


@cache
def _declared() -> tuple[ReviewQueue, ...]:
    found: list[ReviewQueue] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("yingcai."):
            continue
        try:
            module = import_module(f"{config.name}.review_queues")
        except ModuleNotFoundError:
            continue
        found.extend(module.QUEUES)
    return tuple(sorted(found, key=lambda q: (q.order, q.key)))


def all_queues() -> tuple[ReviewQueue, ...]:
    return _declared()


def queues_for(user) -> list[ReviewQueue]:
    return [queue for queue in _declared() if queue.for_user(user)]


def get_queue(key: str) -> ReviewQueue:
    for queue in _declared():
        if queue.key == key:
            return queue
    raise KeyError(key)


def queue_url(queue: ReviewQueue, overdue_only: bool = False) -> str:
    url = reverse("workflows:queue", args=[queue.key])
    return f"{url}?overdue=1" if overdue_only else url


# --- the deadline ----------------------------------------------------------------------------------

# The versioned rules live in an app above this one (policy): it registers how a rule in force is
# read (`register_rule_reader(rule_in_force)` in its ready()); a rule has .value, .article,
# .version and .note.
_read_rule: Callable[[str, datetime.date], Any] | None = None


def register_rule_reader(reader: Callable[[str, datetime.date], Any]) -> None:
    global _read_rule
    _read_rule = reader


def _rule_in_force(key: str, on: datetime.date) -> Any:
    if _read_rule is None:
        raise RuntimeError("No rule reader registered (yingcai.policy registers it in its ready()).")
    return _read_rule(key, on)


@dataclass(frozen=True)
class Deadline:
    """The step's rule on `today`, and the moment before which a record's arrival makes it
    overdue (None: 待定, the calendar of a year the count needs is not known)."""

    rule: Any  # the versioned rule (policy.PolicyRule)
    today: datetime.date
    overdue_before: datetime.datetime | None

    @property
    def working_days(self) -> int:
        return int(self.rule.value)

    @property
    def known(self) -> bool:
        return self.overdue_before is not None


def deadline_of(queue: ReviewQueue, today: datetime.date) -> Deadline:
    """A record is overdue when more than N working days lie between the day after its arrival and
    today: it arrived before the (N+1)-th working day counting back from today."""
    rule = _rule_in_force(queue.rule_key, today)
    try:
        first_late_start = nth_working_day_back(today, int(rule.value) + 1)
    except UnknownCalendarYear:
        return Deadline(rule=rule, today=today, overdue_before=None)
    start = datetime.datetime.combine(first_late_start, datetime.time.min)
    return Deadline(rule=rule, today=today, overdue_before=timezone.make_aware(start))


def _overdue_q(deadline: Deadline) -> models.Q:
    if not deadline.known:
        return models.Q(pk__in=[])
    return models.Q(arrived_at__lt=deadline.overdue_before)


def ordered(queryset: models.QuerySet, deadline: Deadline, *, overdue_only: bool = False) -> models.QuerySet:
    """Overdue records first, then the oldest arrivals first (the same order within each)."""
    if overdue_only:
        queryset = queryset.filter(_overdue_q(deadline))
    late = Case(When(_overdue_q(deadline), then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(late=late).order_by("late", "arrived_at", "pk")


def overdue_count(queue: ReviewQueue, user, today: datetime.date) -> int:
    """What the 待办 shows: the same query as the queue's 仅看超期 list."""
    return ordered(queue.waiting(user), deadline_of(queue, today), overdue_only=True).count()


@dataclass(frozen=True)
class Wait:
    """How long one record has waited at the step, against its deadline."""

    arrived_on: datetime.date
    limit: int
    waited: int | None  # working days since the day after arrival; None: 待定

    @property
    def known(self) -> bool:
        return self.waited is not None

    @property
    def overdue(self) -> bool:
        return self.waited is not None and self.waited > self.limit

    @property
    def overdue_by(self) -> int:
        return max(0, (self.waited or 0) - self.limit)

    @property
    def remaining(self) -> int:
        return max(0, self.limit - (self.waited or 0))


def waits_of(records: Iterable[models.Model], deadline: Deadline) -> dict[int, Wait]:
    """The wait of each record of a page (annotated by `ReviewQueue.waiting`), from one look at the
    calendar for the whole page."""
    records = list(records)
    arrivals = {r.pk: timezone.localdate(r.arrived_at) for r in records}
    limit = deadline.working_days
    if not arrivals:
        return {}
    first = min(arrivals.values()) + datetime.timedelta(days=1)
    try:
        workdays = working_days_in(first, deadline.today) if deadline.known else None
    except UnknownCalendarYear:
        workdays = None
    waits = {}
    for pk, arrived_on in arrivals.items():
        # Working days in (arrived_on, today]: those after arrived_on in the sorted list.
        waited = None if workdays is None else len(workdays) - bisect_right(workdays, arrived_on)
        waits[pk] = Wait(arrived_on=arrived_on, limit=limit, waited=waited)
    return waits


# --- taking the step ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    pk: int
    title: str  # what the reviewer may know of the record ("编号 N" when it is not theirs to see)
    reason: str


@dataclass(frozen=True)
class BatchOutcome:
    approved: list[models.Model]
    refused: list[Refusal]


def refusal_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or _("您无权执行该操作。")


def approve_one(*, queue: ReviewQueue, by, obj: models.Model, reason: str = "") -> ReviewStep:
    """Take the queue's approving step on one record, through the engine (which checks the state,
    the permission and the guards again, under a lock)."""
    workflow = get_workflow(queue.workflow)
    open_ones = {t.name for t in workflow.available(by, obj)}
    name = next((name for name in queue.approve if name in open_ones), queue.approve[0])
    return perform(workflow=workflow, obj=obj, transition=name, by=by, reason=reason)


def approve_many(*, queue: ReviewQueue, by, ids: Iterable[int], reason: str = "") -> BatchOutcome:
    """Approve each record on its own (its own transaction, checks and audit entry): the ones that
    pass stay passed when another is refused, and each refusal says why. A record outside the
    reviewer's scope is refused without telling anything of it."""
    approved: list[models.Model] = []
    refused: list[Refusal] = []
    wanted = list(dict.fromkeys(int(pk) for pk in ids))
    found = {obj.pk: obj for obj in queue.scope(by).filter(pk__in=wanted).select_related(*queue.select_related)}
    for pk in wanted:
        obj = found.get(pk)
        if obj is None or not queue.for_user(by):
            refused.append(Refusal(pk, _("编号 %(pk)s") % {"pk": pk}, _("不在您的审核范围内，未处理。")))
            continue
        try:
            approve_one(queue=queue, by=by, obj=obj, reason=reason)
        except (ValidationError, PermissionDenied) as error:
            refused.append(Refusal(pk, queue.describe(obj)[0], refusal_text(error)))
        else:
            approved.append(obj)
    return BatchOutcome(approved=approved, refused=refused)


def next_in_queue(*, queue: ReviewQueue, user, after: int, order: list[int], today: datetime.date, overdue_only: bool):
    """The record to open after `after` was dealt with: the next one still waiting in the order the
    queue showed (`order`, the ids before the step), else the first one still waiting; None when
    the queue is empty."""
    waiting = ordered(queue.waiting(user), deadline_of(queue, today), overdue_only=overdue_only)
    still = set(waiting.exclude(pk=after).values_list("pk", flat=True))
    if not still:
        return None
    position = order.index(after) if after in order else -1
    for pk in order[position + 1 :] + order[: max(position, 0)]:
        if pk in still:
            return waiting.get(pk=pk)
    return waiting.exclude(pk=after).first()
