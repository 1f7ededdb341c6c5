"""Two-factor sign-in: required for the talent office and the three administrators (REQUIRE_2FA),
optional for the others; a TOTP app bound from a QR code made on the server, with ten one-time
recovery codes shown once; the login asks for the code after the password, and the API refuses a
required user who has not given it. Enrolment and the security administrator's reset are audited."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from yingcai.accounts import twofactor
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Right@2026"
# The sign-in happens at the start of the current minute (TOTP codes follow the clock); a fixed
# date would outlive SESSION_COOKIE_AGE and sign the later real-time requests out.
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture(autouse=True)
def _no_idle_sign_out(settings):
    """These tests sign in at a fixed moment (TOTP codes follow the clock) and go on at the real
    time afterwards; the idle timeout, tested in test_sessions.py, must not end their session."""
    settings.SESSION_IDLE_MINUTES = 100 * 365 * 24 * 60


@pytest.fixture(autouse=True)
def _required(settings):
    settings.REQUIRE_2FA = True
    settings.DEMO_EXEMPT_LOGINS = []


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def enrol(client, user) -> list[str]:
    page = client.get(reverse("otp-enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("otp-enrol"), {"token": code(device)})
    assert response.status_code == 200
    return response.context["codes"]


def test_required_2fa_is_on_by_default():
    from yingcai import settings as project_settings

    assert project_settings.REQUIRE_2FA is True


@pytest.mark.parametrize(
    "make",
    [
        factories.office_user,
        factories.system_admin_user,
        factories.security_admin_user,
        factories.audit_admin_user,
    ],
)
def test_a_required_user_without_a_second_factor_can_only_enrol(client, make):
    user = with_password(make())
    sign_in(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-enrol"))
    api = client.get("/api/v1/units")
    assert api.status_code == 403 and "双因素认证" in api.json()["detail"]


def test_enrolment_shows_a_qr_code_made_here_and_ten_recovery_codes_once(client):
    user = with_password(factories.office_user())
    with time_machine.travel(NOW, tick=False):
        sign_in(client, user)
        page = client.get(reverse("otp-enrol")).content.decode()
        assert "<svg" in page and 'src="http' not in page  # drawn on the server, no outside service
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert twofactor.secret_of(device) in page
        wrong = client.post(reverse("otp-enrol"), {"token": "000000" if code(device) != "000000" else "111111"})
        assert "动态口令不正确" in wrong.content.decode()
        done = client.post(reverse("otp-enrol"), {"token": code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(c in done.content.decode() for c in codes)
    assert StaticToken.objects.filter(device__user=user).count() == 10
    entry = AuditEntry.objects.get(action=AuditAction.OTP_ENROL)
    assert entry.actor == user and entry.object_id == str(user.pk)
    # Verified by the enrolment itself: the platform and the API are open now.
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/units").status_code == 200
    # The codes are not shown again.
    assert codes[0] not in client.get(reverse("account")).content.decode()


def test_the_login_asks_for_the_code_after_the_password(client):
    user = with_password(factories.office_user())
    with time_machine.travel(NOW, tick=False) as traveller:
        sign_in(client, user)
        enrol(client, user)
        client.post(reverse("logout"))
        traveller.shift(60)  # a later code than the one used to enrol
        response = sign_in(client, user)
        home = client.get(reverse("home"))
        assert home.status_code == 302 and home.url.startswith(reverse("otp-verify"))
        assert client.get("/api/v1/units").status_code == 403
        bad = client.post(reverse("otp-verify"), {"token": "12345x"})
        assert "不正确" in bad.content.decode()
        assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, reason="动态口令错误").count() == 1
        traveller.shift(60)  # django-otp makes the next try wait after a wrong one
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        ok = client.post(reverse("otp-verify"), {"token": code(device), "next": "/registry/talents/"})
    assert ok.status_code == 302 and ok.url == "/registry/talents/"
    assert client.get(reverse("home")).status_code == 200
    assert response.status_code == 302


def test_a_recovery_code_signs_in_once(client):
    user = with_password(factories.office_user())
    with time_machine.travel(NOW, tick=False) as traveller:
        sign_in(client, user)
        codes = enrol(client, user)
        client.post(reverse("logout"))
        sign_in(client, user)
        assert client.post(reverse("otp-verify"), {"token": codes[3]}).status_code == 302
        client.post(reverse("logout"))
        traveller.shift(60)
        sign_in(client, user)
        again = client.post(reverse("otp-verify"), {"token": codes[3]})
    assert again.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_with_only_the_password_a_second_factor_cannot_be_replaced(client):
    """Whoever knows the password but not the code must not bind their own phone instead."""
    user = with_password(factories.office_user())
    with time_machine.travel(NOW, tick=False):
        sign_in(client, user)
        enrol(client, user)
        client.post(reverse("logout"))
        sign_in(client, user)
        response = client.get(reverse("otp-enrol"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))


def test_others_may_go_without_and_may_enrol_from_their_own_page(client, unit):
    user = with_password(factories.unit_user(unit))
    sign_in(client, user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/units").status_code == 200
    assert reverse("otp-enrol") in client.get(reverse("account")).content.decode()
    with time_machine.travel(NOW, tick=False):
        assert len(enrol(client, user)) == 10
    assert twofactor.is_enrolled(user)


def test_require_2fa_off_lets_the_office_in_with_the_password(client, settings):
    settings.REQUIRE_2FA = False
    user = with_password(factories.office_user())
    sign_in(client, user)
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_exempts_only_the_business_logins_it_lists_and_says_so(client, settings):
    settings.DEMO_EXEMPT_LOGINS = ["office", "unit"]
    office = with_password(factories.office_user(username="office"))
    secadmin = with_password(factories.security_admin_user(username="secadmin"))
    login_page = client.get(reverse("login")).content.decode()
    assert "已关闭双因素认证" in login_page and "office、unit" in login_page
    sign_in(client, office)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    sign_in(client, secadmin)
    assert client.get(reverse("home")).status_code == 302


def test_without_the_demo_setting_the_login_page_says_nothing_of_it(client):
    assert "已关闭双因素认证" not in client.get(reverse("login")).content.decode()


# --- reset by the security administrator -------------------------------------------------------------


@pytest.fixture
def enrolled_clerk(client):
    user = with_password(factories.office_user())
    with time_machine.travel(NOW, tick=False):
        sign_in(client, user)
        enrol(client, user)
    client.post(reverse("logout"))
    return user


def test_the_security_administrator_resets_a_lost_phone(client, enrolled_clerk, settings):
    settings.REQUIRE_2FA = False  # the administrator signs in with force_login here
    secadmin = factories.security_admin_user()
    client.force_login(secadmin)
    page = client.get(reverse("account-security")).content.decode()
    assert enrolled_clerk.username in page
    response = client.post(reverse("account-otp-reset", args=[enrolled_clerk.pk]), {"reason": "手机丢失"})
    assert response.status_code == 302
    assert not twofactor.is_enrolled(enrolled_clerk)
    entry = AuditEntry.objects.get(action=AuditAction.OTP_RESET)
    assert entry.actor == secadmin and entry.object_id == str(enrolled_clerk.pk) and entry.reason == "手机丢失"


def test_a_reset_needs_a_reason_and_is_never_of_ones_own(client, enrolled_clerk, settings):
    settings.REQUIRE_2FA = False
    secadmin = factories.security_admin_user()
    client.force_login(secadmin)
    client.post(reverse("account-otp-reset", args=[enrolled_clerk.pk]), {"reason": ""})
    assert twofactor.is_enrolled(enrolled_clerk)
    with pytest.raises(Exception, match="不能重置自己"):
        twofactor.reset(actor=secadmin, user=secadmin, reason="x")


@pytest.mark.parametrize(
    "make", [factories.office_user, factories.system_admin_user, factories.audit_admin_user, factories.expert_user]
)
def test_nobody_else_resets_a_second_factor(client, enrolled_clerk, settings, make):
    settings.REQUIRE_2FA = False
    client.force_login(make())
    assert client.post(reverse("account-otp-reset", args=[enrolled_clerk.pk]), {"reason": "x"}).status_code == 403
    assert twofactor.is_enrolled(enrolled_clerk)
    assert not AuditEntry.objects.filter(action=AuditAction.OTP_RESET).exists()


def test_an_htmx_request_is_sent_to_the_step_page_as_a_whole(client):
    user = with_password(factories.office_user())
    sign_in(client, user)
    response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("otp-enrol")


def test_a_reset_ends_the_sessions_of_the_user_so_a_password_alone_goes_no_further(client, enrolled_clerk):
    # Someone with the clerk's password signs in and waits at the code step.
    sign_in(client, enrolled_clerk)
    assert client.get(reverse("home")).url.startswith(reverse("otp-verify"))
    twofactor.reset(actor=factories.security_admin_user(), user=enrolled_clerk, reason="手机丢失")
    # Their session has ended: back to the password, not on to the platform or to enrolling a phone.
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AuditEntry.objects.filter(action=AuditAction.SESSION_END, object_id=str(enrolled_clerk.pk)).exists()


def test_giving_the_code_renews_the_session_key(client, enrolled_clerk):
    with time_machine.travel(NOW, tick=False) as traveller:
        sign_in(client, enrolled_clerk)
        before = client.session.session_key
        traveller.shift(60)
        device = TOTPDevice.objects.get(user=enrolled_clerk, confirmed=True)
        assert client.post(reverse("otp-verify"), {"token": code(device)}).status_code == 302
    assert client.session.session_key != before
