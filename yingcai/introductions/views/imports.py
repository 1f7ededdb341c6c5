"""Excel import of introductions and working periods (upload, template, progress) and the exports."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from yingcai.core.files import serve_content
from yingcai.core.forms import add_form_errors
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.imports import jobs as imports
from yingcai.introductions.imports import tasks  # noqa: F401 - registers the import task with huey
from yingcai.introductions.imports.exports import introduction_rows, period_year, work_period_rows, work_periods_of
from yingcai.introductions.imports.forms import ImportForm
from yingcai.introductions.imports.templates import build_template, template_filename
from yingcai.introductions.interfaces.filters import IntroductionFilter
from yingcai.introductions.models import ImportJob, Introduction, WorkPeriod
from yingcai.introductions.models.imports import ImportKind
from yingcai.registry.interfaces.exporters import export_response
from yingcai.registry.views.common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 10


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.import")
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in ImportKind.values else None
    form = ImportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.start_import(
                by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            return redirect(f"{reverse('introductions:import')}?job={job.pk}")
    jobs = imports.visible_import_jobs(request.user)
    job = None
    if (job_id := request.GET.get("job", "")).isdigit():
        job = get_object_or_404(jobs, pk=int(job_id))
    return render(
        request,
        "introductions/import.html",
        {
            "form": form,
            "job": job,
            "progress": imports.job_progress(job) if job else None,
            "recent_jobs": jobs[:RECENT_JOBS],
            "nav_active": "introduction-import",
        },
    )


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the job's progress bar while it runs (polled every second), then its result."""
    require(request.user, "introductions.import")
    job = get_object_or_404(imports.visible_import_jobs(request.user), pk=pk)
    return render(request, "introductions/import_status.html", {"job": job, "progress": imports.job_progress(job)})


@login_required
@require_GET
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The refused rows of a job as .xlsx, to work through beside the file."""
    require(request.user, "introductions.import")
    job = get_object_or_404(imports.visible_import_jobs(request.user), pk=pk)
    header = [_("行号"), _("姓名"), _("列"), _("原因")]
    rows = [header] + [[e["row"] or _("整个文件"), e.get("name", ""), e["column"], e["message"]] for e in job.errors]
    return export_response(
        request, title=_("导入错误"), rows=rows, filename=f"import-{job.pk}-errors", target_model=ImportJob
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.import")
    kind = request.GET.get("kind", ImportKind.INTRODUCTIONS)
    if kind not in ImportKind.values:
        raise Http404
    content = build_template(kind=kind, by=request.user)
    return serve_content(io.BytesIO(content), filename=template_filename(kind), content_type=XLSX)


def _listed_introductions(request: HttpRequest, *, ignore: tuple[str, ...] = ()) -> QuerySet[Introduction]:
    """The introductions the user may see, filtered by the list page's own filters."""
    params = request.GET.copy()
    for name in ignore:
        params.pop(name, None)
    return IntroductionFilter(params, queryset=visible_introductions(request.user), request=request).qs


@login_required
@require_GET
def introductions_export(request: HttpRequest) -> HttpResponse:
    """What the list shows (same filters: mode, manner, state, year, …), ID numbers masked."""
    require(request.user, "introductions.list")
    introductions = _listed_introductions(request).order_by("-introduced_on", "-pk")
    return export_response(
        request,
        title=_("引进记录"),
        rows=introduction_rows(introductions),
        filename="introductions",
        target_model=Introduction,
    )


@login_required
@require_GET
def periods_export(request: HttpRequest) -> HttpResponse:
    """The working periods of the listed introductions; `year` keeps the periods touching it."""
    require(request.user, "introductions.list")
    introductions = _listed_introductions(request, ignore=("year",))
    periods = work_periods_of(introductions, year=period_year(request.GET))
    return export_response(
        request,
        title=_("在岗工作时段"),
        rows=work_period_rows(periods.order_by("introduction__unit_id", "introduction__talent_id", "start", "pk")),
        filename="work-periods",
        target_model=WorkPeriod,
    )
