"""Password guessing is refused: after 5 failures an account name is locked for the configured 15
minutes (not the file cache's 5), parallel guesses cannot pass the limit, and an address with many
failures is slowed, never locked, so the rest of an office behind one NAT address can still sign in.
The security administrator sees locked names and unlocks them; locking and unlocking are audited."""

import threading

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from tests import factories
from yingcai.accounts import lockout
from yingcai.accounts.models import LoginLock
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Right@2026"


@pytest.fixture
def clerk():
    user = factories.office_user()
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, username, password, ip="10.1.1.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_failures_then_the_right_password_still_logs_in_and_clears_the_count(
    client, clerk, django_capture_on_commit_callbacks
):
    for _ in range(4):
        assert login(client, clerk.username, "wrong").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the count is cleared once the sign-in commits
        assert login(client, clerk.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):  # counting starts again after a success
        login(client, clerk.username, "wrong")
    assert login(client, clerk.username, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_name_even_for_the_right_password(client, clerk):
    for _ in range(5):
        login(client, clerk.username, "wrong")
    response = login(client, clerk.username, PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多，已暂停登录15分钟" in response.content.decode()
    assert not signed_in(client)
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, reason="已锁定").count() == 1
    locked = AuditEntry.objects.get(action=AuditAction.ACCOUNT_LOCKED)
    assert locked.object_id == str(clerk.pk) and locked.changes["username"] == clerk.username
    # From another address too: the name is what is being guessed.
    assert login(client, clerk.username.upper(), PASSWORD, ip="10.9.9.9").status_code == 200


@pytest.mark.parametrize("minutes", [15, 30])
def test_the_lock_lasts_the_configured_minutes_on_the_shared_cache(
    client, clerk, shared_cache, settings, minutes, django_capture_on_commit_callbacks
):
    """It lasted 5 minutes on the file cache: `cache.incr` reset the counter to the default timeout."""
    settings.LOGIN_LOCK_MINUTES = minutes
    with time_machine.travel("2026-12-03 09:00:00 +0000", tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):  # the lock, once committed, clears the count
            for _ in range(5):
                login(client, clerk.username, "wrong")
        traveller.shift(6 * 60)
        assert login(client, clerk.username, PASSWORD).status_code == 200
        traveller.shift((minutes - 7) * 60)
        assert login(client, clerk.username, PASSWORD).status_code == 200
        traveller.shift(2 * 60)
        assert login(client, clerk.username, PASSWORD).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_cannot_pass_the_limit(shared_cache, settings):
    """Every attempt takes its numbered slot before the password is checked: of 30 guesses sent at
    the same moment, only LOGIN_MAX_FAILURES have their password checked."""
    settings.LOGIN_MAX_FAILURES = 5
    start = threading.Barrier(30)
    allowed = []

    def guess():
        start.wait()
        try:
            attempt = lockout.begin("target", "10.7.7.7")
            if not attempt.refused:
                allowed.append(attempt.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(allowed) == [1, 2, 3, 4, 5]


def test_an_address_with_many_failures_is_slowed_not_locked(client, clerk, settings):
    """One government office is one address: a colleague can still sign in from it, only one attempt
    every LOGIN_IP_SLOW_SECONDS is allowed, and other addresses are not held back at all."""
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    settings.LOGIN_IP_SLOW_SECONDS = 5
    with time_machine.travel("2026-12-03 09:00:00 +0000", tick=False) as traveller:
        for n in range(3):
            login(client, f"someone{n}", "wrong", ip="10.2.2.2")
        assert login(client, clerk.username, PASSWORD, ip="10.2.2.2").status_code == 302
        client.logout()
        response = login(client, clerk.username, PASSWORD, ip="10.2.2.2")  # at once: too soon
        assert response.status_code == 200
        assert "每5秒只能尝试一次" in response.content.decode()
        assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, reason="已限速").count() == 1
        assert login(client, clerk.username, PASSWORD, ip="10.3.3.3").status_code == 302
        client.logout()
        traveller.shift(6)
        assert login(client, clerk.username, PASSWORD, ip="10.2.2.2").status_code == 302
    assert not LoginLock.objects.filter(username=clerk.username).exists()


def test_the_admin_login_is_the_same_guarded_login(client, clerk):
    for _ in range(5):
        client.post("/admin/login/", {"username": clerk.username, "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert "登录失败次数过多" in response.content.decode()


def test_a_name_that_is_no_account_is_locked_the_same_way(client):
    for _ in range(5):
        login(client, "nobody", "wrong")
    assert lockout.is_locked("NoBody")
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_LOCKED)
    assert entry.object_id == "" and entry.changes["username"] == "nobody"


# --- the security administrator ---------------------------------------------------------------------


@pytest.fixture
def locked_clerk(client, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            login(client, clerk.username, "wrong")
    return clerk


def test_the_security_administrator_sees_the_locked_account_and_unlocks_it(
    client, locked_clerk, django_capture_on_commit_callbacks
):
    secadmin = factories.security_admin_user()
    client.force_login(secadmin)
    page = client.get(reverse("account-security")).content.decode()
    assert locked_clerk.username in page and str(locked_clerk) in page
    entry = LoginLock.objects.get(username=locked_clerk.username)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account-unlock", args=[entry.pk]), {"reason": "本人电话核实"})
    assert response.status_code == 302
    assert not lockout.is_locked(locked_clerk.username)
    unlock = AuditEntry.objects.get(action=AuditAction.ACCOUNT_UNLOCK)
    assert unlock.actor == secadmin and unlock.object_id == str(locked_clerk.pk) and unlock.reason == "本人电话核实"
    client.logout()
    assert login(client, locked_clerk.username, PASSWORD).status_code == 302


def test_unlocking_needs_a_reason(client, locked_clerk):
    client.force_login(factories.security_admin_user())
    entry = LoginLock.objects.get(username=locked_clerk.username)
    client.post(reverse("account-unlock", args=[entry.pk]), {"reason": ""})
    assert lockout.is_locked(locked_clerk.username)


@pytest.mark.parametrize(
    "make", [factories.office_user, factories.system_admin_user, factories.audit_admin_user, factories.expert_user]
)
def test_nobody_else_sees_or_lifts_locks(client, locked_clerk, make):
    client.force_login(make())
    assert client.get(reverse("account-security")).status_code == 403
    entry = LoginLock.objects.get(username=locked_clerk.username)
    assert client.post(reverse("account-unlock", args=[entry.pk]), {"reason": "x"}).status_code == 403
    assert lockout.is_locked(locked_clerk.username)
    assert not AuditEntry.objects.filter(action=AuditAction.ACCOUNT_UNLOCK).exists()
