"""Pages of leading talents' projects (第三条): the list, the project with its money per year and
by category, the spending report and grant forms (htmx), corrections, the office's edits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.audit.domain import history_of
from yingcai.core.lists import paginate
from yingcai.projects.domain import projects as domain
from yingcai.projects.domain.queries import projects_for_list, visible_projects
from yingcai.projects.interfaces.filters import ProjectFilter
from yingcai.projects.interfaces.forms import CorrectionForm, GrantForm, ProjectForm, SpendingForm, TransitionForm
from yingcai.projects.models import Project, SpendingReport
from yingcai.projects.workflow import PROJECT_LIFECYCLE
from yingcai.registry.models import Unit
from yingcai.registry.views.common import add_domain_errors, require

NAV = "projects"
PROJECT_SORTS = {
    "talent": "talent__name_pinyin",
    "unit": "unit__name",
    "start": "start_year",
    "total": "total_funding",
    "state": "state",
}


def visible_project(request: HttpRequest, pk: int, perm: str) -> Project:
    """The project if it is in the user's scope (404 otherwise) and the user may `perm` it (403)."""
    project = get_object_or_404(
        visible_projects(request.user).select_related(
            "talent", "unit", "unit__county", "unit__department", "nomination", "nomination__round", "created_by"
        ),
        pk=pk,
    )
    require(request.user, perm, project)
    return project


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "projects.list")
    scope = visible_projects(request.user)
    units = Unit.objects.filter(pk__in=scope.values("unit")).order_by("name")
    project_filter = ProjectFilter(request.GET, queryset=scope, units=units, request=request)
    listing = paginate(request, projects_for_list(project_filter.qs), sortable=PROJECT_SORTS, default="-start")
    return render(
        request,
        "projects/project_list.html",
        {"filter": project_filter, "listing": listing, "nav_active": NAV},
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, visible_project(request, pk, "projects.view"))


def funding_context(request: HttpRequest, project: Project, *, spending_form=None, grant_form=None) -> dict:
    """What the funding section (the htmx-swapped part of the page) shows."""
    user = request.user
    active = project.is_active
    can_report = active and user.has_perm("projects.report", project)
    can_grant = active and user.has_perm("projects.grant", project)
    this_year = timezone.localdate().year
    reports = list(project.spending_reports.select_related("reported_by").order_by("-year", "-reported_at", "-pk"))
    correctable = {
        r.pk
        for r in reports
        if can_report and user.has_perm("projects.correct_report", r) and domain.still_correctable(r)
    }
    if can_grant and grant_form is None:
        grant_form = GrantForm(project=project)
    if can_report and spending_form is None:
        spending_form = SpendingForm(project=project)
    return {
        "project": project,
        # The form is not offered before the project's first year begins (nothing can be spent yet).
        "not_started": can_report and project.start_year > this_year,
        "status": domain.funding_status(project),
        "grants": list(project.grants.select_related("granted_by")),
        "reports": [(r, r.pk in correctable) for r in reports],
        "spending_form": spending_form if spending_form is not None and spending_form.fields["year"].choices else None,
        "grant_form": grant_form if grant_form is not None and grant_form.fields["year"].choices else None,
    }


def render_detail(request: HttpRequest, project: Project, **forms) -> HttpResponse:
    user = request.user
    context = funding_context(request, project, **forms)
    context.update(
        {
            "transitions": PROJECT_LIFECYCLE.available(user, project),
            "can_change": user.has_perm("projects.change", project),
            "can_view_talent": user.has_perm("registry.view_talent", project.talent),
            "history": _history(project),
            "nav_active": NAV,
        }
    )
    return render(request, "projects/project_detail.html", context)


def _history(project: Project):
    """The project's audit entries, read by the shared renderer (`audit/_history.html`)."""
    return history_of(project)[:50]


def _funding_response(request: HttpRequest, project: Project, notice: str = "", **forms) -> HttpResponse:
    """htmx: the funding section again, with the new numbers (and the form's errors, if any)."""
    project.refresh_from_db()
    context = funding_context(request, project, **forms)
    context["notice"] = notice
    return render(request, "projects/_funding.html", context)


@login_required
@require_POST
def spending_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk, "projects.report")
    form = SpendingForm(request.POST, project=project)
    if form.is_valid():
        try:
            domain.report_spending(by=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(request, form, error, "projects:detail", "projects.view")
        else:
            notice = _("支出已登记，无需审批。")
            if request.htmx:
                return _funding_response(request, project, notice)
            messages.success(request, notice)
            return redirect(f"{_url(project)}#funding")
    if request.htmx:
        return _funding_response(request, project, spending_form=form)
    return render_detail(request, project, spending_form=form)


@login_required
@require_POST
def grant_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk, "projects.grant")
    form = GrantForm(request.POST, project=project)
    if form.is_valid():
        try:
            domain.grant_funding(by=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(request, form, error, "projects:detail", "projects.view")
        else:
            notice = _("经费拨付已登记。")
            if request.htmx:
                return _funding_response(request, project, notice)
            messages.success(request, notice)
            return redirect(f"{_url(project)}#funding")
    if request.htmx:
        return _funding_response(request, project, grant_form=form)
    return render_detail(request, project, grant_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def spending_correct(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        SpendingReport.objects.filter(project__in=visible_projects(request.user).values("pk")).select_related(
            "project", "project__talent"
        ),
        pk=pk,
    )
    require(request.user, "projects.correct_report", report)
    require(request.user, "projects.report", report.project)
    initial = {"category": report.category, "amount": report.amount, "note": report.note, "version": report.version}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.correct_spending(
                by=request.user,
                report=report,
                amount=data["amount"],
                category=data["category"],
                note=data["note"],
                version=data.get("version"),
                reason=data["reason"],
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "projects:detail", "projects.view")
        else:
            messages.success(request, _("支出已更正，更正前后的内容已记入日志。"))
            return redirect(f"{_url(report.project)}#funding")
    return render(
        request,
        "projects/spending_correct.html",
        {"form": form, "report": report, "project": report.project, "nav_active": NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk, "projects.change")
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_project(
                by=request.user, project=project, data=form.domain_data(), version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "projects:detail", "projects.view")
        else:
            messages.success(request, _("项目信息已保存。"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "nav_active": NAV})


@login_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_project(request, pk, "projects.view")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("未知的操作。"))
    transition = PROJECT_LIFECYCLE.transition(form.cleaned_data["transition"])
    try:
        domain.change_state(
            by=request.user, project=project, transition=transition.name, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已完成“%(action)s”。") % {"action": transition.label})
    return redirect("projects:detail", pk=project.pk)


def _url(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])
