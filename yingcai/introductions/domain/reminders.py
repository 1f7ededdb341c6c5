"""Telling units and counties about review steps and about flexible talents short of their days."""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import reviewers_of_unit, talent_office_staff, unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain.compliance import at_risk
from yingcai.introductions.domain.rule_copy import rule_values
from yingcai.introductions.enums import IntroductionState
from yingcai.introductions.models import AtRiskReminder, Introduction
from yingcai.notifications.domain import notify
from yingcai.workflows.models import ReviewStep


def notify_review_step(introduction: Introduction, step: ReviewStep) -> None:
    """Whoever acts next hears about it; the unit hears about every outcome."""
    url = reverse("introductions:detail", args=[introduction.pk])
    title = _("引进记录“%(name)s”：%(action)s") % {"name": introduction.talent.name, "action": step.transition_label}
    body = step.reason
    if step.transition == "withdraw":
        # The county that had it in its queue hears that it is gone.
        notify(users=reviewers_of_unit(introduction.unit), title=title, body=body, url=url, kind="review")
        return
    next_reviewers = {
        IntroductionState.SUBMITTED: reviewers_of_unit(introduction.unit),
        IntroductionState.COUNTY_APPROVED: talent_office_staff(),
    }.get(step.to_state)
    if next_reviewers is not None:
        notify(users=next_reviewers, title=title, body=body, url=url, kind="review")
    if step.to_state in (
        IntroductionState.RETURNED,
        IntroductionState.CONFIRMED,
        IntroductionState.COUNTY_APPROVED,
        IntroductionState.PENDING_TRANSFER,
        IntroductionState.HISTORICAL,
    ):
        notify(users=unit_staff(introduction.unit_id), title=title, body=body, url=url, kind="review")


def send_flexible_reminders(*, today: datetime.date) -> int:
    """Remind each unit, and each county/department above it, of its flexible talents who are short
    of this year's days. Returns the number of talents reminded about."""
    found = at_risk(Introduction.objects.all(), today=today)
    by_unit: dict[int, list] = defaultdict(list)
    for introduction, result in found:
        by_unit[introduction.unit_id].append((introduction, result))
    url = reverse("introductions:at-risk")
    for items in by_unit.values():
        unit = items[0][0].unit
        lines = [
            _("%(name)s：已工作%(worked)s天，应工作%(required)s天，尚差%(short)s天")
            % {"name": i.talent.name, "worked": r.days_worked, "required": r.days_required, "short": r.shortfall}
            for i, r in items
        ]
        title = _("%(year)s年度柔性引进人才在岗时间提醒（%(unit)s，%(n)s人）") % {
            "year": today.year,
            "unit": unit.name,
            "n": len(items),
        }
        body = (
            _("以下柔性引进人才尚未达到每年累计不少于%(days)s天的要求（第八条）：") % rule_values(today)
            + "\n"
            + "\n".join(lines)
        )
        recipients = list(unit_staff(unit.pk)) + list(reviewers_of_unit(unit))
        notify(users=recipients, title=title, body=body, url=url, kind="flexible_reminder")
    return len(found)


def remind_selected(
    *, by, introductions: QuerySet[Introduction], ids: list[int], today: datetime.date
) -> tuple[int, int]:
    """The reminder action of the at-risk list: each selected talent still at risk (of those `by`
    may see, `introductions`) is reminded to its unit, at most once a day per talent; each unit gets
    one message listing its talents. Returns (reminded, skipped: already reminded today or no longer
    at risk)."""
    if not by.has_perm("introductions.remind"):
        raise PermissionDenied(_("您无权发送在岗预警提醒。"))
    wanted = set(ids)
    found = [(i, r) for i, r in at_risk(introductions.filter(pk__in=wanted), today=today)]
    by_unit: dict[int, list] = defaultdict(list)
    with transaction.atomic():
        for introduction, result in found:
            try:
                with transaction.atomic():
                    AtRiskReminder.objects.create(introduction=introduction, sent_on=today, sent_by=by)
            except IntegrityError:
                continue  # already reminded today
            record(
                actor=by,
                action=AuditAction.CREATE,
                target=introduction,
                changes={"at_risk_reminder": [None, today.isoformat()]},
                reason=_("在岗预警提醒：已工作%(worked)s天，应工作%(required)s天")
                % {"worked": result.days_worked, "required": result.days_required},
            )
            by_unit[introduction.unit_id].append((introduction, result))
        for items in by_unit.values():
            unit = items[0][0].unit
            lines = [
                _("%(name)s：已工作%(worked)s天，应工作%(required)s天，尚差%(short)s天%(note)s")
                % {
                    "name": i.talent.name,
                    "worked": r.days_worked,
                    "required": r.days_required,
                    "short": r.shortfall,
                    "note": _("（本年度已无法达标）") if r.unreachable else "",
                }
                for i, r in items
            ]
            title = _("%(year)s年度柔性引进人才在岗时间提醒（%(unit)s，%(n)s人）") % {
                "year": today.year,
                "unit": unit.name,
                "n": len(items),
            }
            body = (
                _(
                    "%(who)s提醒：以下柔性引进人才尚未达到每年累计不少于%(days)s天的要求（第八条），请督促并及时登记工作时段："
                )
                % {"who": getattr(by, "scope_label", "") or by.get_username(), "days": rule_values(today)["days"]}
                + "\n"
                + "\n".join(lines)
            )
            url = reverse("introductions:at-risk")
            users = list(unit_staff(unit.pk))
            transaction.on_commit(
                lambda users=users, title=title, body=body, url=url: notify(
                    users=users, title=title, body=body, url=url, kind="flexible_reminder"
                )
            )
    reminded = sum(len(items) for items in by_unit.values())
    return reminded, len(wanted) - reminded
