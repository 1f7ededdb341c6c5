"""Declaring, reviewing and ending introductions, and logging flexible talents' working time."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.uploads import CONTRACTS, MB, accept_upload
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.dates import describe_length, minimum_end
from yingcai.introductions.enums import IntroductionMode, IntroductionState, ServiceForm
from yingcai.introductions.models import Introduction, WorkPeriod
from yingcai.introductions.signals import talent_left_city
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.policy.domain import MissingRuleError, rule_in_force
from yingcai.registry.domain.editing import assign, audit_diff, clear_snapshot, lock_for_edit
from yingcai.registry.models import Talent, Unit
from yingcai.workflows.engine import perform

FIELDS = [
    "mode",
    "manner",
    "introduced_on",
    "channel",
    "chain",
    "personnel_transferred_on",
    "transferred_from",
    "contract_start",
    "contract_end",
    "contract_file",
    "service_forms",
    "agreement_start",
    "agreement_end",
]
FULL_TIME_ONLY = ["personnel_transferred_on", "transferred_from", "contract_start", "contract_end", "contract_file"]
FLEXIBLE_ONLY = ["service_forms", "agreement_start", "agreement_end"]
EDITABLE_STATES = (IntroductionState.DRAFT, IntroductionState.RETURNED)
MAX_CONTRACT_BYTES = 20 * MB


def declare_introduction(*, by, talent: Talent, unit: Unit, data: dict[str, Any]) -> Introduction:
    """A unit declares that it brought `talent` in. Saved as a draft until submitted."""
    if not by.has_perm("introductions.declare"):
        raise PermissionDenied(_("您无权填报引进记录。"))
    if by.role == Role.UNIT and unit.pk != by.unit_id:
        raise PermissionDenied(_("只能为本单位填报引进记录。"))
    if not talent.affiliations.filter(unit=unit, end_date__isnull=True).exists():
        raise ValidationError({"talent": _("该人才不在本单位人才库中，请先登记人才并关联到本单位。")})
    introduction = Introduction(talent=talent, unit=unit, created_by=by)
    with transaction.atomic():
        _apply(introduction, data)
        introduction.save()
        record(actor=by, action=AuditAction.CREATE, target=introduction, changes=clear_snapshot(introduction, _AUDITED))
    return introduction


def update_introduction(*, by, introduction: Introduction, data: dict[str, Any], version: int | None) -> Introduction:
    if not by.has_perm("introductions.edit", introduction):
        raise PermissionDenied(_("您无权修改该引进记录。"))
    with transaction.atomic():
        introduction = lock_for_edit(Introduction, introduction.pk, version)
        if introduction.state not in EDITABLE_STATES:
            raise ValidationError(
                _("引进记录已提交审核（%(state)s），不能修改；如需修改请联系审核人员退回。")
                % {"state": introduction.get_state_display()}
            )
        before = clear_snapshot(introduction, _AUDITED)
        _apply(introduction, data)
        introduction.version += 1
        introduction.save()
        changes = audit_diff(before, clear_snapshot(introduction, _AUDITED))
        record(actor=by, action=AuditAction.UPDATE, target=introduction, changes=changes)
    return introduction


def review(*, by, introduction: Introduction, transition: str, reason: str = "") -> Introduction:
    """Move the declaration along its review chain (submit, approve, return, confirm)."""
    perform(workflow=INTRODUCTION_REVIEW, obj=introduction, transition=transition, by=by, reason=reason)
    introduction.refresh_from_db()
    return introduction


def check_ready_for_review(introduction: Introduction) -> None:
    """What a declaration needs before it goes to (and through) review; raises the reasons."""
    _check_rules(introduction)
    if introduction.mode == IntroductionMode.FULL_TIME and not introduction.contract_file:
        raise ValidationError({"contract_file": _("全职引进须上传工作合同或协议文件（第七条）。")})


def check_under_the_rules(introduction: Introduction) -> None:
    """Confirming decides by the rules: a contract older than them can only be recorded as history;
    the transfer date decides between 已确认 and 待转入."""
    if predates_rules(introduction):
        raise ValidationError(
            {
                "contract_start": _(
                    "合同起始日期早于本细则规则的生效日期，不能按本细则确认；可由市委人才办作为历史记录登记。"
                )
            }
        )


def check_before_the_rules(introduction: Introduction) -> None:
    if not predates_rules(introduction):
        raise ValidationError(
            {"contract_start": _("合同起始日期在本细则规则生效之后，应按本细则审核确认，不能作为历史记录登记。")}
        )


def move_due_transfers(*, today: datetime.date) -> int:
    """待转入 introductions whose personnel relation moved in by `today` become full-time (已确认):
    each move is a step of the review chain, audited, and the unit is told. Returns how many."""
    from django.contrib.contenttypes.models import ContentType

    from yingcai.workflows.models import ReviewStep

    moved = 0
    transition = INTRODUCTION_REVIEW.transition("transfer_in")
    due = Introduction.objects.filter(
        state=IntroductionState.PENDING_TRANSFER, personnel_transferred_on__lte=today
    ).values_list("pk", flat=True)
    content_type = ContentType.objects.get_for_model(Introduction)
    for pk in list(due):
        with transaction.atomic():
            introduction = Introduction.objects.select_for_update().select_related("talent", "unit").get(pk=pk)
            if introduction.state != IntroductionState.PENDING_TRANSFER:
                continue
            introduction.state = IntroductionState.CONFIRMED
            introduction.save(update_fields=["state"])
            reason = _("人事关系已于%(date)s转入，自该日起按全职引进计算。") % {
                "date": introduction.personnel_transferred_on
            }
            step = ReviewStep.objects.create(
                content_type=content_type,
                object_id=introduction.pk,
                workflow=INTRODUCTION_REVIEW.name,
                transition=transition.name,
                transition_label=transition.label,
                from_state=IntroductionState.PENDING_TRANSFER,
                to_state=IntroductionState.CONFIRMED,
                actor=None,
                actor_name=_("平台（到期自动转入）"),
                reason=reason,
            )
            record(
                actor=None,
                action=AuditAction.UPDATE,
                target=introduction,
                changes={
                    "state": [
                        INTRODUCTION_REVIEW.label_of(IntroductionState.PENDING_TRANSFER),
                        INTRODUCTION_REVIEW.label_of(IntroductionState.CONFIRMED),
                    ]
                },
                reason=reason,
            )
            from yingcai.introductions.domain.reminders import notify_review_step

            notify_review_step(introduction, step)
            moved += 1
    return moved


def change_to_full_time(*, by, previous: Introduction, data: dict[str, Any]) -> Introduction:
    """A flexible talent moves to full-time: a new introduction that continues the old one, which
    ends the day before. Nothing of the flexible record is rewritten."""
    if not by.has_perm("introductions.edit", previous):
        raise PermissionDenied(_("您无权变更该引进记录。"))
    if (
        previous.mode != IntroductionMode.FLEXIBLE
        or previous.ended_on is not None
        or previous.state != IntroductionState.CONFIRMED
    ):
        raise ValidationError(_("只有已确认且进行中的柔性引进可以转为全职引进。"))
    data = {**data, "mode": IntroductionMode.FULL_TIME}
    with transaction.atomic():
        successor = Introduction(
            talent=previous.talent,
            unit=previous.unit,
            supersedes=previous,
            created_by=by,
            manner=previous.manner,
            channel=previous.channel,
            chain=previous.chain,
        )
        _apply(successor, data)
        if successor.introduced_on <= (previous.agreement_start or previous.introduced_on):
            raise ValidationError({"introduced_on": _("转为全职的日期须晚于柔性引进的开始日期。")})
        successor.save()
        _end(
            by=by,
            introduction=previous,
            ended_on=successor.introduced_on - datetime.timedelta(days=1),
            reason=_("转为全职引进"),
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=successor,
            changes=clear_snapshot(successor, _AUDITED),
            reason=_("由柔性引进转为全职引进"),
        )
    return successor


def record_departure(
    *, by, introduction: Introduction, left_on: datetime.date, reason: str, left_city: bool = False
) -> Introduction:
    """The talent left the unit (or the city): the introduction ends; its history stays. Leaving
    the city also stops the talent's future support instalments (第十三条): `talent_left_city` tells
    the support app (introductions/signals.py)."""
    if not by.has_perm("introductions.edit", introduction):
        raise PermissionDenied(_("您无权变更该引进记录。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写离开原因。")})
    if introduction.ended_on is not None:
        raise ValidationError(_("该引进记录已结束。"))
    if introduction.state != IntroductionState.CONFIRMED:
        raise ValidationError(_("只有已确认的引进记录可以登记离开；未确认的记录可由单位修改或撤回。"))
    if left_on < introduction.introduced_on:
        raise ValidationError({"left_on": _("离开日期不能早于引进日期。")})
    with transaction.atomic():
        _end(by=by, introduction=introduction, ended_on=left_on, reason=reason)
        if left_city:
            talent_left_city.send(sender=Introduction, by=by, talent=introduction.talent, on=left_on, reason=reason)
    return introduction


def log_work_period(
    *, by, introduction: Introduction, start: datetime.date, end: datetime.date, description: str
) -> WorkPeriod:
    """The unit logs days a flexible talent worked with it (第八条)."""
    if not by.has_perm("introductions.log_work", introduction):
        raise PermissionDenied(_("您无权为该人才登记工作时间。"))
    if introduction.mode != IntroductionMode.FLEXIBLE:
        raise ValidationError(_("只有柔性引进人才需要登记在岗工作时间。"))
    period = WorkPeriod(introduction=introduction, start=start, end=end, description=description, logged_by=by)
    period.full_clean(exclude=["introduction"])
    errors = {}
    today = timezone.localdate()
    if end > today:
        errors["end"] = _("不能登记尚未发生的工作时间（终止日期晚于今天）。")
    agreement_end = (
        min(d for d in (introduction.agreement_end, introduction.ended_on) if d)
        if (introduction.agreement_end or introduction.ended_on)
        else None
    )
    if introduction.agreement_start and start < introduction.agreement_start:
        errors["start"] = _("工作时段须在柔性引进协议期内（协议自%(date)s起）。") % {
            "date": introduction.agreement_start
        }
    if agreement_end and end > agreement_end:
        errors["end"] = _("工作时段须在柔性引进协议期内（协议至%(date)s止）。") % {"date": agreement_end}
    closed = sorted(
        introduction.service_years.filter(year__gte=start.year, year__lte=end.year).values_list("year", flat=True)
    )
    if closed:
        errors["start"] = _(
            "%(years)s年度已关账，该年度的累计天数已冻结，不能再登记工作时段；如需补登，请市委人才办先重新开放该年度。"
        ) % {"years": "、".join(str(y) for y in closed)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        period.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=introduction,
            changes={"work_period": [None, f"{start}～{end} {description}"]},
        )
    return period


def delete_work_period(*, by, period: WorkPeriod, reason: str) -> None:
    introduction = period.introduction
    if not by.has_perm("introductions.log_work", introduction):
        raise PermissionDenied(_("您无权删除该工作时段。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写删除原因。")})
    if introduction.service_years.filter(year__gte=period.start.year, year__lte=period.end.year).exists():
        raise ValidationError(_("该时段所在年度已关账，不能删除。"))
    with transaction.atomic():
        record(
            actor=by,
            action=AuditAction.DELETE,
            target=introduction,
            changes={"work_period": [f"{period.start}～{period.end} {period.description}", None]},
            reason=reason,
        )
        period.delete()


_AUDITED = [*FIELDS, "contract_file_name", "state", "decision_note"]


def _apply(introduction: Introduction, data: dict[str, Any]) -> None:
    mode = data.get("mode", introduction.mode)
    # Fields of the other mode are cleared, so a declaration never mixes the two (第七条).
    cleared = FLEXIBLE_ONLY if mode == IntroductionMode.FULL_TIME else FULL_TIME_ONLY
    data = {**data, **{name: _blank(name) for name in cleared}}
    _accept_contract(introduction, data)
    assign(introduction, data, FIELDS)
    introduction.full_clean(exclude=["talent", "unit", "created_by", "supersedes", "contract_rule"])
    _check_rules(introduction)


def _accept_contract(introduction: Introduction, data: dict[str, Any]) -> None:
    """A new contract file is checked by its content and renamed to a random name before it is
    stored; the unit's name for it is kept for the page and the download."""
    if "contract_file" not in data:
        return
    upload = data["contract_file"]
    if not upload:
        introduction.contract_file_name = ""
    elif isinstance(upload, File) and not isinstance(upload, FieldFile):
        try:
            introduction.contract_file_name = accept_upload(
                upload, field=_("合同/协议文件"), types=CONTRACTS, max_bytes=MAX_CONTRACT_BYTES
            )
        except ValidationError as refused:
            raise ValidationError({"contract_file": refused.messages}) from refused


def _blank(name: str) -> Any:
    if name == "service_forms":
        return []
    if name in ("transferred_from", "contract_file"):
        return ""
    return None


def predates_rules(introduction: Introduction) -> bool:
    """A full-time contract that began before the first version of 第七条's contract rule."""
    if introduction.mode != IntroductionMode.FULL_TIME or introduction.contract_start is None:
        return False
    try:
        rule_in_force(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, introduction.contract_start)
    except MissingRuleError:
        return True
    return False


def transfer_is_due(introduction: Introduction, on: datetime.date | None = None) -> bool:
    """Whether the personnel relation has moved in by `on` (today): only then is it full-time."""
    on = on or timezone.localdate()
    moved = introduction.personnel_transferred_on
    return moved is None or moved <= on


def _check_dates(introduction: Introduction, errors: dict[str, str]) -> None:
    """Dates that cannot be true: an introduction in the future, a transfer further ahead than the
    rules allow, a contract outside the unit's life."""
    today = timezone.localdate()
    full_time = introduction.mode == IntroductionMode.FULL_TIME
    if full_time and introduction.introduced_on and introduction.introduced_on > today:
        errors["introduced_on"] = _("全职引进的引进日期不能晚于今天（%(today)s）。") % {"today": today}
    moved = introduction.personnel_transferred_on
    if full_time and moved and moved > today:
        try:
            rule = rule_in_force(rules_keys.FULL_TIME_TRANSFER_MAX_FUTURE_DAYS, today)
        except MissingRuleError:
            rule = None
        allowed = int(rule.number) if rule else 0
        if moved > today + datetime.timedelta(days=allowed):
            errors["personnel_transferred_on"] = _(
                "人事关系转入日期不能晚于今天%(days)s天以上（%(rule)s）：最晚可填%(last)s；"
                "尚未转入的，确认后为“待转入”，自转入之日起按全职计算。"
            ) % {
                "days": allowed,
                "rule": rule.citation if rule else _("第七条"),
                "last": today + datetime.timedelta(days=allowed),
            }
    unit = introduction.unit if introduction.unit_id else None
    start_field = "contract_start" if full_time else "agreement_start"
    start = getattr(introduction, start_field)
    label = _("合同起始日期") if full_time else _("协议起始日期")
    if unit is not None and start:
        if unit.founded_on and start < unit.founded_on:
            errors[start_field] = _("%(field)s不能早于%(unit)s的成立日期（%(date)s）。") % {
                "field": label,
                "unit": unit.name,
                "date": unit.founded_on,
            }
        elif unit.dissolved_on and start > unit.dissolved_on:
            errors[start_field] = _("%(field)s不能晚于%(unit)s的注销/撤销日期（%(date)s）。") % {
                "field": label,
                "unit": unit.name,
                "date": unit.dissolved_on,
            }


def _check_rules(introduction: Introduction) -> None:
    """第七条 for the mode declared; records the rule version that decided the contract period."""
    errors: dict[str, str] = {}
    _check_dates(introduction, errors)
    if introduction.mode == IntroductionMode.FULL_TIME:
        for name, label in (
            ("personnel_transferred_on", _("人事关系转入日期")),
            ("transferred_from", _("人事关系转出单位/地区")),
            ("contract_start", _("合同起始日期")),
            ("contract_end", _("合同终止日期")),
        ):
            if not getattr(introduction, name):
                errors[name] = _("全职引进须填写%(field)s（第七条：人事关系转入我市）。") % {"field": label}
        start, end = introduction.contract_start, introduction.contract_end
        if start and end:
            if end < start:
                errors["contract_end"] = _("合同终止日期不能早于起始日期。")
            else:
                try:
                    rule = rule_in_force(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, start)
                except MissingRuleError:
                    rule = None
                if rule is None:
                    # Before the work rules took effect: recorded as history by the office, not refused.
                    introduction.contract_rule = None
                    introduction.decision_note = _(
                        "合同起始日期早于本细则规则的生效日期，不按本细则判定；由市委人才办作为历史记录登记，"
                        "不计入任何统计和待遇。"
                    )
                    if errors:
                        raise ValidationError(errors)
                    return
                shortest = minimum_end(start, rule.number)
                length = describe_length(start, end)
                if end < shortest:
                    errors["contract_end"] = _(
                        "全职引进须与用人单位签订%(years)s年以上工作合同或协议（%(rule)s）：本合同期限为%(length)s，"
                        "终止日期应不早于%(shortest)s。"
                    ) % {"years": rule.number, "rule": rule.citation, "length": length, "shortest": shortest}
                else:
                    introduction.contract_rule = rule
                    introduction.decision_note = _("合同期限%(length)s，符合%(years)s年以上的要求（%(rule)s）") % {
                        "length": length,
                        "years": rule.number,
                        "rule": rule.citation,
                    }
    else:
        forms = introduction.service_forms or []
        if not forms:
            errors["service_forms"] = _("柔性引进须选择至少一种服务方式（项目合作、技术咨询、兼职服务）。")
        elif any(f not in ServiceForm.values for f in forms):
            errors["service_forms"] = _("服务方式不正确。")
        if not introduction.agreement_start or not introduction.agreement_end:
            errors["agreement_start"] = _("柔性引进须填写协议起止日期。")
        elif introduction.agreement_end < introduction.agreement_start:
            errors["agreement_end"] = _("协议终止日期不能早于起始日期。")
        introduction.contract_rule = None
        introduction.decision_note = ""
    if errors:
        raise ValidationError(errors)


def _end(*, by, introduction: Introduction, ended_on: datetime.date, reason: str) -> None:
    introduction.ended_on = ended_on
    introduction.end_reason = reason[:128]
    introduction.save(update_fields=["ended_on", "end_reason"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        target=introduction,
        changes={"ended_on": [None, ended_on.isoformat()]},
        reason=reason,
    )
