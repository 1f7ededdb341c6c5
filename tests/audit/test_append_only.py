"""On PostgreSQL the audit table is append-only (a trigger refuses UPDATE and DELETE, whoever
asks), and concurrent writers (gunicorn workers, huey threads) still leave one unbroken chain."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction

from yingcai.audit.domain import record
from yingcai.audit.domain.verification import check_chain
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger and the lock are PostgreSQL's")


@pytest.fixture
def entry(office, unit):
    return record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"name": ["a", "b"]})


def test_an_update_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_id = NULL")
    assert AuditEntry.objects.get().reason == ""


def test_a_delete_is_refused(entry):
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"), transaction.atomic():
        AuditEntry.objects.all().delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 1


def test_truncate_is_left_to_privileges(entry):
    """Test teardown and a restore's --clean truncate or drop the table; the app's role has no
    TRUNCATE privilege in production (README)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE audit_auditentry")
        cursor.execute("SELECT count(*) FROM audit_auditentry")
        assert cursor.fetchone() == (0,)
        transaction.set_rollback(True)
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_one_unbroken_chain():
    threads, per_thread = 6, 5
    start, errors = threading.Barrier(threads), []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"thread": n, "i": i})
                    # a second entry in the same transaction, after the first took the lock
                    record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"thread": n, "i": i, "again": True})
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert AuditEntry.objects.count() == threads * per_thread * 2
    verdict = check_chain()
    assert verdict.ok, verdict.broken
    assert verdict.checked == verdict.last_seq == threads * per_thread * 2
