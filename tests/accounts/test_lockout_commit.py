"""The failure count of an account name is cleared only by what has committed: a sign-in, lock or
unlock rolled back leaves the count as it was (the count lives in the cache, outside the database
transaction). Parallel failures are each counted, and lock the name exactly once."""

import threading

import pytest
from django.db import connection, transaction

from yingcai.accounts import lockout
from yingcai.accounts.models import LoginLock
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.core import counters

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def fail(username: str, times: int, ip: str = "10.2.2.2") -> None:
    for _ in range(times):
        attempt = lockout.begin(username, ip)
        assert not attempt.refused
        lockout.failed(attempt)


def count(username: str) -> int:
    return counters.peek(lockout._name_key(username))


def test_a_sign_in_rolled_back_does_not_clear_the_count():
    fail("clerk", 4)
    with pytest.raises(Rollback), transaction.atomic():
        lockout.succeeded("clerk")
        raise Rollback
    assert count("clerk") == 4
    assert lockout.begin("clerk", "10.2.2.2").number == 5  # the last allowed guess, not a fresh count


def test_a_sign_in_clears_the_count_once_committed(django_capture_on_commit_callbacks):
    fail("clerk", 4)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lockout.succeeded("clerk")
        assert count("clerk") == 4  # not before the commit
    assert len(callbacks) == 1
    assert count("clerk") == 0


def test_a_lock_rolled_back_keeps_the_name_refused():
    fail("clerk", 4)
    attempt = lockout.begin("clerk", "10.2.2.2")
    with pytest.raises(Rollback), transaction.atomic():
        assert lockout.failed(attempt)
        raise Rollback
    assert not LoginLock.objects.exists()
    assert lockout.begin("clerk", "10.2.2.2").refused == lockout.LOCKED


def test_an_unlock_rolled_back_keeps_the_count(django_capture_on_commit_callbacks):
    from tests import factories

    with django_capture_on_commit_callbacks(execute=True):
        fail("clerk", 5)
    entry = LoginLock.objects.get(username="clerk")
    counters.hit(lockout._name_key("clerk"), window=60)  # a guess after the lock began
    with pytest.raises(Rollback), transaction.atomic():
        lockout.unlock(actor=factories.security_admin_user(), entry=entry, reason="电话核实")
        raise Rollback
    assert count("clerk") == 1
    assert lockout.is_locked("clerk")


@pytest.mark.django_db(transaction=True)
def test_parallel_failures_are_each_counted_and_lock_once(shared_cache, settings):
    if connection.vendor == "sqlite":
        # Twelve threads writing the lock and its audit entry at once need a database server: the
        # test database of SQLite answers "table is locked". The PostgreSQL pass of CI runs it.
        pytest.skip("parallel writes need PostgreSQL")
    settings.LOGIN_MAX_FAILURES = 5
    start = threading.Barrier(12)

    def guess():
        start.wait()
        try:
            attempt = lockout.begin("target", "10.8.8.8")
            if not attempt.refused:
                lockout.failed(attempt)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Never more password checks than the limit. Exactly the limit unless a guess that took its
    # slot found the name locked by the one before it (refused then, uncounted): fewer, never more.
    assert 1 <= counters.peek(lockout._ip_key("10.8.8.8")) <= 5
    assert LoginLock.objects.filter(username="target").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.ACCOUNT_LOCKED).count() == 1
    assert lockout.is_locked("target")
