"""Exports on the task queue: the job, its progress page, the download (its creator only), the
scope and permissions applied when the task runs, and the hourly sweep of old and stuck jobs."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from tests.core import files
from tests.registry.exporting import ask_for_export, read_xlsx
from yingcai.accounts.enums import Role
from yingcai.audit.models import AuditEntry
from yingcai.registry.domain import exports
from yingcai.registry.domain.exports import request_export, run_export, sweep_stale_exports
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.enums import Education
from yingcai.registry.models import ExportJob, ExportKind, ExportStatus
from yingcai.registry.tasks import export_registry, sweep_exports


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(unit, other_unit):
    mine = [
        factories.TalentFactory(unit=unit, name="欧阳任务甲"),
        factories.TalentFactory(unit=unit, name="欧阳任务乙", education=Education.MASTER),
        factories.TalentFactory(unit=unit, name="欧阳任务丙", education=Education.MASTER),
    ]
    theirs = [
        factories.TalentFactory(unit=other_unit, name=f"司马任务外{i}", education=Education.MASTER) for i in range(2)
    ]
    return mine, theirs


def queued_job(user, kind=ExportKind.TALENTS, query_string="") -> ExportJob:
    """A job asked for but not yet run (the tests' transaction never commits, so nothing is queued)."""
    return request_export(by=user, kind=kind, query_string=query_string)


def download(client, job):
    return client.get(reverse("registry:export-download", args=[job.pk]))


# --- the whole path through the pages ------------------------------------------------------------


def test_unit_user_export_has_only_own_units_filtered_masked_rows(
    client, unit_staff, people, django_capture_on_commit_callbacks
):
    mine, theirs = people
    client.force_login(unit_staff)
    job = ask_for_export(client, django_capture_on_commit_callbacks, "registry:talent-export", {"education": "master"})
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert job.created_by == unit_staff
    assert job.query_string == "education=master"
    assert (job.total_rows, job.processed_rows) == (2, 2)
    assert job.file.name.startswith("exports/") and job.file.name.endswith(".xlsx")
    assert "欧阳" not in job.file.name and str(unit_staff.unit.credit_code) not in job.file.name

    page = client.get(reverse("registry:export-detail", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-status="done"' in html
    assert "导出完成：共 2 行" in html
    assert reverse("registry:export-download", args=[job.pk]) in html
    assert 'hx-trigger="every 1s"' not in html

    rows = read_xlsx(download(client, job))
    assert rows[0][:2] == ("姓名", "公民身份号码")
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {mine[1].name, mine[2].name}
    cells = [str(value) for row in rows for value in row]
    for talent in mine[1:]:
        assert by_name[talent.name][1] == mask_id_number(talent.id_number)
        assert by_name[talent.name][1] == f"{talent.id_number[:4]}************{talent.id_number[-2:]}"
        assert talent.id_number not in cells
    assert not {t.name for t in theirs} & set(by_name)


def test_the_export_file_is_not_readable_by_others(unit_staff, people, tmp_path):
    job = run_export(queued_job(unit_staff).pk)
    file_mode, directory_modes = files.stored_tree_modes(tmp_path, job.file.name)
    assert file_mode == 0o640
    assert set(directory_modes) == {0o750}


def test_unit_export_through_the_queue(client, office, unit, other_unit, django_capture_on_commit_callbacks):
    client.force_login(office)
    job = ask_for_export(client, django_capture_on_commit_callbacks, "registry:unit-export", {"county": unit.county_id})
    rows = read_xlsx(download(client, job))
    assert [row[0] for row in rows[1:]] == [unit.name]
    response = download(client, job)
    assert 'filename="units-' in response["Content-Disposition"]


def test_list_page_export_button_posts_with_the_filters(client, unit_staff, people):
    client.force_login(unit_staff)
    html = client.get(reverse("registry:talent-list"), {"education": "master"}).content.decode()
    assert f'method="post" action="{reverse("registry:talent-export")}?education=master' in html
    assert "导出Excel" in html


def test_get_on_the_export_address_is_not_allowed(client, office, people):
    client.force_login(office)
    assert client.get(reverse("registry:talent-export")).status_code == 405
    assert not ExportJob.objects.exists()


# --- progress ------------------------------------------------------------------------------------


def test_queued_job_page_polls_every_second(client, unit_staff, people):
    job = queued_job(unit_staff)
    assert job.status == ExportStatus.QUEUED
    assert job.total_rows == 3  # counted when asked for, for the audit log and the bar
    client.force_login(unit_staff)
    html = client.get(reverse("registry:export-status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert reverse("registry:export-status", args=[job.pk]) in html
    assert "排队中" in html
    assert reverse("registry:export-download", args=[job.pk]) not in html
    assert f'id="export-job-{job.pk}-status" hx-swap-oob="true"' in html
    assert download(client, job).status_code == 404  # nothing to download yet


def test_running_job_shows_rows_written(client, unit_staff, people):
    job = queued_job(unit_staff)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, total_rows=1000, processed_rows=250)
    job.refresh_from_db()
    assert job.percent == 25
    client.force_login(unit_staff)
    html = client.get(reverse("registry:export-status", args=[job.pk])).content.decode()
    assert "正在生成：已写入 250 / 1000 行" in html
    assert 'value="25"' in html
    assert 'hx-trigger="every 1s"' in html


def test_progress_is_saved_while_writing(unit_staff, people, monkeypatch):
    """processed_rows is saved every PROGRESS_EVERY rows (every 2 here, 1000 in production)."""
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    job = queued_job(unit_staff)
    seen = []
    real_rows = exports.talent_rows

    def watching_rows(queryset):
        for i, row in enumerate(real_rows(queryset)):
            if i:  # before each data row is written: what the page would read now
                current = ExportJob.objects.get(pk=job.pk)
                seen.append((current.status, current.processed_rows, current.total_rows))
            yield row

    monkeypatch.setattr(
        exports, "_spec", lambda kind: exports._Spec("人才库", "talents", exports.Talent, watching_rows)
    )
    job = run_export(job.pk)
    assert seen == [("running", 0, 3), ("running", 0, 3), ("running", 2, 3)]
    assert (job.status, job.processed_rows, job.total_rows, job.percent) == (ExportStatus.DONE, 3, 3, 100)
    assert job.created_at <= job.started_at <= job.finished_at


def test_progress_callback_every_n_rows():
    calls = []
    exports.write_workbook("t", [["h"], *[[i] for i in range(5)]], io.BytesIO(), on_progress=calls.append, every=2)
    assert calls == [2, 4]


def test_a_job_runs_only_once(unit_staff, people):
    job = queued_job(unit_staff)
    first = run_export(job.pk)
    name = first.file.name
    second = export_registry.call_local(job.pk)
    assert second is None
    job.refresh_from_db()
    assert job.file.name == name
    assert job.status == ExportStatus.DONE


# --- scope and permissions when the task runs ----------------------------------------------------


def test_scope_is_the_users_when_the_task_runs(unit_staff, people, other_unit):
    _, theirs = people
    job = queued_job(unit_staff)
    unit_staff.unit = other_unit
    unit_staff.save()
    job = run_export(job.pk)
    with job.file.open("rb") as f:
        sheet = load_workbook(f, read_only=True).worksheets[0]
        names = {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}
    assert names == {t.name for t in theirs}


def test_permission_lost_before_the_task_runs_fails_the_job(client, unit_staff, people):
    job = queued_job(unit_staff)
    unit_staff.role = Role.EXPERT
    unit_staff.unit = None
    unit_staff.save()
    job = run_export(job.pk)
    assert job.status == ExportStatus.FAILED
    assert job.error == "导出失败：您已没有导出权限，未生成文件。"
    assert not job.file
    assert job.finished_at is not None


def test_failure_shows_a_clear_chinese_message(client, unit_staff, people, monkeypatch):
    def broken(queryset):
        yield ["姓名"]
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "_spec", lambda kind: exports._Spec("人才库", "talents", exports.Talent, broken))
    job = run_export(queued_job(unit_staff).pk)
    assert job.status == ExportStatus.FAILED
    assert not job.file
    client.force_login(unit_staff)
    html = client.get(reverse("registry:export-detail", args=[job.pk])).content.decode()
    assert 'data-status="failed"' in html
    assert "导出失败：导出时发生系统错误，未生成文件。请稍后重新导出，或联系系统管理员。" in html
    assert "disk full" not in html
    assert 'hx-trigger="every 1s"' not in html
    assert download(client, job).status_code == 404


@pytest.mark.parametrize("role", ["talent_self", "expert"])
@pytest.mark.parametrize("kind", [ExportKind.TALENTS, ExportKind.UNITS])
def test_roles_without_export_permission_are_refused(request, role, kind, people):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        request_export(by=user, kind=kind, query_string="")
    assert not ExportJob.objects.exists()
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize("fixture", ["office", "county_staff", "unit_staff"])
def test_roles_with_export_permission_may_export(request, fixture, people):
    job = run_export(queued_job(request.getfixturevalue(fixture)).pk)
    assert job.status == ExportStatus.DONE


def test_request_export_refuses_an_unknown_kind(office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        request_export(by=office, kind="introductions", query_string="")


# --- only its creator downloads ------------------------------------------------------------------


@pytest.mark.parametrize("other", ["office", "colleague", "county_staff"])
def test_nobody_else_may_see_or_download_the_export(client, request, unit_staff, unit, people, other):
    job = run_export(queued_job(unit_staff).pk)
    intruder = factories.unit_user(unit) if other == "colleague" else request.getfixturevalue(other)
    client.force_login(intruder)
    for route in ("registry:export-download", "registry:export-detail", "registry:export-status"):
        assert client.get(reverse(route, args=[job.pk])).status_code == 404, route
    with pytest.raises(Exception) as refused:
        exports.export_file_for(intruder, job)
    assert refused.type.__name__ == "Http404"
    client.force_login(unit_staff)
    assert download(client, job).status_code == 200


def test_creator_who_lost_the_permission_may_not_download(client, unit_staff, people):
    job = run_export(queued_job(unit_staff).pk)
    unit_staff.role = Role.EXPERT
    unit_staff.save()
    client.force_login(unit_staff)
    assert download(client, job).status_code == 403


# --- audit ---------------------------------------------------------------------------------------


def test_asking_for_an_export_is_audited(unit_staff, people):
    job = queued_job(unit_staff, query_string="education=master&page=3&sort=name")
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor == unit_staff
    assert entry.object_id == str(job.pk)
    assert entry.changes == {"what": "registry.Talent", "rows": 2, "filters": "education=master"}
    run_export(job.pk)
    assert AuditEntry.objects.filter(action="export").count() == 1


# --- the hourly sweep ----------------------------------------------------------------------------


def aged(job: ExportJob, *, created: datetime.timedelta, started: datetime.timedelta | None = None, now=None):
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=now - created, started_at=(now - started) if started is not None else None
    )


@pytest.mark.parametrize(("minutes", "fails"), [(59, False), (61, True)])
def test_queued_job_fails_after_an_hour(unit_staff, people, minutes, fails):
    now = timezone.now()
    job = queued_job(unit_staff)
    aged(job, created=datetime.timedelta(minutes=minutes), now=now)
    assert sweep_stale_exports(now) == {"timed_out": int(fails), "deleted": 0}
    job.refresh_from_db()
    if fails:
        assert job.status == ExportStatus.FAILED
        assert job.error == "处理超时，请重新导出"
        assert job.finished_at == now
    else:
        assert job.status == ExportStatus.QUEUED
        assert job.error == ""


@pytest.mark.parametrize(("minutes", "fails"), [(59, False), (61, True)])
def test_running_job_fails_an_hour_after_it_started(client, unit_staff, people, minutes, fails):
    now = timezone.now()
    job = queued_job(unit_staff)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    aged(job, created=datetime.timedelta(minutes=90), started=datetime.timedelta(minutes=minutes), now=now)
    sweep_stale_exports(now)
    job.refresh_from_db()
    assert job.status == (ExportStatus.FAILED if fails else ExportStatus.RUNNING)
    if fails:
        client.force_login(unit_staff)
        html = client.get(reverse("registry:export-detail", args=[job.pk])).content.decode()
        assert "导出失败：处理超时，请重新导出" in html


def test_a_job_finishing_after_the_sweep_gave_up_keeps_no_file(unit_staff, people, tmp_path, monkeypatch):
    job = queued_job(unit_staff)
    real_write = exports.write_workbook

    def slow_write(*args, **kwargs):
        count = real_write(*args, **kwargs)
        sweep_stale_exports(timezone.now() + datetime.timedelta(hours=2))  # the sweep runs meanwhile
        return count

    monkeypatch.setattr(exports, "write_workbook", slow_write)
    job = run_export(job.pk)
    assert job.status == ExportStatus.FAILED
    assert job.error == "处理超时，请重新导出"
    assert not job.file
    assert not list((tmp_path / "exports").rglob("*.xlsx"))


@pytest.mark.parametrize(("hours", "deleted"), [(23, False), (25, True)])
def test_jobs_and_files_are_deleted_after_24_hours(unit_staff, people, tmp_path, hours, deleted):
    now = timezone.now()
    job = run_export(queued_job(unit_staff).pk)
    path = tmp_path / job.file.name
    assert path.exists()
    aged(job, created=datetime.timedelta(hours=hours), started=datetime.timedelta(hours=hours), now=now)
    assert sweep_stale_exports(now) == {"timed_out": 0, "deleted": int(deleted)}
    assert ExportJob.objects.filter(pk=job.pk).exists() is not deleted
    assert path.exists() is not deleted


def test_sweep_removes_failed_jobs_without_files_and_is_audited(unit_staff, people):
    now = timezone.now()
    stuck, old = queued_job(unit_staff), queued_job(unit_staff)
    aged(stuck, created=datetime.timedelta(minutes=61), now=now)
    aged(old, created=datetime.timedelta(hours=25), now=now)
    assert sweep_stale_exports(now) == {"timed_out": 1, "deleted": 1}
    entry = AuditEntry.objects.get(action="delete")
    assert entry.actor is None
    assert entry.changes == {"what": "registry.ExportJob", "timed_out": 1, "deleted": 1}
    assert sweep_stale_exports(now) == {"timed_out": 0, "deleted": 0}
    assert AuditEntry.objects.filter(action="delete").count() == 1


def test_sweep_task_runs_hourly(unit_staff, people):
    on_the_hour = datetime.datetime(2026, 11, 26, 3, 10)
    assert sweep_exports.s().validate_datetime(on_the_hour)
    assert sweep_exports.s().validate_datetime(on_the_hour + datetime.timedelta(hours=1))
    assert not sweep_exports.s().validate_datetime(on_the_hour + datetime.timedelta(minutes=1))
    job = queued_job(unit_staff)
    aged(job, created=datetime.timedelta(hours=25), now=timezone.now())
    assert sweep_exports.call_local() == {"timed_out": 0, "deleted": 1}


# --- the status page's queries -------------------------------------------------------------------


def test_export_page_queries_do_not_grow_with_earlier_jobs(client, unit_staff):
    client.force_login(unit_staff)

    def add_jobs(n):
        for _ in range(n):
            job = ExportJob.objects.create(kind=ExportKind.UNITS, created_by=unit_staff, status=ExportStatus.DONE)
            job.file.save("x.xlsx", ContentFile(b"PK"), save=True)

    add_jobs(3)
    job = ExportJob.objects.latest("pk")
    url = reverse("registry:export-detail", args=[job.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_jobs(17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["recent_jobs"]) == 10
    assert len(many) == len(few)
