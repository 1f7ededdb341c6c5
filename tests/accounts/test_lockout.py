"""Password guessing is paused: after 5 failures for a name (or 30 from an address) logins are
refused for 15 minutes without the password being checked, in Chinese, and every attempt is logged."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories
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


def test_four_failures_then_the_right_password_still_logs_in_and_clears_the_count(client, clerk):
    for _ in range(4):
        assert login(client, clerk.username, "wrong").status_code == 200
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
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, reason="已锁定").count() == 1
    # From another address too: the name is what is being guessed.
    assert login(client, clerk.username.upper(), PASSWORD, ip="10.9.9.9").status_code == 200
    cache.clear()  # the pause has passed
    assert login(client, clerk.username, PASSWORD).status_code == 302


def test_an_address_guessing_many_names_is_paused(client, clerk, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for n in range(3):
        login(client, f"someone{n}", "wrong", ip="10.2.2.2")
    assert login(client, clerk.username, PASSWORD, ip="10.2.2.2").status_code == 200
    assert login(client, clerk.username, PASSWORD, ip="10.3.3.3").status_code == 302


def test_the_admin_login_is_the_same_guarded_login(client, clerk):
    for _ in range(5):
        client.post("/admin/login/", {"username": clerk.username, "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": clerk.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert "登录失败次数过多" in response.content.decode()
