"""Support for certified talents (第十三条): granted without an application (免申即享), confirmed by
the talent where only they know the facts, decided by the responsible office, stopped when the
talent leaves the city or the certification is revoked."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.accounts.recipients import jurisdiction_staff, talent_accounts
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.core.money import format_amount
from yingcai.notifications.domain import notify
from yingcai.policy.models import SupportItem
from yingcai.registry.models import Talent
from yingcai.support.domain.confirmation import SPECS, clean_confirmation, masked
from yingcai.support.domain.schedule import due_dates, split_amount
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment
from yingcai.support.rules import task_of
from yingcai.support.workflow import DECISION_TASK, ENTITLEMENT, INSTALMENT
from yingcai.workdays.domain import UnknownCalendarYear, add_working_days
from yingcai.workflows.engine import advance, advance_all

# States in which nothing more happens to an entitlement.
FINAL_STATES = (EntitlementState.COMPLETED, EntitlementState.STOPPED)
NOTIFY_KIND = "support"


def support_url(talent_id: int) -> str:
    return reverse("support:talent", args=[talent_id])


def decision_due(dispatched_on: datetime.date, working_days: int) -> datetime.date:
    """The last day of the office's period: `working_days` 工作日 counted from the day after the
    task was dispatched (the day of the event itself is not counted, 民法典第二百零一条), on the
    official holiday calendar with its 调休 workdays."""
    try:
        return add_working_days(dispatched_on + datetime.timedelta(days=1), max(working_days, 1))
    except UnknownCalendarYear as unknown:
        raise ValidationError(str(unknown)) from None


def _due_when_known(dispatched_on: datetime.date, working_days: int) -> datetime.date | None:
    """`decision_due`, or None while the holiday schedule of a year the period reaches is not
    entered yet (from December the period of a task often ends in the next year): the talent's
    confirmation is never refused for it, the task waits with its period 待定 and
    `fill_pending_due_dates` sets it once the office enters that year's calendar."""
    try:
        return add_working_days(dispatched_on + datetime.timedelta(days=1), max(working_days, 1))
    except UnknownCalendarYear:
        return None


def fill_pending_due_dates() -> int:
    """Set the period of every open task dispatched while its calendar year was unknown, counted
    from the day it was dispatched, and tell the responsible office. Called when the office changes
    the working-day calendar (`yingcai.workdays.signals.calendar_changed`) and daily by the queue.
    Returns how many tasks got their period."""
    filled = 0
    pending = DecisionTask.objects.filter(state=TaskState.OPEN, due_on__isnull=True).select_related(
        "entitlement__item", "entitlement__talent"
    )
    for task in pending:
        dispatched_on = timezone.localdate(task.created_at)
        due = _due_when_known(dispatched_on, task.entitlement.item.decision_working_days or 1)
        if due is None:
            continue
        with transaction.atomic():
            updated = DecisionTask.objects.filter(pk=task.pk, due_on__isnull=True).update(due_on=due)
            if not updated:
                continue
            task.due_on = due
            record(
                actor=None,
                action=AuditAction.UPDATE,
                target=task.entitlement,
                changes={"task_due_on": [None, due.isoformat()]},
                reason=_("工作日历已录入，按工作日计算办理期限"),
            )
            if task.office_id is not None:
                _tell_office(task)
        filled += 1
    return filled


def grant_entitlements(*, by, certification: Certification) -> list[Entitlement]:
    """免申即享: the support the rules give the certification's tier on its certified_on date,
    created without any application. Idempotent: an item already granted is not granted again.
    Each entitlement keeps the rule version that granted it, so a later change of an amount
    changes the entitlements of later certifications, never this one's (第十四条)."""
    from yingcai.policy.tiers import support_items_in_force

    if not by.has_perm("support.grant"):
        raise PermissionDenied(_("只有市委人才办可以生成人才待遇。"))
    with transaction.atomic():
        certification = Certification.objects.select_for_update().select_related("talent").get(pk=certification.pk)
        if certification.state != CertificationState.CERTIFIED or certification.certified_on is None:
            raise ValidationError(_("只有已认定的人才才能享受待遇（第十三条）。"))
        granted_codes = set(certification.entitlements.values_list("item__code", flat=True))
        items = support_items_in_force(certification.tier_code, certification.certified_on)
        made = [
            _grant(by=by, certification=certification, item=item) for item in items if item.code not in granted_codes
        ]
        if made:
            _tell_talent_and_offices(certification, made)
        return list(certification.entitlements.select_related("item", "task", "task__office").order_by("kind", "id"))


def _grant(*, by, certification: Certification, item: SupportItem) -> Entitlement:
    if item.confirm_fields:
        state = EntitlementState.AWAITING_CONFIRMATION
    elif item.needs_decision:
        state = EntitlementState.AWAITING_DECISION
    else:
        state = EntitlementState.ACTIVE
    entitlement = Entitlement.objects.create(
        certification=certification,
        talent=certification.talent,
        item=item,
        kind=item.kind,
        name=item.name,
        amount=item.amount,
        state=ENTITLEMENT.start(state),
    )
    schedule = []
    if item.amount is not None:
        parts = split_amount(item.amount, item.instalments)
        dates = due_dates(certification.certified_on, len(parts), item.interval_months)
        Instalment.objects.bulk_create(
            [
                Instalment(entitlement=entitlement, sequence=k + 1, due_on=day, amount=part)
                for k, (day, part) in enumerate(zip(dates, parts, strict=True))
            ]
        )
        schedule = [f"{day.isoformat()} {part}" for day, part in zip(dates, parts, strict=True)]
    if state == EntitlementState.AWAITING_DECISION:
        _dispatch(entitlement, item, certification.certified_on)
    record(
        actor=by,
        action=AuditAction.CREATE,
        target=entitlement,
        changes={
            "name": [None, entitlement.name],
            "amount": [None, str(entitlement.amount) if entitlement.amount is not None else None],
            "state": [None, entitlement.state],
            "rule": [None, item.citation],
            "instalments": [None, schedule],
        },
        reason=_("免申即享：认定后按规则自动生成"),
    )
    return entitlement


def _dispatch(entitlement: Entitlement, item: SupportItem, on: datetime.date) -> DecisionTask:
    task = DecisionTask.objects.create(
        entitlement=entitlement,
        office=item.responsible_office,
        due_on=_due_when_known(on, item.decision_working_days or 1),
    )
    entitlement.task = task
    return task


def _tell_talent_and_offices(certification: Certification, made: list[Entitlement]) -> None:
    url = support_url(certification.talent_id)
    lines = []
    to_confirm = []
    for e in made:
        amount = _("，%(amount)s元") % {"amount": format_amount(e.amount)} if e.amount is not None else ""
        lines.append(f"· {e.get_kind_display()}：{e.name}{amount}")
        if e.state == EntitlementState.AWAITING_CONFIRMATION:
            fields = "、".join(str(SPECS[f].label) for f in e.item.confirm_fields if f in SPECS)
            to_confirm.append(f"· {e.name}：{fields}")
    body = _("根据认定层次，您无需申请即可享受以下待遇（免申即享）：") + "\n" + "\n".join(lines)
    if to_confirm:
        body += "\n" + _("请登录平台确认以下信息后兑现：") + "\n" + "\n".join(to_confirm)
    notify(
        users=talent_accounts(certification.talent_id),
        title=_("您的人才待遇已生成"),
        body=body,
        url=url,
        kind=NOTIFY_KIND,
    )
    for e in made:
        task = task_of(e)
        if task is not None:
            _tell_office(task)


def _tell_office(task: DecisionTask) -> None:
    entitlement = task.entitlement
    notify(
        users=jurisdiction_staff(task.office_id),
        title=_("待办：%(talent)s的%(name)s") % {"talent": entitlement.talent.name, "name": entitlement.name},
        body=(
            _("请于%(due)s前办结并登记办理结果。") % {"due": task.due_on.isoformat()}
            if task.due_on is not None
            else _("办理期限按工作日计算，待人才办录入下一年度工作日历后确定，届时另行通知。")
        ),
        url=reverse("support:tasks"),
        kind=NOTIFY_KIND,
    )


def confirm(*, by, entitlement: Entitlement, data: dict[str, Any], version: int | None = None) -> Entitlement:
    """The talent (or their unit) supplies what the platform cannot know. Stored as given, shown
    and logged masked. An entitlement waiting for a decision then goes to the responsible office."""
    if not by.has_perm("support.confirm", entitlement):
        raise PermissionDenied(_("只有人才本人或其所在单位可以确认待遇信息。"))
    with transaction.atomic():
        entitlement = (
            Entitlement.objects.select_for_update(of=("self",)).select_related("item", "talent").get(pk=entitlement.pk)
        )
        if version is not None and entitlement.version != version:
            raise ValidationError(_("该待遇已被他人更新，请刷新页面后重新确认。"))
        fields = list(entitlement.item.confirm_fields or [])
        if not fields:
            raise ValidationError(_("该待遇无需本人确认信息。"))
        if entitlement.state in FINAL_STATES:
            raise ValidationError(
                _("该待遇%(state)s，不能再修改确认信息。") % {"state": entitlement.get_state_display()}
            )
        values = clean_confirmation(fields, data)
        before = masked(entitlement.confirmation)
        entitlement.confirmation = values
        entitlement.confirmed_at = timezone.now()
        entitlement.confirmed_by = by
        first = entitlement.state == EntitlementState.AWAITING_CONFIRMATION
        task = None
        if first:
            if entitlement.item.needs_decision:
                advance(workflow=ENTITLEMENT, obj=entitlement, transition="confirm_for_decision", by=by)
                task = task_of(entitlement) or _dispatch(entitlement, entitlement.item, timezone.localdate())
            else:
                advance(workflow=ENTITLEMENT, obj=entitlement, transition="confirm", by=by)
        entitlement.version += 1
        entitlement.save()
        after = masked(values)
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=entitlement,
            changes={
                **{k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]},
                **({"state": [EntitlementState.AWAITING_CONFIRMATION, entitlement.state]} if first else {}),
            },
            reason=_("本人确认待遇信息") if by.role == Role.TALENT else _("单位代为确认待遇信息"),
        )
        if task is not None:
            _tell_office(task)
    return entitlement


def decide_task(*, by, task: DecisionTask, outcome: str) -> DecisionTask:
    """The responsible office (or the talent office) records how it honoured the entitlement
    (e.g. 安排至市第一实验小学三年级); the entitlement is then in force."""
    if not by.has_perm("support.decide", task):
        raise PermissionDenied(_("只有承办部门或市委人才办可以登记办理结果。"))
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": _("请填写办理结果，如：安排至市第一实验小学三年级。")})
    if len(outcome) > 500:
        raise ValidationError({"outcome": _("办理结果不能超过500字。")})
    with transaction.atomic():
        entitlement = Entitlement.objects.select_for_update().get(pk=task.entitlement_id)
        task = DecisionTask.objects.select_for_update().get(pk=task.pk)
        if task.state != TaskState.OPEN:
            raise ValidationError(_("该任务已办结，不能重复办理。"))
        if entitlement.state != EntitlementState.AWAITING_DECISION:
            raise ValidationError(
                _("该待遇当前状态为“%(state)s”，不能办理。") % {"state": entitlement.get_state_display()}
            )
        today = timezone.localdate()
        late = task.is_overdue_on(today)
        advance(workflow=DECISION_TASK, obj=task, transition="decide", by=by)
        task.outcome = outcome
        task.decided_by = by
        task.decided_at = timezone.now()
        task.save()
        advance(workflow=ENTITLEMENT, obj=entitlement, transition="decide", by=by)
        entitlement.version += 1
        entitlement.save(update_fields=["state", "version"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=entitlement,
            changes={
                "state": [EntitlementState.AWAITING_DECISION, EntitlementState.ACTIVE],
                "outcome": [None, outcome],
                **(
                    {"overdue": [None, _("超期办结（期限%(due)s）") % {"due": task.due_on.isoformat()}]} if late else {}
                ),
            },
            reason=_("承办部门登记办理结果"),
        )
        notify(
            users=talent_accounts(entitlement.talent_id),
            title=_("您的%(name)s已办理") % {"name": entitlement.name},
            body=outcome,
            url=support_url(entitlement.talent_id),
            kind=NOTIFY_KIND,
        )
    return task


def stop_entitlements(
    *,
    by,
    certification: Certification | None = None,
    talent: Talent | None = None,
    on: datetime.date | None = None,
    reason: str,
) -> list[Entitlement]:
    """A talent who leaves the city (or whose certification is revoked) gets no more instalments:
    those due after `on` are stopped, the entitlements end with the reason; what was paid stays
    paid. Open tasks for them are closed. Returns the entitlements stopped."""
    if (certification is None) == (talent is None):
        raise ValueError("stop the support of one certification or of one talent")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写停止原因。")})
    on = on or timezone.localdate()
    if certification is not None:
        if not by.has_perm("support.grant"):
            raise PermissionDenied(_("只有市委人才办可以因撤销认定停止待遇。"))
        scope = Entitlement.objects.filter(certification=certification)
        talent_id = certification.talent_id
    else:
        if not by.has_perm("support.stop", talent):
            raise PermissionDenied(_("只有市委人才办或人才所在单位可以登记离开本市。"))
        scope = Entitlement.objects.filter(talent=talent)
        talent_id = talent.pk
    stopped: list[Entitlement] = []
    with transaction.atomic():
        for entitlement in scope.exclude(state__in=FINAL_STATES).select_for_update().order_by("pk"):
            future = entitlement.instalments.filter(state=InstalmentState.SCHEDULED, due_on__gt=on)
            stopped_sequences = list(future.values_list("sequence", flat=True))
            advance_all(workflow=INSTALMENT, queryset=future, transition="stop")
            previous = advance(workflow=ENTITLEMENT, obj=entitlement, transition="stop", by=by)
            entitlement.stopped_on = on
            entitlement.stop_reason = reason
            entitlement.version += 1
            entitlement.save(update_fields=["state", "stopped_on", "stop_reason", "version"])
            advance_all(
                workflow=DECISION_TASK,
                queryset=DecisionTask.objects.filter(entitlement=entitlement),
                transition="close",
                outcome=_("待遇已停止：%(reason)s") % {"reason": reason},
                decided_at=timezone.now(),
            )
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=entitlement,
                changes={
                    "state": [previous, EntitlementState.STOPPED],
                    "stopped_on": [None, on.isoformat()],
                    "stopped_instalments": [None, stopped_sequences],
                },
                reason=reason,
            )
            stopped.append(entitlement)
        if stopped:
            notify(
                users=talent_accounts(talent_id),
                title=_("您的人才待遇已停止"),
                body=_("自%(on)s起停止后续待遇发放：%(reason)s。已发放的不受影响。") % {"on": on, "reason": reason},
                url=support_url(talent_id),
                kind=NOTIFY_KIND,
            )
    return stopped
