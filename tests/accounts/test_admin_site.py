"""The reference-data admin (the system administrator's) has no password form or logout of its own:
both go through the platform's audited pages, so the password rules and the history apply."""

import pytest
from django.urls import reverse

from tests import factories
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_the_admins_password_change_is_the_platforms_page(client):
    client.force_login(factories.system_admin_user())
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response.url == reverse("password-change")


def test_the_admins_logout_is_audited(client):
    sysadmin = factories.system_admin_user()
    client.force_login(sysadmin)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT, actor=sysadmin).exists()
    assert client.get("/admin/").status_code == 302  # signed out


def test_the_security_policy_page_shows_the_password_history_in_force(client, settings):
    settings.PASSWORD_HISTORY_COUNT = 7
    client.force_login(factories.security_admin_user())
    page = client.get(reverse("accounts:security-policy")).content.decode()
    assert "PASSWORD_HISTORY_COUNT" in page and "7" in page
