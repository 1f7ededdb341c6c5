"""Import jobs: keeping the upload, running it on the task queue, and what the page shows of it."""

import datetime
import logging
import os
import socket
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_talent_office, is_unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.uploads import MB, WORKBOOKS, accept_upload
from yingcai.introductions.imports import progress
from yingcai.introductions.imports.domain import (
    ImportRejected,
    apply_introduction_rows,
    apply_work_period_rows,
    require_import_permission,
    validate_introduction_rows,
    validate_work_period_rows,
)
from yingcai.introductions.imports.parsing import FILE, RowError, read_sheet
from yingcai.introductions.models import ImportJob
from yingcai.introductions.models.imports import ImportKind, ImportStatus
from yingcai.introductions.workflow import IMPORT_JOB
from yingcai.workflows.engine import advance, advance_all

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * MB
# This worker, as recorded on the jobs it claims: its host, and a token made once when the
# process starts (a restarted worker may get the same process id, never the same token).
WORKER = f"{socket.gethostname()[:80]}/{os.getpid()}/{uuid.uuid4().hex[:12]}"
MAX_STORED_ERRORS = 2000

_HANDLERS = {
    ImportKind.INTRODUCTIONS: (validate_introduction_rows, apply_introduction_rows),
    ImportKind.WORK_PERIODS: (validate_work_period_rows, apply_work_period_rows),
}


def visible_import_jobs(user) -> QuerySet[ImportJob]:
    """The talent office sees every import; a unit the imports made for it."""
    jobs = ImportJob.objects.select_related("created_by", "unit")
    if not user.is_authenticated or not user.has_perm("introductions.import"):
        return jobs.none()
    if is_talent_office(user):
        return jobs
    if is_unit_staff(user):
        return jobs.filter(unit_id=user.unit_id)
    return jobs.none()


def start_import(*, by, kind: str, upload: UploadedFile) -> ImportJob:
    """Keep the uploaded workbook and put its import on the task queue."""
    require_import_permission(by)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("请选择导入内容。")})
    try:
        # Checked by its content; the stored name says nothing of the person or unit the clerk may
        # have named the file after.
        original = accept_upload(upload, field=_("Excel文件"), types=WORKBOOKS, max_bytes=MAX_UPLOAD_BYTES)
    except ValidationError as refused:
        raise ValidationError({"file": refused.messages}) from refused
    job = ImportJob(
        kind=kind,
        created_by=by,
        unit_id=by.unit_id if is_unit_staff(by) else None,
        original_name=original,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    from yingcai.introductions.imports.tasks import run_import  # the task module imports this one

    # Queued once the job is committed, so the worker finds it.
    transaction.on_commit(lambda: run_import(job.pk))
    return job


def run_import_job(*, job_id: int) -> ImportJob:
    """Check every row of the job's workbook and, if none is refused, write them all."""
    # Claimed by one worker only, even if the task is delivered twice.
    claimed = advance_all(
        workflow=IMPORT_JOB,
        queryset=ImportJob.objects.filter(pk=job_id),
        transition="claim",
        started_at=timezone.now(),
        worker=WORKER,
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _run(job)
        except PermissionDenied as error:
            _finish(job, ImportStatus.FAILED, [RowError(FILE, "", str(error))])
        except Exception:
            logger.exception("import job %s failed", job.pk)
            message = _("导入时发生系统错误，未写入任何数据。请稍后重试，或联系系统管理员。")
            _finish(job, ImportStatus.FAILED, [RowError(FILE, "", message)])
        finally:
            progress.clear(job.pk)
            _discard_upload(job)
    return job


def _run(job: ImportJob) -> None:
    by = job.created_by
    with job.file.open("rb") as upload:
        sheet = read_sheet(upload, job.kind)
    job.total_rows = len(sheet.rows)
    job.save(update_fields=["total_rows"])
    if sheet.errors:
        _finish(job, ImportStatus.FAILED, sheet.errors)
        return
    validate, apply = _HANDLERS[ImportKind(job.kind)]
    errors = validate(by=by, rows=sheet.rows, on_progress=lambda done: _save_progress(job, done))
    if errors:
        _finish(job, ImportStatus.FAILED, errors)
        return
    advance(workflow=IMPORT_JOB, obj=job, transition="apply")
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    try:
        with transaction.atomic():
            written = apply(by=by, rows=sheet.rows, on_progress=lambda done: progress.publish(job.pk, done))
            job.applied_rows = written
            _finish(job, ImportStatus.SUCCEEDED, [])
            record(
                actor=by,
                action=AuditAction.CREATE,
                target=job,
                changes={"kind": job.kind, "file": job.original_name, "rows": written},
                reason=_("Excel批量导入"),
            )
    except ImportRejected as rejected:
        # Something changed between the check and the writing (another import, an edit).
        _finish(job, ImportStatus.FAILED, rejected.errors)
    except Exception:
        job.refresh_from_db(fields=["status"])  # rolled back with the writing: not succeeded after all
        raise


def _save_progress(job: ImportJob, done: int) -> None:
    job.processed_rows = done
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)


def _finish(job: ImportJob, status: ImportStatus, errors: list[RowError]) -> None:
    stored = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
    if len(errors) > MAX_STORED_ERRORS:
        more = len(errors) - MAX_STORED_ERRORS
        stored.append(RowError(FILE, "", _("另有%(n)s条错误未列出，请先改正以上错误。") % {"n": more}).as_dict())
    if status == ImportStatus.SUCCEEDED:
        transition = "succeed"
    else:
        transition = "refuse" if job.status == ImportStatus.VALIDATING else "fail"
    advance(workflow=IMPORT_JOB, obj=job, transition=transition)
    job.errors, job.finished_at = stored, timezone.now()
    if status == ImportStatus.SUCCEEDED:
        job.processed_rows = job.total_rows
    job.save(update_fields=["status", "errors", "finished_at", "processed_rows", "applied_rows"])


def _discard_upload(job: ImportJob) -> None:
    # The workbook holds full ID numbers; once checked and written it is not kept.
    if job.file:
        try:
            job.file.delete(save=False)
        except OSError:
            logger.warning("could not delete the upload of import job %s", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(file="")


@dataclass(frozen=True)
class JobProgress:
    """What the progress bar shows: checking is the first half of the bar, writing the second."""

    phase: str
    done: int
    total: int
    percent: int


def job_progress(job: ImportJob) -> JobProgress:
    total = job.total_rows
    if job.status == ImportStatus.APPLYING:
        done = max(progress.peek(job.pk), job.processed_rows)
        percent = 50 + (50 * done // total if total else 0)
    elif job.status == ImportStatus.VALIDATING:
        done = job.processed_rows
        percent = 50 * done // total if total else 0
    else:
        done = job.processed_rows
        percent = 100 if job.is_finished else 0
    return JobProgress(str(ImportStatus(job.status).label), min(done, total), total, min(percent, 100))


STUCK_AFTER = datetime.timedelta(hours=1)


def sweep_stale_imports(now: datetime.datetime) -> int:
    """Hourly: an import still checking or writing an hour after it started, or still waiting an hour
    after it was uploaded, has died with (or never reached) its worker
    (the writing is one transaction, so nothing of it was kept). Mark it failed and remove the
    upload, which holds full ID numbers. Returns how many jobs were given up."""
    # A job the worker never picked up (queued an hour after upload) holds the same upload.
    stuck = ImportJob.objects.filter(
        Q(status__in=[ImportStatus.VALIDATING, ImportStatus.APPLYING], started_at__lt=now - STUCK_AFTER)
        | Q(status=ImportStatus.QUEUED, created_at__lt=now - STUCK_AFTER)
    )
    with translation.override(settings.LANGUAGE_CODE):
        return _give_up(
            stuck,
            now,
            message=_("处理超时，未导入任何数据，请重新上传文件。"),
            reason=_("定时清理：超过1小时未完成的导入视为失败"),
        )


def fail_orphaned_imports(now: datetime.datetime) -> int:
    """When a worker starts (huey's startup hook): an import still checking or writing that an
    earlier worker on this host claimed died with that worker, since a task runs on the worker that
    took it and is not delivered again. Fail it at once, rather than an hour later by the sweep, and
    remove its upload. Jobs of this worker (another of its threads may have claimed one already) and
    of workers on other hosts are left alone; those are the sweep's. Returns how many were failed."""
    host = WORKER.split("/", 1)[0]
    orphans = (
        ImportJob.objects.filter(status__in=[ImportStatus.VALIDATING, ImportStatus.APPLYING])
        .filter(Q(worker="") | Q(worker__startswith=f"{host}/"))
        .exclude(worker=WORKER)
    )
    with translation.override(settings.LANGUAGE_CODE):
        return _give_up(
            orphans,
            now,
            message=_("后台处理程序已停止（如服务器重启），本次导入未完成。请重新上传文件。"),
            reason=_("后台处理程序重启：中断的导入视为失败"),
        )


def _give_up(jobs: QuerySet[ImportJob], now: datetime.datetime, *, message: str, reason: str) -> int:
    """Mark `jobs` failed with `message` (the writing is one transaction, so nothing of them was
    kept), remove their uploads, which hold full ID numbers, and audit each."""
    given_up = 0
    for job in jobs:
        error = RowError(FILE, "", message).as_dict()
        changed = advance_all(
            workflow=IMPORT_JOB,
            queryset=ImportJob.objects.filter(pk=job.pk, status=job.status),
            transition="give_up",
            errors=[error],
            finished_at=now,
        )
        if not changed:  # finished meanwhile
            continue
        given_up += 1
        progress.clear(job.pk)
        _discard_upload(job)
        record(
            actor=None,
            action=AuditAction.UPDATE,
            target=job,
            changes={"status": [job.status, ImportStatus.FAILED]},
            reason=reason,
        )
    return given_up
