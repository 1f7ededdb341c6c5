"""The task queue on its real backends: a SQLite file (the embedded default) and Redis (production,
tested when REDIS_URL names a server, as CI does on its PostgreSQL pass)."""

import os

import pytest
from huey import RedisHuey, SqliteHuey


def _round_trip(huey) -> int:
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(40, 2)  # enqueued, not run: no worker is consuming
    assert len(huey) == 1
    task = huey.dequeue()
    huey.execute(task)
    return result.get()


def test_sqlite_queue_runs_a_task(tmp_path):
    huey = SqliteHuey("yingcai-test", filename=str(tmp_path / "queue.sqlite3"))
    assert _round_trip(huey) == 42


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="no REDIS_URL: no Redis server to test against")
def test_redis_queue_runs_a_task():
    # A queue name of its own per xdist worker (gw0, gw1…), so parallel runs never share its keys.
    huey = RedisHuey(f"yingcai-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}", url=os.environ["REDIS_URL"])
    huey.flush()
    try:
        assert _round_trip(huey) == 42
    finally:
        huey.flush()
