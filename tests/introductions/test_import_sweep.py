"""Import jobs that died with their worker: failed at once when a worker starts again on the same
host, else by the hourly sweep an hour later; the upload removed either way."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from huey.consumer import Worker
from huey.contrib.djhuey import HUEY

from tests import factories
from yingcai.audit.models import AuditEntry
from yingcai.introductions.imports import jobs, progress
from yingcai.introductions.imports.jobs import sweep_stale_imports
from yingcai.introductions.models import ImportJob
from yingcai.introductions.models.imports import ImportKind, ImportStatus
from yingcai.introductions.tasks import fail_imports_of_a_stopped_worker, sweep_stale_import_jobs

TIMED_OUT = "处理超时，未导入任何数据，请重新上传文件。"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def job_started(user, *, status: ImportStatus, minutes_ago: int | None, now) -> ImportJob:
    job = ImportJob(kind=ImportKind.INTRODUCTIONS, created_by=user, original_name="引进.xlsx", status=status)
    job.file.save("upload.xlsx", ContentFile(b"PK full ID numbers"), save=False)
    job.save()
    started = now - datetime.timedelta(minutes=minutes_ago) if minutes_ago is not None else None
    ImportJob.objects.filter(pk=job.pk).update(started_at=started, created_at=now - datetime.timedelta(hours=2))
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("status", [ImportStatus.VALIDATING, ImportStatus.APPLYING])
@pytest.mark.parametrize(("minutes", "fails"), [(59, False), (61, True)])
def test_running_import_fails_an_hour_after_it_started(office, tmp_path, status, minutes, fails):
    now = timezone.now()
    job = job_started(office, status=status, minutes_ago=minutes, now=now)
    upload = tmp_path / job.file.name
    assert upload.exists()
    assert sweep_stale_imports(now) == int(fails)
    job.refresh_from_db()
    if fails:
        assert job.status == ImportStatus.FAILED
        assert job.errors == [{"row": 0, "column": "", "message": TIMED_OUT, "name": ""}]
        assert job.finished_at == now
        assert not job.file
        assert not upload.exists()
    else:
        assert job.status == status
        assert job.errors == []
        assert upload.exists()


@pytest.mark.parametrize("status", [ImportStatus.SUCCEEDED, ImportStatus.FAILED])
def test_finished_imports_are_left_alone(office, status):
    now = timezone.now()
    job = job_started(office, status=status, minutes_ago=180, now=now)
    assert sweep_stale_imports(now) == 0
    job.refresh_from_db()
    assert job.status == status
    assert job.file
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("minutes", "fails"), [(59, False), (61, True)])
def test_an_import_never_picked_up_fails_an_hour_after_upload(office, tmp_path, minutes, fails):
    now = timezone.now()
    job = job_started(office, status=ImportStatus.QUEUED, minutes_ago=None, now=now)
    ImportJob.objects.filter(pk=job.pk).update(created_at=now - datetime.timedelta(minutes=minutes))
    upload = tmp_path / job.file.name
    assert sweep_stale_imports(now) == int(fails)
    job.refresh_from_db()
    assert (job.status, upload.exists()) == ((ImportStatus.FAILED, False) if fails else (ImportStatus.QUEUED, True))


def test_timed_out_import_is_audited_and_shown_in_chinese(client, office, tmp_path):
    now = timezone.now()
    job = job_started(office, status=ImportStatus.APPLYING, minutes_ago=61, now=now)
    progress.publish(job.pk, 40)
    sweep_stale_imports(now)
    entry = AuditEntry.objects.get(object_id=str(job.pk), action="update")
    assert entry.actor is None
    assert entry.changes == {"status": ["applying", "failed"]}
    assert progress.peek(job.pk) == 0
    client.force_login(office)
    html = client.get(reverse("introductions:import-status", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in html
    assert TIMED_OUT in html
    assert 'hx-trigger="every 1s"' not in html
    assert sweep_stale_imports(now) == 0  # once only


def test_unit_users_import_is_swept_too(unit):
    now = timezone.now()
    job = job_started(factories.unit_user(unit), status=ImportStatus.VALIDATING, minutes_ago=61, now=now)
    assert sweep_stale_imports(now) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_sweep_task_runs_hourly(office):
    on_the_hour = datetime.datetime(2026, 11, 26, 3, 20)
    task = sweep_stale_import_jobs.s()
    assert task.validate_datetime(on_the_hour)
    assert task.validate_datetime(on_the_hour + datetime.timedelta(hours=5))
    assert not task.validate_datetime(on_the_hour + datetime.timedelta(minutes=1))
    job_started(office, status=ImportStatus.VALIDATING, minutes_ago=61, now=timezone.now())
    assert sweep_stale_import_jobs.call_local() == 1


# --- a worker that starts fails the imports its predecessor on this host left half done ---------

STOPPED = "后台处理程序已停止（如服务器重启），本次导入未完成。请重新上传文件。"
HOST = jobs.WORKER.split("/", 1)[0]


def claimed_by(user, worker: str, status=ImportStatus.VALIDATING) -> ImportJob:
    job = job_started(user, status=status, minutes_ago=2, now=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(worker=worker, processed_rows=40, total_rows=100)
    job.refresh_from_db()
    return job


def start_a_worker() -> None:
    """What huey's consumer does as each of its workers starts: run the startup hooks."""
    Worker(HUEY, default_delay=0.1, max_delay=1.0, backoff=1.15).initialize()


@pytest.mark.parametrize("status", [ImportStatus.VALIDATING, ImportStatus.APPLYING])
def test_a_restarted_worker_fails_at_once_what_the_stopped_one_left(client, office, tmp_path, status):
    job = claimed_by(office, f"{HOST}/4242/0123456789ab", status)
    upload = tmp_path / job.file.name
    progress.publish(job.pk, 40)
    start_a_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors == [{"row": 0, "column": "", "message": STOPPED, "name": ""}]
    assert not job.file and not upload.exists()  # the upload holds full ID numbers
    assert progress.peek(job.pk) == 0
    entry = AuditEntry.objects.get(object_id=str(job.pk), action="update")
    assert entry.changes == {"status": [status, "failed"]}
    assert entry.reason == "后台处理程序重启：中断的导入视为失败"
    client.force_login(office)
    html = client.get(reverse("introductions:import-status", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in html
    assert STOPPED in html
    assert 'hx-trigger="every 1s"' not in html  # the bar no longer polls a frozen percentage


def test_jobs_claimed_before_workers_were_recorded_are_failed_too(office):
    job = claimed_by(office, "")
    assert jobs.fail_orphaned_imports(timezone.now()) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_this_workers_jobs_other_hosts_jobs_and_queued_jobs_are_left(office):
    mine = claimed_by(office, jobs.WORKER)  # another thread of this worker took it already
    elsewhere = claimed_by(office, "worker-2.example/77/0123456789ab")
    queued = job_started(office, status=ImportStatus.QUEUED, minutes_ago=None, now=timezone.now())
    done = claimed_by(office, f"{HOST}/4242/0123456789ab", ImportStatus.SUCCEEDED)
    assert jobs.fail_orphaned_imports(timezone.now()) == 0
    for job, status in ((mine, "validating"), (elsewhere, "validating"), (queued, "queued"), (done, "succeeded")):
        job.refresh_from_db()
        assert (job.status, bool(job.file)) == (status, True)
    assert not AuditEntry.objects.exists()


def test_a_claimed_job_records_its_worker(office):
    job = ImportJob(kind=ImportKind.INTRODUCTIONS, created_by=office, original_name="引进.xlsx")
    job.file.save("upload.xlsx", ContentFile(b"not a workbook"), save=False)
    job.save()
    jobs.run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.worker == jobs.WORKER
    assert job.status == ImportStatus.FAILED  # unreadable; what matters here is who claimed it


def test_the_startup_hook_is_registered_with_huey():
    assert HUEY._startup["fail_imports_of_a_stopped_worker"] is fail_imports_of_a_stopped_worker
