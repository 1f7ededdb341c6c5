"""The system administrator's account functions: each change audited, each refusal tested."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from yingcai.accounts.domain import accounts
from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role
from yingcai.accounts.models import User, UserSession
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(db):
    return factories.system_admin_user()


def test_create_account_generates_a_strong_password_and_audits_without_it(sysadmin, unit):
    account, password = accounts.create_account(
        actor=sysadmin, username="hr-zhang", full_name="张三", role=Role.UNIT, unit=unit
    )
    assert account.check_password(password)
    assert len(password) >= 12
    assert any(c.isupper() for c in password) and any(c.islower() for c in password)
    assert any(c.isdigit() for c in password) and any(not c.isalnum() for c in password)
    assert (account.role, account.unit, account.is_superuser, account.is_staff) == (Role.UNIT, unit, False, False)
    [entry] = history_of(account)
    assert (entry.action, entry.actor) == (AuditAction.CREATE, sysadmin)
    assert entry.changes["role"] == Role.UNIT and entry.changes["unit"] == str(unit)
    assert password not in str(entry.changes) and "password" not in entry.changes


def test_two_generated_passwords_differ():
    assert accounts.generate_password() != accounts.generate_password()


@pytest.mark.parametrize(
    "make",
    [factories.office_user, factories.security_admin_user, factories.audit_admin_user, factories.expert_user],
)
def test_only_the_system_administrator_creates_accounts(make):
    with pytest.raises(PermissionDenied):
        accounts.create_account(actor=make(), username="x1", full_name="某", role=Role.EXPERT)
    assert not User.objects.filter(username="x1").exists()


@pytest.mark.parametrize("role", sorted(ADMINISTRATOR_ROLES))
def test_nobody_grants_an_administrator_role_in_the_platform(sysadmin, role, unit):
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(actor=sysadmin, username="x2", full_name="某", role=role)
    assert "role" in refused.value.message_dict
    account = factories.unit_user(unit)
    with pytest.raises(ValidationError):
        accounts.update_account(actor=sysadmin, account=account, full_name="某", email="", role=role)
    account.refresh_from_db()
    assert account.role == Role.UNIT


def test_the_scope_a_role_needs_is_required_and_named(sysadmin):
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(actor=sysadmin, username="x3", full_name="某", role=Role.UNIT)
    assert list(refused.value.message_dict) == ["unit"]
    assert "所属单位" in refused.value.message_dict["unit"][0]


def test_a_talent_record_has_one_account_only(sysadmin, talent, talent_self):
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(actor=sysadmin, username="x4", full_name="某", role=Role.TALENT, talent=talent)
    assert list(refused.value.message_dict) == ["talent"]


def test_a_login_name_is_unique_whatever_its_case(sysadmin):
    factories.expert_user(username="Expert-Sun")
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(actor=sysadmin, username="expert-sun", full_name="某", role=Role.EXPERT)
    assert list(refused.value.message_dict) == ["username"]


def test_a_role_change_is_a_role_change_entry_and_other_scopes_are_cleared(sysadmin, unit, county):
    account = factories.unit_user(unit)
    accounts.update_account(
        actor=sysadmin,
        account=account,
        full_name="李四",
        email="",
        role=Role.JURISDICTION,
        jurisdiction=county,
        unit=unit,
        reason="调岗",
    )
    account.refresh_from_db()
    assert (account.role, account.jurisdiction, account.unit) == (Role.JURISDICTION, county, None)
    entries = {e.action: e for e in history_of(account)}
    assert entries[AuditAction.ROLE_CHANGE].changes["role"] == [Role.UNIT, Role.JURISDICTION]
    assert entries[AuditAction.ROLE_CHANGE].changes["unit"] == [str(unit), None]
    assert entries[AuditAction.ROLE_CHANGE].reason == "调岗"
    assert entries[AuditAction.UPDATE].changes["full_name"][1] == "李四"


def test_nobody_administers_their_own_account(sysadmin):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(actor=sysadmin, account=sysadmin)
    with pytest.raises(PermissionDenied):
        accounts.deactivate_account(actor=sysadmin, account=sysadmin, reason="试")
    with pytest.raises(PermissionDenied):
        accounts.update_account(actor=sysadmin, account=sysadmin, full_name="某", email="", role=Role.TALENT_OFFICE)
    sysadmin.refresh_from_db()
    assert (sysadmin.role, sysadmin.is_active) == (Role.SYSTEM_ADMIN, True)


@pytest.mark.parametrize("make", [factories.security_admin_user, factories.audit_admin_user])
def test_the_system_administrator_cannot_touch_the_other_administrators(sysadmin, make):
    other = make()
    with pytest.raises(PermissionDenied):
        accounts.reset_password(actor=sysadmin, account=other)
    with pytest.raises(PermissionDenied):
        accounts.deactivate_account(actor=sysadmin, account=other, reason="试")
    with pytest.raises(PermissionDenied):
        accounts.update_account(actor=sysadmin, account=other, full_name="某", email="", role=Role.TALENT_OFFICE)
    other.refresh_from_db()
    assert other.is_active and other.role in ADMINISTRATOR_ROLES


def test_the_office_cannot_reset_a_password(office, unit_staff):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(actor=office, account=unit_staff)


def _signed_in(client, user) -> UserSession:
    client.force_login(user)
    client.get("/accounts/sessions/")
    return UserSession.objects.get(user=user)


def test_deactivation_needs_a_reason_ends_every_session_and_is_audited(client, sysadmin, unit_staff):
    _signed_in(client, unit_staff)
    with pytest.raises(ValidationError):
        accounts.deactivate_account(actor=sysadmin, account=unit_staff, reason=" ")

    accounts.deactivate_account(actor=sysadmin, account=unit_staff, reason="离职")

    unit_staff.refresh_from_db()
    assert not unit_staff.is_active
    assert not UserSession.objects.filter(user=unit_staff).exists()
    assert client.get("/accounts/sessions/").status_code == 302  # signed out
    actions = [(e.action, e.reason) for e in history_of(unit_staff)]
    assert (AuditAction.UPDATE, "离职") in actions
    assert AuditAction.SESSION_END in [a for a, _ in actions]

    accounts.reactivate_account(actor=sysadmin, account=unit_staff, reason="返聘")
    unit_staff.refresh_from_db()
    assert unit_staff.is_active


def test_a_password_reset_is_audited_and_ends_the_sessions(client, sysadmin, unit_staff):
    _signed_in(client, unit_staff)
    password = accounts.reset_password(actor=sysadmin, account=unit_staff, reason="本人遗忘")
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(password)
    entry = history_of(unit_staff).get(action=AuditAction.PASSWORD_RESET)
    assert (entry.actor, entry.reason) == (sysadmin, "本人遗忘")
    assert not UserSession.objects.filter(user=unit_staff).exists()
