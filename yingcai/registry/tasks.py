"""The registry's background work: Excel exports, and the hourly clean-up of their files."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from yingcai.registry.domain.exports import run_export, sweep_stale_exports


@db_task()
def export_registry(job_id: int) -> None:
    """Write the workbook of an export job; the status page polls its progress."""
    run_export(job_id)


@db_periodic_task(crontab(minute="10"))
def sweep_exports() -> dict[str, int]:
    """Hourly: export files are deleted after 24 hours; exports stuck for over an hour fail."""
    return sweep_stale_exports(timezone.now())
