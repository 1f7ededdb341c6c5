"""Excel exports of the talent and unit lists: asked for here, written on the task queue, then
downloaded from a status page that polls the job's progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from yingcai.core.files import serve_content
from yingcai.registry.domain import exports
from yingcai.registry.models import ExportKind
from yingcai.registry.views.common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_JOBS = 10


def _start(request: HttpRequest, kind: str) -> HttpResponse:
    require(request.user, "registry.export")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    # The list's filters come along in the form's address, exactly as the user had them.
    job = exports.request_export(by=request.user, kind=kind, query_string=request.GET.urlencode())
    return redirect("registry:export-detail", pk=job.pk)


@login_required
def talent_export(request: HttpRequest) -> HttpResponse:
    return _start(request, ExportKind.TALENTS)


@login_required
def unit_export(request: HttpRequest) -> HttpResponse:
    return _start(request, ExportKind.UNITS)


def _own_job(request: HttpRequest, pk: int):
    require(request.user, "registry.export")
    return get_object_or_404(exports.visible_export_jobs(request.user), pk=pk)


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    nav = "talent" if job.kind == ExportKind.TALENTS else "unit"
    recent = exports.visible_export_jobs(request.user).exclude(pk=job.pk)[:RECENT_JOBS]
    return render(request, "registry/export_detail.html", {"job": job, "recent_jobs": recent, "nav_active": nav})


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the job's progress bar while it runs (polled every second), then the download."""
    job = _own_job(request, pk)
    return render(request, "registry/export_status.html", {"job": job})


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(exports.visible_export_jobs(request.user), pk=pk)
    file = exports.export_file_for(request.user, job)
    return serve_content(file.open("rb"), filename=exports.download_name(job), content_type=XLSX)
