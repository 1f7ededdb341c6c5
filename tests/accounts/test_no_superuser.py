"""Nobody is a superuser (a superuser passes every rules predicate), and nobody gets in through the
Django admin's user forms (they set passwords and superuser status with no audit entry)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from tests import factories
from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role
from yingcai.accounts.models import User
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Secret-pass-2026"


def test_no_account_can_be_a_superuser_who_would_pass_every_predicate(unit, other_unit):
    staff = factories.unit_user(unit)
    assert not staff.has_perm("registry.change_unit", other_unit)
    staff.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        staff.save()
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.has_perm("registry.change_unit", other_unit)


def test_createsuperuser_is_refused_and_points_at_create_administrators(db):
    with pytest.raises(CommandError, match="create_administrators"):
        User.objects.create_superuser("root", "root@example.org", PASSWORD)
    assert not User.objects.filter(username="root").exists()


def _office_with_the_old_admin_rights():
    """What the demo and the README gave the talent office: staff status and the user permissions."""
    office = factories.office_user(is_staff=True)
    office.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    return office


def test_the_office_cannot_set_another_users_password_in_the_admin(client, unit):
    office = _office_with_the_old_admin_rights()
    victim = factories.unit_user(unit)
    client.force_login(office)

    response = client.post(
        f"/admin/accounts/user/{victim.pk}/password/",
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026", "usable_password": "true"},
    )

    assert response.status_code in (403, 404)
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)
    assert not victim.check_password("Taken-over-2026")


def test_the_office_cannot_make_itself_superuser_in_the_admin(client):
    office = _office_with_the_old_admin_rights()
    client.force_login(office)
    response = client.post(
        f"/admin/accounts/user/{office.pk}/change/",
        {"username": office.username, "role": Role.TALENT_OFFICE, "is_active": "on", "is_superuser": "on"},
    )
    assert response.status_code in (403, 404)
    office.refresh_from_db()
    assert not office.is_superuser


def test_the_talent_office_is_refused_the_admin_site(client):
    client.force_login(_office_with_the_old_admin_rights())
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/registry/jurisdiction/").status_code == 403


@pytest.mark.parametrize("make", [factories.security_admin_user, factories.audit_admin_user])
def test_the_other_administrators_are_refused_the_admin_site(client, make):
    client.force_login(make())
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/registry/jurisdiction/").status_code == 403


def test_the_system_administrator_keeps_reference_data_in_the_admin_audited(client, county):
    admin = factories.system_admin_user()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/registry/jurisdiction/").status_code == 200
    # Accounts and groups are not in the admin at all.
    assert client.get("/admin/accounts/user/").status_code == 404
    assert client.get("/admin/auth/group/").status_code == 404

    response = client.post(
        f"/admin/registry/jurisdiction/{county.pk}/change/",
        {"name": "新华区（改）", "kind": county.kind, "sort_order": 3, "is_active": "on"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(county.pk))
    assert entry.actor == admin
    assert entry.changes["name"] == ["新华区测试", "新华区（改）"]


def test_create_administrators_makes_the_three_once_audited_and_prints_their_passwords(db):
    out = StringIO()
    call_command("create_administrators", stdout=out)
    admins = {u.role: u for u in User.objects.filter(role__in=ADMINISTRATOR_ROLES)}
    assert set(admins) == set(ADMINISTRATOR_ROLES)
    for user in admins.values():
        assert not (user.is_superuser or user.is_staff)
        printed = next(line for line in out.getvalue().splitlines() if line.split()[:1] == [user.username])
        assert user.check_password(printed.rsplit("password: ", 1)[1])
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, object_id__in=[str(u.pk) for u in admins.values()])
    assert created.count() == 3
    assert all(e.actor is None and e.changes["role"] in ADMINISTRATOR_ROLES for e in created)

    call_command("create_administrators", stdout=StringIO())
    assert User.objects.filter(role__in=ADMINISTRATOR_ROLES).count() == 3
