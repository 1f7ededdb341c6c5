"""Sessions (等保 会话管理): idle and absolute timeouts, each user's own sessions, the security
administrator's list of signed-in users; every sign-out by someone is audited."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories
from yingcai.accounts.models import UserSession
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
PAGE = "/accounts/sessions/"  # any signed-in page


def _sign_in(client, user, **headers) -> None:
    """Through the login page, as a browser does (the session is noted there, with its headers)."""
    response = client.post("/login/", {"username": user.username, "password": "Secret-pass-2026"}, **headers)
    assert response.status_code == 302


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_session_is_noted_with_address_and_browser(client, unit_staff):
    _sign_in(client, unit_staff, HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0", REMOTE_ADDR="10.1.2.3")
    [noted] = UserSession.objects.filter(user=unit_staff)
    assert (noted.ip_address, noted.user_agent) == ("10.1.2.3", "Mozilla/5.0 Firefox/140.0")


def test_activity_is_written_at_most_once_a_minute(client, unit_staff):
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(unit_staff)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        assert _writes(queries) == []  # noted at login, not by the first page
        traveller.shift(datetime.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        assert _writes(queries) == []
        assert UserSession.objects.get(user=unit_staff).last_seen == T0

        traveller.shift(datetime.timedelta(seconds=31))
        client.get(PAGE)
        assert UserSession.objects.get(user=unit_staff).last_seen == T0 + datetime.timedelta(seconds=61)


def test_an_idle_session_ends_after_the_idle_minutes(client, unit_staff, settings):
    settings.SESSION_IDLE_MINUTES = 30
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(unit_staff)
        client.get(PAGE)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(PAGE).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not UserSession.objects.filter(user=unit_staff).exists()
    entry = history_of(unit_staff).get(action=AuditAction.SESSION_END)
    assert "空闲超时" in entry.reason


def test_the_absolute_limit_holds_however_active_the_user_is(client, unit_staff, settings):
    settings.SESSION_COOKIE_AGE = 3600
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(unit_staff)
        for _ in range(3):  # a request every 20 minutes keeps it from going idle
            assert client.get(PAGE).status_code == 200
            traveller.shift(datetime.timedelta(minutes=20))
        traveller.shift(datetime.timedelta(minutes=1))
        response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_user_sees_their_own_sessions_and_signs_another_out(unit_staff, office):
    here, there = Client(), Client()
    here.force_login(unit_staff)
    _sign_in(there, unit_staff, HTTP_USER_AGENT="Phone")
    factories_other = Client()
    factories_other.force_login(office)
    factories_other.get(PAGE)

    listed = list(here.get(PAGE).context["sessions"])
    assert {s.user for s in listed} == {unit_staff} and len(listed) == 2
    phone = next(s for s in listed if s.user_agent == "Phone")

    assert here.post(f"/accounts/sessions/{phone.pk}/end/").status_code == 302
    assert there.get(PAGE).status_code == 302  # signed out
    assert here.get(PAGE).status_code == 200
    entry = history_of(unit_staff).get(action=AuditAction.SESSION_END)
    assert (entry.actor, entry.changes["user_agent"]) == (unit_staff, "Phone")


def test_a_user_cannot_sign_out_someone_elses_session(unit_staff, office):
    theirs = Client()
    theirs.force_login(office)
    theirs.get(PAGE)
    session = UserSession.objects.get(user=office)
    mine = Client()
    mine.force_login(unit_staff)
    assert mine.post(f"/accounts/sessions/{session.pk}/end/").status_code == 404
    assert theirs.get(PAGE).status_code == 200


def test_sign_out_of_every_other_session(unit_staff):
    clients = [Client() for _ in range(3)]
    for c in clients:
        c.force_login(unit_staff)
        c.get(PAGE)
    assert clients[0].post("/accounts/sessions/end-others/").status_code == 302
    assert [c.get(PAGE).status_code for c in clients] == [200, 302, 302]


def test_the_security_administrator_lists_everyone_signed_in_and_signs_one_out(unit_staff, office):
    victim = Client()
    _sign_in(victim, unit_staff, REMOTE_ADDR="10.9.9.9")
    security = factories.security_admin_user()
    admin = Client()
    admin.force_login(security)

    page = admin.get("/accounts/signed-in/")
    assert page.status_code == 200
    listed = {s.user for s in page.context["listing"].page.object_list}
    assert unit_staff in listed
    session = UserSession.objects.get(user=unit_staff)

    assert admin.post(f"/accounts/signed-in/{session.pk}/end/", {"reason": "可疑登录"}).status_code == 302
    assert victim.get(PAGE).status_code == 302
    entry = history_of(unit_staff).get(action=AuditAction.SESSION_END)
    assert (entry.actor, entry.reason, entry.changes["address"]) == (security, "可疑登录", "10.9.9.9")


@pytest.mark.parametrize(
    "make", [factories.office_user, factories.system_admin_user, factories.audit_admin_user, factories.expert_user]
)
def test_only_the_security_administrator_sees_and_ends_others_sessions(make, unit_staff):
    victim = Client()
    victim.force_login(unit_staff)
    victim.get(PAGE)
    session = UserSession.objects.get(user=unit_staff)
    other = Client()
    other.force_login(make())
    assert other.get("/accounts/signed-in/").status_code == 403
    assert other.post(f"/accounts/signed-in/{session.pk}/end/").status_code == 403
    assert other.get("/accounts/security-policy/").status_code == 403
    assert victim.get(PAGE).status_code == 200


def test_the_security_administrator_reads_the_policy_in_force(client, settings):
    settings.SESSION_IDLE_MINUTES = 25
    settings.LOGIN_MAX_FAILURES = 4
    client.force_login(factories.security_admin_user())
    response = client.get("/accounts/security-policy/")
    rows = {name: value for _label, name, value in response.context["policy"]}
    assert rows["SESSION_IDLE_MINUTES"] == "25分钟"
    assert rows["LOGIN_MAX_FAILURES"] == "4次"


def test_signing_in_through_the_login_page_notes_the_session(client, unit_staff):
    response = client.post(
        "/login/", {"username": unit_staff.username, "password": "Secret-pass-2026"}, HTTP_USER_AGENT="Edge"
    )
    assert response.status_code == 302
    [noted] = UserSession.objects.filter(user=unit_staff)
    assert noted.user_agent == "Edge"
    assert noted.session_id == client.session.session_key
    client.post("/logout/")
    assert not UserSession.objects.filter(user=unit_staff).exists()


def test_the_nightly_sweep_removes_expired_sessions_and_their_records(client, unit_staff, settings):
    from yingcai.accounts.tasks import clear_expired_sessions

    settings.SESSION_COOKIE_AGE = 3600
    with time_machine.travel(T0, tick=False) as traveller:
        client.force_login(unit_staff)
        client.get(PAGE)
        traveller.shift(datetime.timedelta(hours=2))
        clear_expired_sessions.call_local()
    assert not UserSession.objects.exists()
