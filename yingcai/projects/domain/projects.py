"""A selected leading talent's project (以项目为牵引, 第三条): opening it, granting its funding by
year, and the light reporting of spending by broad category. Nobody approves an expense: a report
is recorded and audited; spending past the money granted is a warning, never a refusal
(经费使用自主权), and the unit and the office are told the first time it happens.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import talent_accounts, talent_office_staff, unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.notifications.domain import notify
from yingcai.projects.domain.funding import ZERO, ProjectFunding, funding_status, wan
from yingcai.projects.enums import ProjectState, SpendingCategory
from yingcai.projects.models import FundingGrant, Project, SpendingReport
from yingcai.projects.workflow import PROJECT_LIFECYCLE
from yingcai.registry.domain.editing import audit_diff, clear_snapshot, lock_for_edit
from yingcai.selection.enums import NominationOutcome
from yingcai.selection.models import Nomination
from yingcai.workflows.engine import perform

__all__ = [
    "ProjectFunding",
    "change_state",
    "correct_spending",
    "funding_status",
    "grant_funding",
    "open_project",
    "refresh_over_spent",
    "report_spending",
    "still_correctable",
    "update_project",
]

PROJECT_FIELDS = ["name", "total_funding", "start_year", "end_year"]
CENT = Decimal("0.01")
# Keys of the audit changes for grants and spending (the project page labels them).
GRANT_KEY = "funding_grant"
SPENDING_KEY = "spending"


def open_project(
    *,
    by,
    nomination: Nomination,
    total_funding: Decimal | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> Project:
    """The project of a selected nomination; idempotent (an existing project is returned as is).

    By default it carries the task's name and funding, from the round's year (or the task's start,
    if later) to the task's end; the office may change these afterwards (`update_project`).
    """
    if by is not None and not by.has_perm("projects.open"):
        raise PermissionDenied(_("只有市委人才办可以为入选人才立项。"))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
        existing = Project.objects.filter(nomination_id=locked.pk).first()
        if existing is not None:
            return existing
        if locked.outcome != NominationOutcome.SELECTED:
            raise ValidationError(
                _("只有最终入选的领军人才才能立项（第三条：以项目为牵引）；该推荐的遴选结果为“%(outcome)s”。")
                % {"outcome": locked.get_outcome_display()}
            )
        first = start_year or max(locked.round.year, locked.task_start.year)
        project = Project(
            nomination=locked,
            talent_id=locked.talent_id,
            unit_id=locked.unit_id,
            name=locked.task_name[:200],
            total_funding=locked.task_funding if total_funding is None else total_funding,
            start_year=first,
            end_year=end_year or max(first, locked.task_end.year),
            created_by=by if _is_user(by) else None,
        )
        _check_project(project)
        project.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=project,
            changes=clear_snapshot(project, PROJECT_FIELDS),
            reason=_("遴选入选，以项目为牵引立项（第三条）"),
        )
        notify(
            users=[*unit_staff(project.unit_id), *talent_accounts(project.talent_id)],
            title=_("领军人才项目已立项：%(name)s") % {"name": project.name},
            body=_("项目经费总额%(total)s万元，%(start)s—%(end)s年度。经费由人才在总额内自主使用，按类别填报支出即可。")
            % {"total": wan(project.total_funding), "start": project.start_year, "end": project.end_year},
            url=_url(project),
            kind="project",
        )
    return project


def update_project(*, by, project: Project, data: dict[str, Any], version: int | None) -> Project:
    """The office changes the name, total or years; never below what was granted, never so that a
    grant or a spending report falls outside the years."""
    if not by.has_perm("projects.change", project):
        raise PermissionDenied(_("只有市委人才办可以修改项目信息。"))
    with transaction.atomic():
        project = lock_for_edit(Project, project.pk, version)
        before = clear_snapshot(project, PROJECT_FIELDS)
        for name in PROJECT_FIELDS:
            if name in data:
                setattr(project, name, data[name])
        _check_project(project)
        errors: dict[str, str] = {}
        granted = project.grants.aggregate(s=Sum("amount"))["s"] or ZERO
        if project.total_funding < granted:
            errors["total_funding"] = _("项目经费总额不能少于已拨付的%(granted)s万元。") % {"granted": wan(granted)}
        used = sorted(
            set(project.grants.values_list("year", flat=True))
            | set(project.spending_reports.values_list("year", flat=True))
        )
        outside = [y for y in used if y not in project.years]
        if outside:
            errors["start_year"] = _("%(years)s年度已有拨付或支出记录，项目年度须包含这些年度。") % {
                "years": "、".join(str(y) for y in outside)
            }
        if errors:
            raise ValidationError(errors)
        project.version += 1
        project.save()
        changes = audit_diff(before, clear_snapshot(project, PROJECT_FIELDS))
        record(actor=by, action=AuditAction.UPDATE, target=project, changes=changes)
        refresh_over_spent(project)
    return project


def change_state(*, by, project: Project, transition: str, reason: str = "") -> Project:
    """Close (结题), stop (终止) or reopen the project (the office)."""
    perform(workflow=PROJECT_LIFECYCLE, obj=project, transition=transition, by=by, reason=reason)
    project.refresh_from_db()
    return project


def grant_funding(
    *,
    by,
    project: Project,
    year: int,
    amount: Decimal,
    granted_on: datetime.date | None = None,
    note: str = "",
) -> FundingGrant:
    """The office grants the year's funding. All grants together never exceed the project's total."""
    if not by.has_perm("projects.grant", project):
        raise PermissionDenied(_("只有市委人才办可以拨付项目经费。"))
    amount = _money(amount)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _check_active(project, _("拨付经费"))
        _check_year(project, year)
        if project.grants.filter(year=year).exists():
            raise ValidationError({"year": _("%(year)s年度已拨付经费，每个年度只登记一次拨付。") % {"year": year}})
        granted = project.grants.aggregate(s=Sum("amount"))["s"] or ZERO
        if granted + amount > project.total_funding:
            raise ValidationError(
                {
                    "amount": _(
                        "各年度拨付合计不能超过项目经费总额%(total)s万元：已拨付%(granted)s万元，"
                        "本次%(amount)s万元，最多还可拨付%(left)s万元。"
                    )
                    % {
                        "total": wan(project.total_funding),
                        "granted": wan(granted),
                        "amount": wan(amount),
                        "left": wan(project.total_funding - granted),
                    }
                }
            )
        grant = FundingGrant(
            project=project,
            year=year,
            amount=amount,
            granted_on=granted_on or timezone.localdate(),
            note=note.strip(),
            granted_by=by,
        )
        grant.full_clean(exclude=["project", "granted_by"], validate_unique=False, validate_constraints=False)
        grant.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=project,
            changes={GRANT_KEY: [None, _grant_text(grant)]},
            reason=grant.note,
        )
        notify(
            users=[*unit_staff(project.unit_id), *talent_accounts(project.talent_id)],
            title=_("项目经费已拨付：%(name)s %(year)s年度%(amount)s万元")
            % {"name": project.name, "year": year, "amount": wan(amount)},
            url=_url(project),
            kind="project",
        )
        refresh_over_spent(project)
    return grant


def report_spending(
    *, by, project: Project, year: int, category: str, amount: Decimal, note: str = ""
) -> SpendingReport:
    """The unit or the talent records what was spent in a year under a broad category. No approval;
    spending past the money granted is warned about, not refused (经费使用自主权, 第三条)."""
    if not by.has_perm("projects.report", project):
        raise PermissionDenied(_("只有项目承担单位和人才本人可以填报经费支出。"))
    amount = _money(amount)
    _check_category(category)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _check_active(project, _("填报支出"))
        _check_year(project, year)
        if year > timezone.localdate().year:
            raise ValidationError({"year": _("不能填报尚未开始年度（%(year)s年）的支出。") % {"year": year}})
        report = SpendingReport(
            project=project, year=year, category=category, amount=amount, note=note.strip(), reported_by=by
        )
        report.full_clean(exclude=["project", "reported_by"], validate_constraints=False)
        report.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=project,
            changes={SPENDING_KEY: [None, _report_text(report)]},
            reason=report.note,
        )
        refresh_over_spent(project)
    return report


def correct_spending(
    *,
    by,
    report: SpendingReport,
    amount: Decimal,
    category: str | None = None,
    note: str | None = None,
    version: int | None = None,
    reason: str = "",
) -> SpendingReport:
    """Its reporter corrects a spending report, until the end of the year it was reported in."""
    if not (by.has_perm("projects.correct_report", report) and by.has_perm("projects.report", report.project)):
        raise PermissionDenied(_("只有填报人本人可以更正其填报的支出。"))
    amount = _money(amount)
    category = report.category if category is None else category
    _check_category(category)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=report.project_id)
        report = lock_for_edit(SpendingReport, report.pk, version)
        if not still_correctable(report):
            raise ValidationError(
                _("该支出于%(year)s年填报，只能在填报当年内更正；如有出入请补报或联系市委人才办。")
                % {"year": timezone.localtime(report.reported_at).year}
            )
        _check_active(project, _("更正支出"))
        before = _report_text(report)
        report.amount = amount
        report.category = category
        if note is not None:
            report.note = note.strip()
        report.full_clean(exclude=["project", "reported_by"], validate_constraints=False)
        after = _report_text(report)
        if before == after and note is None:
            return report
        report.version += 1
        report.save()
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=project,
            changes={SPENDING_KEY: [before, after]},
            reason=reason.strip() or _("填报人更正"),
        )
        refresh_over_spent(project)
    return report


def still_correctable(report: SpendingReport) -> bool:
    """A report may be corrected until the end of the calendar year it was reported in."""
    return timezone.localtime(report.reported_at).year == timezone.localdate().year


def refresh_over_spent(project: Project) -> ProjectFunding:
    """Keep `over_spent_since` in step with the money; tell the unit and the office when the project
    starts to be over-spent (once, until grants cover it again). Every write above calls it; data
    loaded another way (the demo) calls it after."""
    status = funding_status(project)
    if status.over_spent and project.over_spent_since is None:
        project.over_spent_since = timezone.now()
        project.save(update_fields=["over_spent_since"])
        notify(
            users=[*unit_staff(project.unit_id), *talent_office_staff()],
            title=_("项目经费超支提示：%(talent)s·%(name)s") % {"talent": project.talent.name, "name": project.name},
            body="\n".join(
                [
                    *status.warnings,
                    _("经费由人才在总额内自主使用（第三条），平台仅作提示，不影响支出填报。"),
                ]
            ),
            url=_url(project),
            kind="project_over_spent",
        )
    elif not status.over_spent and project.over_spent_since is not None:
        project.over_spent_since = None
        project.save(update_fields=["over_spent_since"])
    return status


def _check_project(project: Project) -> None:
    project.full_clean(
        exclude=["nomination", "talent", "unit", "created_by"], validate_unique=False, validate_constraints=False
    )
    errors: dict[str, str] = {}
    if project.total_funding is not None and project.total_funding < 0:
        errors["total_funding"] = _("项目经费总额不能为负数。")
    if project.start_year and project.end_year and project.end_year < project.start_year:
        errors["end_year"] = _("结束年度不能早于起始年度。")
    if errors:
        raise ValidationError(errors)


def _money(amount: Any) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": _("金额格式不正确。")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"amount": _("金额须大于0（单位：万元）。")})
    if value != value.quantize(CENT):
        raise ValidationError({"amount": _("金额以万元为单位，最多保留两位小数。")})
    return value.quantize(CENT)


def _check_category(category: str) -> None:
    if category not in SpendingCategory.values:
        raise ValidationError(
            {
                "category": _("未知的支出类别，可选：%(labels)s。")
                % {"labels": "、".join(str(label) for label in SpendingCategory.labels)}
            }
        )


def _check_year(project: Project, year: int) -> None:
    if year not in project.years:
        raise ValidationError(
            {
                "year": _("%(year)s年不在项目年度（%(start)s—%(end)s年）内。")
                % {"year": year, "start": project.start_year, "end": project.end_year}
            }
        )


def _check_active(project: Project, action: str) -> None:
    if project.state != ProjectState.ACTIVE:
        raise ValidationError(
            _("项目%(state)s，不能%(action)s；如需继续请联系市委人才办恢复实施。")
            % {"state": project.get_state_display(), "action": action}
        )


def _grant_text(grant: FundingGrant) -> str:
    return _("%(year)s年度 %(amount)s万元（%(on)s拨付）") % {
        "year": grant.year,
        "amount": wan(grant.amount),
        "on": grant.granted_on.isoformat(),
    }


def _report_text(report: SpendingReport) -> str:
    text = _("%(year)s年度 %(category)s %(amount)s万元") % {
        "year": report.year,
        "category": report.get_category_display(),
        "amount": wan(report.amount),
    }
    return f"{text}（{report.note}）" if report.note else text


def _is_user(by) -> bool:
    return by is not None and getattr(by, "is_authenticated", False)


def _url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])
