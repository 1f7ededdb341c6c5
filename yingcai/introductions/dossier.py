"""The introductions' part of a talent's dossier (一人一档): introductions, working periods, and for
a flexible talent this year's working days against the required days (第八条), as computed by
`compliance.year_compliance` — never recomputed here."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.introductions.domain.compliance import service_span, year_compliance
from yingcai.introductions.domain.dates import clip, inclusive_days, year_bounds
from yingcai.introductions.enums import ComplianceStatus, IntroductionState
from yingcai.introductions.models import FlexibleServiceYear, Introduction
from yingcai.policy.domain import RuleBook
from yingcai.registry.dossier import DossierEvent, DossierFact, DossierRow, DossierSection, register_dossier_section


@register_dossier_section
def introductions_section(talent, viewer) -> DossierSection:
    today = timezone.localdate()
    introductions = (
        Introduction.objects.filter(talent=talent)
        .select_related("unit")
        .prefetch_related(
            "work_periods",
            Prefetch("service_years", FlexibleServiceYear.objects.filter(year=today.year).select_related("rule")),
        )
    )
    rows, events, facts = [], [], []
    rules = RuleBook()
    for introduction in introductions:
        may_open = viewer.has_perm("introductions.view", introduction)
        if introduction.state == IntroductionState.DRAFT and not may_open:
            continue
        url = reverse("introductions:detail", args=[introduction.pk]) if may_open else None
        label = f"{introduction.get_mode_display()} · {introduction.unit.name}"
        rows.append(DossierRow(label, introduction.get_state_display(), introduction.introduced_on, url))
        events.append(DossierEvent(introduction.introduced_on, _("%(mode)s：%(unit)s") % _names(introduction), url))
        if introduction.ended_on:
            events.append(
                DossierEvent(introduction.ended_on, _("引进结束：%(unit)s") % {"unit": introduction.unit.name}, url)
            )
        for period in introduction.work_periods.all():
            days = inclusive_days(period.start, period.end)
            rows.append(
                DossierRow(
                    _("在岗工作时段 %(start)s～%(end)s（%(days)s天）")
                    % {"start": period.start.isoformat(), "end": period.end.isoformat(), "days": days},
                    introduction.unit.name,
                    period.start,
                    url,
                )
            )
            events.append(
                DossierEvent(
                    period.start, _("在岗工作%(days)s天：%(unit)s") % {"days": days, **_names(introduction)}, url
                )
            )
        fact = _this_year(introduction, today, rules)
        if fact is not None:
            facts.append(fact)
    return DossierSection("introductions", _("人才引进"), rows, events, facts, order=10)


def _names(introduction: Introduction) -> dict[str, str]:
    return {"mode": introduction.get_mode_display(), "unit": introduction.unit.name}


def _this_year(introduction: Introduction, today, rules: RuleBook) -> DossierFact | None:
    """This year's days of a flexible introduction under review or confirmed, as 第八条 counts them."""
    if not introduction.is_flexible or introduction.state in (IntroductionState.DRAFT, IntroductionState.RETURNED):
        return None
    span = service_span(introduction)
    if span is None or clip(span, year_bounds(today.year)) is None:
        return None
    periods = [(p.start, p.end) for p in introduction.work_periods.all()]
    result = year_compliance(introduction, today.year, today=today, periods=periods, rules=rules)
    value = _("已累计%(worked)s天 / 应工作%(required)s天 · %(status)s") % {
        "worked": result.days_worked,
        "required": result.days_required,
        "status": result.status_label,
    }
    return DossierFact(
        _("%(year)s年在岗天数（%(unit)s）") % {"year": today.year, "unit": introduction.unit.name},
        value,
        warning=result.at_risk or result.status == ComplianceStatus.MISSED,
    )
