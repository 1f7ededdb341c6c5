"""The end of a selection round (第三条): the shortlist is published (公示) for the working days the
rules set, objections are answered, then the office approves the round. Selected talents get a
project (以项目为牵引); a nominee whose objection was upheld is removed, with the answer as reason."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.notifications.domain import notify
from yingcai.publicity import domain as publicity_domain
from yingcai.publicity.enums import EntryOutcome, PublicityKind
from yingcai.publicity.models import Publicity
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import NominationOutcome, RoundState
from yingcai.selection.models import Nomination, SelectionRound
from yingcai.selection.signals import nomination_selected
from yingcai.selection.workflow import ROUND_STAGES
from yingcai.workflows.engine import advance


def _require_office(by, message: str) -> None:
    if not by.has_perm("selection.manage_round"):
        raise PermissionDenied(message)


def _locked_round(round: SelectionRound, expected: RoundState, message: str) -> SelectionRound:
    locked = SelectionRound.objects.select_for_update().get(pk=round.pk)
    if locked.state != expected:
        raise ValidationError(message % {"state": locked.get_state_display()}, code="state")
    return locked


def _entry_summary(nomination: Nomination) -> str:
    return _("担纲领衔%(level)s重大科技任务“%(task)s”") % {
        "level": nomination.get_task_level_display(),
        "task": nomination.task_name,
    }


def publish_shortlist(*, by, round: SelectionRound, on: datetime.date | None = None) -> Publicity:
    """Publish the shortlist decided by the office: one entry per shortlisted nomination, in rank
    order, for the working days of `selection.publicity_working_days` (第三条)."""
    _require_office(by, _("只有市委人才办可以发布遴选结果公示。"))
    with transaction.atomic():
        round = _locked_round(
            round, RoundState.SHORTLISTED, _("批次当前状态为“%(state)s”，确定拟入选名单后才能发布公示。")
        )
        nominations = list(
            Nomination.objects.filter(round=round, outcome=NominationOutcome.SHORTLISTED)
            .select_related("talent", "unit")
            .order_by(F("final_rank").asc(nulls_last=True), "pk")
        )
        if not nominations:
            raise ValidationError(_("拟入选名单为空，不能发布公示。"))
        publicity = publicity_domain.open_publicity(
            by=by,
            kind=PublicityKind.SELECTION,
            title=_("%(round)s拟入选人选公示") % {"round": round.name},
            body=_(
                "根据《平顶山市科技创新领军人才引进培育工作细则》第三条，经单位推荐、形式审查和专家评审，"
                "市委人才办确定了%(round)s拟入选人选，现予以公示。公示期内，任何单位和个人对公示对象有异议的，"
                "可通过本页面实名提出，并提供具体事实和联系方式，以便核实。"
            )
            % {"round": round.name},
            rule_key=rules_keys.PUBLICITY_WORKING_DAYS,
            entries=[
                publicity_domain.EntrySpec(
                    subject=n, name=n.talent.name, unit_name=n.unit.name, summary=_entry_summary(n)
                )
                for n in nominations
            ],
            owner=round,
            on=on,
        )
        advance(workflow=ROUND_STAGES, obj=round, transition="publish", by=by)
        round.version = F("version") + 1
        round.save(update_fields=["state", "version"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=round,
            changes={
                "state": [RoundState.SHORTLISTED, RoundState.IN_PUBLICITY],
                "publicity": publicity.pk,
                "period": [publicity.starts_on.isoformat(), publicity.ends_on.isoformat()],
            },
        )
    return publicity


def _open_project(*, by, nomination: Nomination) -> None:
    """Tell the processes above (the projects app builds on selection) that the nomination won."""
    nomination_selected.send(sender=Nomination, by=by, nomination=nomination)


def approve_round(*, by, round: SelectionRound, on: datetime.date | None = None) -> SelectionRound:
    """Conclude the round's notice and approve the round: a nomination whose entry passed is
    SELECTED and gets a project; one whose entry was removed is REMOVED with the office's answer."""
    _require_office(by, _("只有市委人才办可以批准遴选结果。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        round = _locked_round(round, RoundState.IN_PUBLICITY, _("批次当前状态为“%(state)s”，公示期满后才能批准。"))
        publicity = publicity_domain.publicity_of(round)
        if publicity is None:
            raise ValidationError(_("本批次没有公示记录，不能批准。"))
        publicity = publicity_domain.conclude(by=by, publicity=publicity, on=on)
        entries = list(publicity.entries.all())
        nominations = Nomination.objects.select_related("talent", "unit").in_bulk([e.subject_id for e in entries])
        selected, removed = [], []
        for entry in entries:
            nomination = nominations[entry.subject_id]
            if entry.outcome == EntryOutcome.PASSED:
                nomination.outcome = NominationOutcome.SELECTED
                selected.append(nomination)
            else:
                answers = publicity_domain.upheld_answers(entry)
                nomination.outcome = NominationOutcome.REMOVED
                nomination.outcome_note = _("公示期间异议成立：%(answer)s") % {"answer": "；".join(answers)}
                removed.append(nomination)
            Nomination.objects.filter(pk=nomination.pk).update(
                outcome=nomination.outcome, outcome_note=nomination.outcome_note, version=F("version") + 1
            )
        advance(workflow=ROUND_STAGES, obj=round, transition="approve", by=by)
        round.version = F("version") + 1
        round.save(update_fields=["state", "version"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=round,
            changes={
                "state": [RoundState.IN_PUBLICITY, RoundState.APPROVED],
                "selected": [str(n.talent) for n in selected],
                "removed": [str(n.talent) for n in removed],
            },
        )
        for nomination in selected:
            _open_project(by=by, nomination=nomination)
        _notify_units(round, publicity, selected, removed)
    round.refresh_from_db()
    return round


def _notify_units(
    round: SelectionRound, publicity: Publicity, selected: list[Nomination], removed: list[Nomination]
) -> None:
    by_unit: dict[int, list[str]] = {}
    for nomination in selected:
        by_unit.setdefault(nomination.unit_id, []).append(_("%(name)s：入选") % {"name": nomination.talent.name})
    for nomination in removed:
        by_unit.setdefault(nomination.unit_id, []).append(
            _("%(name)s：公示未通过（%(note)s）") % {"name": nomination.talent.name, "note": nomination.outcome_note}
        )
    staff = unit_staff(*by_unit)
    for unit_id, lines in by_unit.items():
        notify(
            users=[u for u in staff if u.unit_id == unit_id],
            title=_("%(round)s结果已批准") % {"round": round.name},
            body="\n".join(lines),
            url=reverse("publicity:notice-detail", args=[publicity.pk]),
            kind="selection",
        )


@dataclass
class ApprovalStatus:
    """What the office can do next at the end of a round, and why not, for the round's page."""

    state: str
    publicity: Publicity | None = None
    can_publish: bool = False
    can_approve: bool = False
    reasons: list[str] = field(default_factory=list)


def approval_status(round: SelectionRound, on: datetime.date | None = None) -> ApprovalStatus:
    on = on or timezone.localdate()
    status = ApprovalStatus(state=round.state, publicity=publicity_domain.publicity_of(round))
    if round.state == RoundState.SHORTLISTED:
        status.can_publish = True
    elif round.state == RoundState.IN_PUBLICITY and status.publicity is not None:
        status.reasons = publicity_domain.conclusion_blockers(status.publicity, on)
        status.can_approve = not status.reasons
    return status
