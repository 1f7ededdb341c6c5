"""Excel exports of the registry on the task queue, so 37 000 talents never keep a web request waiting.

The user asks for an export of the list as filtered (`request_export`); the task writes the workbook
(`run_export`) applying the same filters to what the user may see *when it runs*, with personal data
masked; only the user who asked may download it (`export_file_for`). The files are personal data
too: `sweep_stale_exports` deletes them after 24 hours and fails jobs stuck for over an hour.
"""

import datetime
import logging
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.xlsx import write_workbook
from yingcai.registry.domain.masking import mask_id_numbers_in_query
from yingcai.registry.domain.queries import talents_for_list, units_for_list, visible_talents, visible_units
from yingcai.registry.interfaces.exporters import talent_rows, unit_rows
from yingcai.registry.interfaces.filters import TalentFilter, UnitFilter
from yingcai.registry.models import ExportJob, ExportKind, ExportStatus, Talent, Unit
from yingcai.registry.workflow import EXPORT_JOB
from yingcai.workflows.engine import advance_all

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1000
KEEP_FOR = datetime.timedelta(hours=24)
STUCK_AFTER = datetime.timedelta(hours=1)
# Parameters of the list page that do not choose rows.
_NOT_FILTERS = ("page", "sort")


@dataclass(frozen=True)
class _Spec:
    title: str
    filename: str
    model: type
    rows: Callable[[QuerySet], Iterator[list]]

    def queryset(self, user, params: QueryDict) -> QuerySet:
        if self.model is Talent:
            return talents_for_list(
                TalentFilter(params, queryset=visible_talents(user), request=_as(user)).qs
            ).order_by("pk")
        return units_for_list(UnitFilter(params, queryset=visible_units(user)).qs).order_by("pk")


def _as(user) -> HttpRequest:
    """A request of `user`, for the filter set (it decides who may search by ID number)."""
    request = HttpRequest()
    request.user = user
    return request


def _spec(kind: str) -> _Spec:
    if kind == ExportKind.TALENTS:
        return _Spec(_("人才库"), "talents", Talent, talent_rows)
    return _Spec(_("用人单位"), "units", Unit, unit_rows)


def _filters(query_string: str) -> QueryDict:
    params = QueryDict(query_string, mutable=True)
    for name in _NOT_FILTERS:
        params.pop(name, None)
    return params


def visible_export_jobs(user) -> QuerySet[ExportJob]:
    """A user sees (and downloads) only the exports they asked for themselves."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(created_by=user)


def request_export(*, by, kind: str, query_string: str) -> ExportJob:
    """Queue an export of the talent or unit list as the user has it filtered. Audited at once:
    who, what, which filters and how many rows they select now."""
    if not by.has_perm("registry.export"):
        raise PermissionDenied(_("您没有导出权限。"))
    if kind not in ExportKind.values:
        raise ValidationError({"kind": _("请选择导出内容。")})
    params = _filters(query_string)
    spec = _spec(kind)
    rows = spec.queryset(by, params).count()
    job = ExportJob.objects.create(kind=kind, query_string=params.urlencode(), created_by=by, total_rows=rows)
    record(
        actor=by,
        action=AuditAction.EXPORT,
        target=job,
        changes={"what": spec.model._meta.label, "rows": rows, "filters": mask_id_numbers_in_query(job.query_string)},
    )
    from yingcai.registry.tasks import export_registry  # the task module imports this one

    # Queued once the job is committed, so the worker finds it.
    transaction.on_commit(lambda: export_registry(job.pk))
    return job


def run_export(job_id: int) -> ExportJob:
    """Write the job's workbook: the user's filters, within what the user may see now, masked."""
    # Claimed by one worker only, even if the task is delivered twice.
    claimed = advance_all(
        workflow=EXPORT_JOB,
        queryset=ExportJob.objects.filter(pk=job_id),
        transition="claim",
        started_at=timezone.now(),
        processed_rows=0,
    )
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _write(job)
        except PermissionDenied:
            _fail(job, _("导出失败：您已没有导出权限，未生成文件。"))
        except Exception:
            logger.exception("export job %s failed", job.pk)
            _fail(job, _("导出时发生系统错误，未生成文件。请稍后重新导出，或联系系统管理员。"))
    return ExportJob.objects.filter(pk=job.pk).first() or job  # gone if the sweep deleted it meanwhile


def _write(job: ExportJob) -> None:
    user = job.created_by
    if not user.is_active or not user.has_perm("registry.export"):
        raise PermissionDenied
    spec = _spec(job.kind)
    queryset = spec.queryset(user, _filters(job.query_string))
    job.total_rows = queryset.count()
    ExportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    with tempfile.TemporaryFile() as out:
        written = write_workbook(spec.title, spec.rows(queryset), out, on_progress=progress, every=PROGRESS_EVERY)
        out.seek(0)
        # A random name: nothing in it tells whose data the file holds.
        job.file.save(f"{uuid.uuid4().hex}.xlsx", File(out), save=False)
    finished = advance_all(
        workflow=EXPORT_JOB,
        queryset=ExportJob.objects.filter(pk=job.pk),
        transition="finish",
        file=job.file.name,
        total_rows=written,
        processed_rows=written,
        finished_at=timezone.now(),
    )
    if not finished:  # the sweep gave up on it meanwhile: do not keep a file nobody can download
        _delete_file(job.file)


def _fail(job: ExportJob, message: str) -> None:
    advance_all(
        workflow=EXPORT_JOB,
        queryset=ExportJob.objects.filter(pk=job.pk),
        transition="fail",
        error=message,
        finished_at=timezone.now(),
    )


def export_file_for(user, job: ExportJob) -> FieldFile:
    """The finished file of `job`, for the user who asked for it only (404 for anyone else)."""
    if not user.is_authenticated or job.created_by_id != user.pk:
        raise Http404
    if not user.has_perm("registry.export"):
        raise PermissionDenied(_("您没有导出权限。"))
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return job.file


def download_name(job: ExportJob) -> str:
    stamp = timezone.localtime(job.finished_at or job.created_at).strftime("%Y%m%d-%H%M")
    return f"{_spec(job.kind).filename}-{stamp}.xlsx"


def _delete_file(file: FieldFile) -> None:
    if not file:
        return
    try:
        file.storage.delete(file.name)
    except OSError:
        logger.warning("could not delete export file %s", file.name)


def sweep_stale_exports(now: datetime.datetime) -> dict[str, int]:
    """Hourly: delete jobs (with their files) asked for more than 24 hours ago, and fail jobs
    queued or running for more than an hour. Returns how many of each."""
    expired = list(ExportJob.objects.filter(created_at__lt=now - KEEP_FOR).only("pk", "file"))
    for job in expired:
        _delete_file(job.file)
    deleted = ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()[0] if expired else 0
    cutoff = now - STUCK_AFTER
    stuck = ExportJob.objects.filter(
        Q(status=ExportStatus.QUEUED, created_at__lt=cutoff) | Q(status=ExportStatus.RUNNING, started_at__lt=cutoff)
    )
    timed_out = 0
    with translation.override(settings.LANGUAGE_CODE):
        message = _("处理超时，请重新导出")
        reason = _("定时清理：导出文件保留24小时，超过1小时未完成的导出视为失败")
    for job in stuck:
        changed = advance_all(
            workflow=EXPORT_JOB,
            queryset=ExportJob.objects.filter(pk=job.pk, status=job.status),
            transition="time_out",
            error=message,
            finished_at=now,
            file="",
        )
        if changed:
            _delete_file(job.file)
            timed_out += 1
    if timed_out or deleted:
        record(
            actor=None,
            action=AuditAction.DELETE if deleted else AuditAction.UPDATE,
            changes={"what": ExportJob._meta.label, "timed_out": timed_out, "deleted": deleted},
            reason=reason,
        )
    return {"timed_out": timed_out, "deleted": deleted}
