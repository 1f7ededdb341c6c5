"""Background work of 第八条 on the task queue: reminders from the reminder month on, and the
year-end closing that freezes each flexible talent's result."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import close_db, db_periodic_task, on_startup

from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.compliance import close_year
from yingcai.introductions.domain.declarations import move_due_transfers
from yingcai.introductions.domain.reminders import send_flexible_reminders

# The worker (`run_huey`) imports each app's `tasks` module; the import jobs' task lives with them.
from yingcai.introductions.imports import tasks as import_tasks  # noqa: F401
from yingcai.introductions.imports.jobs import fail_orphaned_imports, sweep_stale_imports
from yingcai.policy.domain import rule_in_force


@db_periodic_task(crontab(hour="8", minute="0", day="1,15"))
def remind_flexible_talents_short_of_days() -> int:
    """On the 1st and 15th of each month from the reminder month on (and on 1 and 15 December,
    the last chances of the year), remind units and counties of talents still short of days."""
    today = timezone.localdate()
    from_month = rule_in_force(rules_keys.FLEXIBLE_REMINDER_FROM_MONTH, today).number
    if today.month < from_month:
        return 0
    return send_flexible_reminders(today=today)


@db_periodic_task(crontab(month="1", day="2", hour="2", minute="0"))
def close_last_year() -> int:
    """On 2 January, freeze last year's results (1 January is left for late logging)."""
    today = timezone.localdate()
    return close_year(year=today.year - 1, today=today)


@db_periodic_task(crontab(hour="1", minute="10"))
def move_personnel_transfers_in() -> int:
    """Daily: full-time introductions 待转入 whose personnel relation moved in by today become
    已确认 (full-time from that day, 第七条), each audited and its unit told."""
    return move_due_transfers(today=timezone.localdate())


@db_periodic_task(crontab(minute="20"))
def sweep_stale_import_jobs() -> int:
    """Hourly: imports still checking or writing an hour after they started are marked failed."""
    return sweep_stale_imports(timezone.now())


@on_startup()
@close_db
def fail_imports_of_a_stopped_worker() -> None:
    """When the worker (re)starts: the imports an earlier worker on this host left half done are
    failed at once, and their pages say the worker stopped and the file must be uploaded again."""
    fail_orphaned_imports(timezone.now())
