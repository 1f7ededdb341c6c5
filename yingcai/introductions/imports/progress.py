"""How far the writing of an import has got, while its transaction is still open.

Rows written inside the one transaction of an import are invisible to the page that polls the job
until it commits (and on SQLite nobody else may even write meanwhile), so the count is published
in huey's key-value store instead: a separate SQLite file in the embedded default, Redis in
production, memory when tasks run inline.
"""

from huey.contrib.djhuey import HUEY


def _key(job_id: int) -> str:
    return f"yingcai:import-job:{job_id}:written"


def publish(job_id: int, rows: int) -> None:
    HUEY.put(_key(job_id), rows)


def peek(job_id: int) -> int:
    try:
        return int(HUEY.get(_key(job_id), peek=True) or 0)
    except Exception:  # the store is a nicety for the progress bar: never fail the page over it
        return 0


def clear(job_id: int) -> None:
    try:
        HUEY.get(_key(job_id))
    except Exception:  # see peek
        return
