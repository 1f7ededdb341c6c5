"""The audit log page, and the entries written by signing in (who, what, from where)."""

import pytest

from tests import factories
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.audit.navigation import entries as audit_navigation

PASSWORD = "Secret-pass-2026"  # what tests/factories.py sets


def listed(response) -> list[AuditEntry]:
    return list(response.context["listing"].page.object_list)


# --- the page --------------------------------------------------------------------------------


def test_the_audit_admin_sees_the_audit_log(client, audit_admin, office, talent):
    entry = record(actor=office, action=AuditAction.VIEW_PERSONAL_DATA, target=talent, reason="核对")
    client.force_login(audit_admin)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert entry in listed(response)
    assert "查看个人敏感信息" in response.content.decode()
    assert "/audit/" in [item["url"] for _, items in response.context["nav_groups"] for item in items]


OTHER_ROLES = ["office", "county_staff", "unit_staff", "talent_self", "expert", "system_admin", "security_admin"]


@pytest.fixture
def system_admin(db):
    return factories.system_admin_user()


@pytest.fixture
def security_admin(db):
    return factories.security_admin_user()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_everyone_but_the_audit_admin_is_refused_the_log(client, request, role):
    """三员分立: the talent office (whose actions are in it) and the other administrators included."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/", {"action": "login"}).status_code == 403
    assert client.get("/audit/export/").status_code == 403
    assert client.post("/audit/verify/").status_code == 403
    assert client.post("/audit/archive/", {"month": "2026-11"}).status_code == 403
    assert not AuditEntry.objects.filter(action__in=["export", "verify_audit", "archive_audit"]).exists()
    assert audit_navigation(user) == []


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_filter_by_action(client, audit_admin, office, unit):
    record(actor=office, action=AuditAction.CREATE, target=unit)
    record(actor=office, action=AuditAction.UPDATE, target=unit, changes={"name": ["a", "b"]})
    record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"username": "nobody"})
    client.force_login(audit_admin)

    response = client.get("/audit/", {"action": "update"})
    assert response.status_code == 200
    assert [e.action for e in listed(response)] == ["update"]

    response = client.get("/audit/", {"action": "login_failed"})
    assert [e.changes for e in listed(response)] == [{"username": "nobody"}]

    assert len(listed(client.get("/audit/"))) == 3
    assert len(listed(client.get("/audit/", {"action": ""}))) == 3


def test_filter_by_actor_name(client, audit_admin, office, unit):
    clerk = factories.office_user(full_name="审计测试员")
    record(actor=clerk, action=AuditAction.CREATE, target=unit)
    record(actor=office, action=AuditAction.UPDATE, target=unit)
    client.force_login(audit_admin)
    response = client.get("/audit/", {"actor": "审计测试"})
    assert [e.actor for e in listed(response)] == [clerk]


# --- sign-in entries -------------------------------------------------------------------------


def test_successful_login_is_recorded(client, county_staff):
    response = client.post("/login/", {"username": county_staff.username, "password": PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == county_staff
    assert entry.actor_role == county_staff.role
    assert entry.actor_name == county_staff.full_name
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_failed_login_records_the_username_tried_but_not_the_password(client, county_staff):
    response = client.post("/login/", {"username": county_staff.username, "password": "wrong-password-1"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.changes == {"username": county_staff.username}
    assert entry.actor is None
    assert "wrong-password-1" not in str(entry.changes)
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_failed_login_for_unknown_user(client, db):
    client.post("/login/", {"username": "no-such-user", "password": "whatever-123"})
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.changes == {"username": "no-such-user"}


def test_failed_login_truncates_a_very_long_username(client, db):
    client.post("/login/", {"username": "a" * 500, "password": "whatever-123"})
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.changes == {"username": "a" * 150}


def test_login_records_remote_addr(client, unit_staff):
    client.post("/login/", {"username": unit_staff.username, "password": PASSWORD}, REMOTE_ADDR="10.20.30.40")
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).ip_address == "10.20.30.40"


def test_ipv6_address_is_recorded(client, unit_staff):
    client.post("/login/", {"username": unit_staff.username, "password": PASSWORD}, REMOTE_ADDR="2001:db8::1")
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).ip_address == "2001:db8::1"


def test_entries_written_outside_a_request_have_no_ip(office, unit):
    assert record(actor=office, action=AuditAction.CREATE, target=unit).ip_address is None


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, db):
    client.post(
        "/login/",
        {"username": "x", "password": "y-123456"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED).ip_address == "10.0.0.1"


def test_garbage_forwarded_for_falls_back_to_remote_addr(client, unit_staff, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    client.raise_request_exception = False
    response = client.post(
        "/login/",
        {"username": unit_staff.username, "password": PASSWORD},
        REMOTE_ADDR="10.9.8.7",
        HTTP_X_FORWARDED_FOR="unknown",
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).ip_address == "10.9.8.7"


def test_logout_is_recorded(client, expert):
    client.force_login(expert)
    client.post("/logout/")
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.actor == expert
