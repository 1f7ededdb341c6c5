"""Every entry is sealed into a hash chain; editing, deleting or reordering rows breaks it at the
first entry concerned, and `verify_audit` (command and the audit administrator's button) says where."""

from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from tests import factories
from yingcai.audit import chain
from yingcai.audit.domain import record
from yingcai.audit.domain.verification import check_chain
from yingcai.audit.models import AuditAction, AuditEntry


@pytest.fixture
def five(office, unit):
    return [
        record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"name": ["旧", f"新{i}"]}, reason="r")
        for i in range(5)
    ]


def _set(at_seq: int, **values) -> None:
    """Rewrite a row in place, as someone with the database's password would (no model save)."""
    AuditEntry.objects.filter(seq=at_seq).update(**values)


def test_entries_are_chained_in_order(five):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == chain.GENESIS
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    assert all(len(e.hash) == 64 and e.hash == chain.entry_hash(e) for e in entries)
    verdict = check_chain()
    assert verdict.ok and verdict.checked == 5 and verdict.last_seq == 5 and verdict.last_hash == entries[-1].hash


def test_the_hash_reads_back_the_same_from_the_database(office, talent):
    """Values the JSON column or the address column normalise still hash the same once read back."""
    from yingcai.audit.domain.context import request_ip

    token = request_ip.set("2001:0db8:0000::0001")
    try:
        record(actor=office, action=AuditAction.UPDATE, target=talent, changes={1: (1, 2.5, "中"), "n": None})
    finally:
        request_ip.reset(token)
    entry = AuditEntry.objects.get()
    assert entry.ip_address == "2001:db8::1"
    assert entry.changes == {"1": [1, 2.5, "中"], "n": None}
    assert entry.hash == chain.entry_hash(entry)


@pytest.mark.parametrize(
    "values",
    [
        {"reason": "另一个原因"},
        {"changes": {"name": ["旧", "篡改"]}},
        {"actor_name": "别人"},
        {"action": "create"},
        {"ip_address": "10.0.0.9"},
    ],
)
def test_editing_a_row_breaks_the_chain_at_that_row(five, tamper, values):
    _set(3, **values)
    verdict = check_chain()
    assert not verdict.ok
    assert verdict.broken.seq == 3
    assert verdict.broken.entry_id == five[2].id
    assert verdict.broken.reason == chain.CONTENT_ALTERED
    assert verdict.checked == 2


def test_editing_a_row_and_its_hash_breaks_the_chain_at_the_next_row(five, tamper):
    entry = AuditEntry.objects.get(seq=3)
    entry.reason = "篡改"
    _set(3, reason="篡改", hash=chain.entry_hash(entry))
    verdict = check_chain()
    assert (verdict.broken.seq, verdict.broken.reason) == (4, chain.LINK_BROKEN)


def test_deleting_a_row_breaks_the_chain_at_the_next_row(five, tamper):
    AuditEntry.objects.filter(seq=3).delete()
    verdict = check_chain()
    assert (verdict.broken.seq, verdict.broken.entry_id) == (4, five[3].id)
    assert verdict.broken.reason == chain.SEQUENCE_GAP


def test_deleting_the_first_row_breaks_the_chain_at_once(five, tamper):
    AuditEntry.objects.filter(seq=1).delete()
    assert check_chain().broken.seq == 2


def test_reordering_rows_breaks_the_chain_where_the_order_changed(five, tamper):
    _set(2, seq=99)
    _set(3, seq=2)
    _set(99, seq=3)
    verdict = check_chain()
    assert (verdict.broken.seq, verdict.broken.entry_id) == (2, five[2].id)
    assert verdict.broken.reason == chain.LINK_BROKEN


def test_moving_rows_by_their_ids_is_noticed(five, tamper):
    """Rows swapped whole (content, seq and hashes) under each other's ids: the write order shows it."""
    second, third = AuditEntry.objects.get(seq=2), AuditEntry.objects.get(seq=3)
    AuditEntry.objects.filter(pk=third.pk).delete()
    AuditEntry.objects.filter(pk=second.pk).update(id=third.pk)
    third.id = five[1].id
    AuditEntry.objects.bulk_create([third])
    verdict = check_chain()
    assert (verdict.broken.seq, verdict.broken.reason) == (3, chain.OUT_OF_ORDER)


def test_verify_audit_command_reports_success_and_is_audited(five, capsys):
    call_command("verify_audit")
    assert "共校验 5 条" in capsys.readouterr().out
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == AuditAction.VERIFY_AUDIT
    assert entry.changes["ok"] is True and entry.changes["last_seq"] == 5
    assert check_chain().ok


def test_verify_audit_command_exits_non_zero_at_the_first_broken_link(five, tamper):
    _set(2, reason="改过")
    _set(4, reason="也改过")
    with pytest.raises(CommandError, match="序号 2") as raised:
        call_command("verify_audit")
    assert "修改" in str(raised.value)
    entry = AuditEntry.objects.get(action=AuditAction.VERIFY_AUDIT)
    assert entry.changes["ok"] is False and entry.changes["broken_seq"] == 2


def test_verify_audit_exit_status_from_the_shell(five, tamper):
    """`manage.py verify_audit` as cron would run it: status 1 on a broken chain."""
    from django.core.management import ManagementUtility

    _set(5, object_repr="别的")
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "verify_audit"]).execute()
    assert exited.value.code == 1


def test_the_audit_admin_verifies_from_the_page(client, audit_admin, five):
    client.force_login(audit_admin)
    response = client.post("/audit/verify/", follow=True)
    assert response.status_code == 200
    assert "审计日志完整" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.VERIFY_AUDIT)
    assert entry.actor == audit_admin and entry.changes["checked"] == 5


def test_the_page_names_the_first_broken_link(client, audit_admin, five, tamper):
    _set(3, changes={"name": ["旧", "改"]})
    client.force_login(audit_admin)
    html = client.post("/audit/verify/", follow=True).content.decode()
    assert "哈希链断裂" in html and "序号 3" in html


def test_verification_needs_a_post(client, audit_admin):
    client.force_login(audit_admin)
    assert client.get("/audit/verify/").status_code == 405
    assert not AuditEntry.objects.exists()


def test_existing_rows_are_sealed_by_the_migration(db, office):
    """The backfill of 0003 numbers and hashes rows written before the chain existed."""
    from importlib import import_module

    seal_existing = import_module("yingcai.audit.migrations.0003_hash_chain").seal_existing
    AuditEntry.objects.bulk_create(
        [AuditEntry(seq=i, action="login", actor_name=f"u{i}", changes={"k": [i]}) for i in (10, 11, 12)]
    )
    if connection.vendor == "postgresql":  # the backfill ran before the trigger existed
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks, or no ALTER
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
    seal_existing(apps, None)
    assert list(AuditEntry.objects.order_by("id").values_list("seq", "actor_name")) == [
        (1, "u10"),
        (2, "u11"),
        (3, "u12"),
    ]
    assert check_chain().ok and check_chain().checked == 3
    record(actor=office, action=AuditAction.LOGIN)
    assert check_chain().checked == 4


def test_deleting_a_user_leaves_their_entries_whole(db, unit):
    clerk = factories.office_user(full_name="离职人员")
    record(actor=clerk, action=AuditAction.UPDATE, target=unit)
    clerk_id = clerk.pk
    clerk.delete()
    entry = AuditEntry.objects.get()
    assert (entry.actor_id, entry.actor_name) == (clerk_id, "离职人员")
    assert check_chain().ok
