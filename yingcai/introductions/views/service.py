"""Pages of a flexible talent's service (第八条) and of the changes in a talent's history: working
periods, the talents short of their days, closing a year, moving to full-time, leaving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.introductions.domain import declarations
from yingcai.introductions.domain.compliance import at_risk, close_year, reopen_year
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.domain.reminders import remind_selected
from yingcai.introductions.interfaces.exporters import at_risk_rows
from yingcai.introductions.interfaces.filters import AtRiskFilter
from yingcai.introductions.interfaces.forms import (
    ChangeToFullTimeForm,
    CloseYearForm,
    DepartureForm,
    ReasonForm,
    ReopenYearForm,
    WorkPeriodForm,
)
from yingcai.introductions.models import AtRiskReminder, FlexibleServiceYear, WorkPeriod
from yingcai.introductions.views.declarations import NAV, render_detail, visible_introduction
from yingcai.registry.interfaces.exporters import export_response
from yingcai.registry.views.common import add_domain_errors, require

AT_RISK_NAV = "introduction-at-risk"


@login_required
@require_POST
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = visible_introduction(request, pk, "introductions.log_work")
    form = WorkPeriodForm(request.POST)
    if form.is_valid():
        try:
            declarations.log_work_period(by=request.user, introduction=introduction, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:detail", "introductions.view")
        else:
            messages.success(request, _("工作时段已登记，年度累计天数已更新。"))
            return redirect(f"{introduction_url(introduction.pk)}#periods")
    return render_detail(request, introduction, period_form=form)


@login_required
@require_POST
def period_delete(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(
        WorkPeriod.objects.filter(introduction__in=visible_introductions(request.user).values("pk")).select_related(
            "introduction"
        ),
        pk=pk,
    )
    require(request.user, "introductions.log_work", period.introduction)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写删除原因。"))
    else:
        try:
            declarations.delete_work_period(by=request.user, period=period, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("工作时段已删除，删除原因已记入日志。"))
    return redirect(f"{introduction_url(period.introduction_id)}#periods")


@login_required
@require_http_methods(["GET", "POST"])
def change_to_full_time(request: HttpRequest, pk: int) -> HttpResponse:
    previous = visible_introduction(request, pk, "introductions.edit")
    form = ChangeToFullTimeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            successor = declarations.change_to_full_time(by=request.user, previous=previous, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:detail", "introductions.view")
        else:
            messages.success(request, _("已新建全职引进记录（草稿），原柔性引进记录已结束并保留。核对后请提交审核。"))
            return redirect("introductions:detail", pk=successor.pk)
    return render(
        request,
        "introductions/change_to_full_time.html",
        {"form": form, "introduction": previous, "nav_active": NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def departure(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = visible_introduction(request, pk, "introductions.edit")
    form = DepartureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declarations.record_departure(
                by=request.user,
                introduction=introduction,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
                left_city=form.cleaned_data["left_city"],
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:detail", "introductions.view")
        else:
            messages.success(request, _("已登记离开，引进记录已结束并保留在人才的引进历史中。"))
            if form.cleaned_data["left_city"]:
                messages.info(request, _("已登记离开本市，该人才此后到期的待遇停止发放。"))
            return redirect("introductions:detail", pk=introduction.pk)
    return render(
        request, "introductions/departure.html", {"form": form, "introduction": introduction, "nav_active": NAV}
    )


def _at_risk_items(request: HttpRequest, today):
    at_risk_filter = AtRiskFilter(request.GET, queryset=visible_introductions(request.user), request=request)
    return at_risk_filter, at_risk(at_risk_filter.qs, today=today, outlook=at_risk_filter.chosen_outlook)


@login_required
def at_risk_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.list")
    today = timezone.localdate()
    can_close = request.user.has_perm("introductions.close_year")
    last_year = today.year - 1
    at_risk_filter, items = _at_risk_items(request, today)
    reminded_today = set(
        AtRiskReminder.objects.filter(sent_on=today, introduction__in=[i.pk for i, _r in items]).values_list(
            "introduction_id", flat=True
        )
    )
    return render(
        request,
        "introductions/at_risk.html",
        {
            "filter": at_risk_filter,
            "items": items,
            "reminded_today": reminded_today,
            "can_remind": request.user.has_perm("introductions.remind"),
            "query": request.GET.urlencode(),
            "today": today,
            "can_close": can_close,
            "close_year": last_year,
            "closed_count": FlexibleServiceYear.objects.filter(year=last_year).count() if can_close else None,
            "nav_active": AT_RISK_NAV,
        },
    )


@login_required
@require_GET
def at_risk_export(request: HttpRequest) -> HttpResponse:
    """The at-risk list as filtered, as .xlsx (audited)."""
    require(request.user, "introductions.list")
    today = timezone.localdate()
    _filter, items = _at_risk_items(request, today)
    return export_response(
        request,
        title=_("柔性人才在岗预警"),
        rows=at_risk_rows(items, today=today),
        filename=_("柔性人才在岗预警"),
        target_model=FlexibleServiceYear,
    )


@login_required
@require_POST
def at_risk_remind(request: HttpRequest) -> HttpResponse:
    """Remind the units of the selected rows (each talent at most once a day)."""
    require(request.user, "introductions.remind")
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    back = reverse("introductions:at-risk") + (f"?{request.POST['query']}" if request.POST.get("query") else "")
    if not ids:
        messages.error(request, _("请先勾选要提醒的人才。"))
        return redirect(back)
    reminded, skipped = remind_selected(
        by=request.user, introductions=visible_introductions(request.user), ids=ids, today=timezone.localdate()
    )
    if reminded:
        messages.success(request, _("已向用人单位发送提醒：%(n)s人。") % {"n": reminded})
    if skipped:
        messages.info(
            request, _("%(n)s人今天已提醒过或已不在预警名单中，未重复提醒（每人每天提醒一次）。") % {"n": skipped}
        )
    return redirect(back)


@login_required
@require_POST
def close_year_view(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.close_year")
    form = CloseYearForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("年度不正确。"))
    year = form.cleaned_data["year"]
    try:
        closed = close_year(year=year, by=request.user, today=timezone.localdate())
    except ValueError:
        messages.error(request, _("%(year)s年度尚未结束，不能关账。") % {"year": year})
    else:
        messages.success(
            request,
            _("%(year)s年度已关账：本次冻结%(n)s条柔性引进人才的年度结果（已冻结的不重复计算）。")
            % {"year": year, "n": closed},
        )
    return redirect("introductions:at-risk")


@login_required
@require_POST
def reopen_year_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The office reopens one flexible talent's closed year, so a late period can be logged."""
    introduction = visible_introduction(request, pk, "introductions.view")
    require(request.user, "introductions.close_year")
    form = ReopenYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写重新开放的年度和原因。"))
    else:
        year = form.cleaned_data["year"]
        try:
            reopen_year(by=request.user, introduction=introduction, year=year, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("%(year)s年度已重新开放：可补登该年度的工作时段，补登后请重新关账。原因已记入日志。")
                % {"year": year},
            )
    return redirect(f"{introduction_url(introduction.pk)}#compliance")


def introduction_url(pk: int) -> str:
    return reverse("introductions:detail", args=[pk])
