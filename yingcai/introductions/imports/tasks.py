"""The import on the task queue, so a 10 000-row workbook never keeps a web request waiting."""

from huey.contrib.djhuey import db_task

from yingcai.introductions.imports.jobs import run_import_job


@db_task()
def run_import(job_id: int) -> None:
    """Check and (if every row is good) write the rows of an uploaded workbook. The job's status and
    progress are saved as it goes; the page polls them."""
    run_import_job(job_id=job_id)
