"""The system administrator's account pages; every other role is refused them."""

import pytest
from django.utils.html import escape

from tests import factories
from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(db):
    return factories.system_admin_user()


def test_create_an_account_and_see_its_password_once(client, sysadmin, unit):
    client.force_login(sysadmin)
    response = client.post(
        "/accounts/new/",
        {"username": "hr-li", "full_name": "李四", "role": Role.UNIT, "unit": unit.credit_code, "email": ""},
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    account = User.objects.get(username="hr-li")
    password = response.context["password"]
    assert account.check_password(password)
    assert escape(password) in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert [e.action for e in history_of(account)] == [AuditAction.CREATE]
    # Not shown again.
    assert escape(password) not in client.get(f"/accounts/{account.pk}/").content.decode()


def test_a_missing_scope_is_shown_on_its_field(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post("/accounts/new/", {"username": "hr-wang", "full_name": "王五", "role": Role.UNIT})
    assert response.status_code == 200
    assert "该角色必须指定所属单位" in str(response.context["form"].errors["unit"])
    assert not User.objects.filter(username="hr-wang").exists()


def test_an_unknown_credit_code_is_refused_on_its_field(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        "/accounts/new/", {"username": "hr-wang", "full_name": "王五", "role": Role.UNIT, "unit": "X" * 18}
    )
    assert "未找到该统一社会信用代码对应的单位" in str(response.context["form"].errors["unit"])


def test_the_role_choices_hold_no_administrator_role(client, sysadmin):
    client.force_login(sysadmin)
    choices = {value for value, _ in client.get("/accounts/new/").context["form"].fields["role"].choices}
    assert choices == {Role.TALENT_OFFICE, Role.JURISDICTION, Role.UNIT, Role.TALENT, Role.EXPERT}
    response = client.post("/accounts/new/", {"username": "boss", "full_name": "某", "role": Role.SECURITY_ADMIN})
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="boss").exists()


def test_edit_deactivate_and_reset_from_the_pages(client, sysadmin, unit_staff, county):
    client.force_login(sysadmin)
    response = client.post(
        f"/accounts/{unit_staff.pk}/",
        {"full_name": "新名字", "role": Role.JURISDICTION, "jurisdiction": county.pk, "reason": "调岗"},
    )
    assert response.status_code == 302
    unit_staff.refresh_from_db()
    assert (unit_staff.role, unit_staff.jurisdiction, unit_staff.unit) == (Role.JURISDICTION, county, None)

    assert client.post(f"/accounts/{unit_staff.pk}/deactivate/", {"reason": "离职"}).status_code == 302
    unit_staff.refresh_from_db()
    assert not unit_staff.is_active

    response = client.post(f"/accounts/{unit_staff.pk}/reset-password/", {"reason": "遗忘"})
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(response.context["password"])
    actions = {e.action for e in history_of(unit_staff)}
    assert {AuditAction.ROLE_CHANGE, AuditAction.UPDATE, AuditAction.PASSWORD_RESET} <= actions


def test_the_system_administrator_cannot_edit_itself_or_another_administrator(client, sysadmin):
    other = factories.audit_admin_user()
    client.force_login(sysadmin)
    for account in (sysadmin, other):
        page = client.get(f"/accounts/{account.pk}/")
        assert page.status_code == 200 and "not-manageable" in page.content.decode()
        assert (
            client.post(f"/accounts/{account.pk}/", {"full_name": "x", "role": Role.TALENT_OFFICE}).status_code == 403
        )
        assert client.post(f"/accounts/{account.pk}/deactivate/", {"reason": "x"}).status_code == 403
        assert client.post(f"/accounts/{account.pk}/reset-password/").status_code == 403
        account.refresh_from_db()
        assert account.is_active and account.role in (Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN)


@pytest.mark.parametrize(
    "make", [factories.office_user, factories.security_admin_user, factories.audit_admin_user, factories.expert_user]
)
def test_every_other_role_is_refused_the_account_pages(client, make, unit_staff):
    client.force_login(make())
    assert client.get("/accounts/").status_code == 403
    assert client.get("/accounts/new/").status_code == 403
    assert client.post("/accounts/new/", {"username": "x", "full_name": "x", "role": Role.EXPERT}).status_code == 403
    assert client.get(f"/accounts/{unit_staff.pk}/").status_code == 403
    assert client.post(f"/accounts/{unit_staff.pk}/deactivate/", {"reason": "x"}).status_code == 403
    assert client.post(f"/accounts/{unit_staff.pk}/reset-password/").status_code == 403
    unit_staff.refresh_from_db()
    assert unit_staff.is_active and not User.objects.filter(username="x").exists()


def test_the_account_list_filters_by_role(client, sysadmin, unit_staff, office):
    client.force_login(sysadmin)
    listed = list(client.get("/accounts/", {"role": Role.UNIT}).context["listing"].page.object_list)
    assert listed == [unit_staff]
