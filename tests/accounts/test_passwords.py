"""Password policy: at least 8 characters of three kinds, not the account name or close to it,
none of the last five; expiry after PASSWORD_EXPIRY_DAYS; every user changes their own from the top
bar; a reset by e-mail with a one-time link that expires; a first login (or an administrator's
reset) forces a change, and until then nothing else can be done. Every change is audited."""

import re

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from yingcai.accounts import passwords
from yingcai.accounts.models import PasswordHistory
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Right@2026"


@pytest.fixture
def clerk():
    user = factories.office_user(username="wangfang", email="wang@example.cn")
    passwords.set_password(actor=None, user=user, password=PASSWORD)
    return user


def change(client, old, new):
    return client.post(reverse("password-change"), {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!x", "至少"),  # Django's own: too short
        ("abcdefgh12", "至少3种"),  # two kinds
        ("ABCDEFGH!!", "至少3种"),
        ("Wangfang@1", "用户名"),  # contains the account name
        ("Gnafgnaw#7", "用户名"),  # the name reversed
    ],
)
def test_weak_passwords_are_refused_in_chinese(clerk, password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password, clerk)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_three_kinds_of_eight_characters_will_do(clerk):
    validate_password("Kx7#mPq2", clerk)
    validate_password("kx7#mpq2a", clerk)  # lower, digit, symbol


def test_none_of_the_last_five_passwords_comes_back(clerk):
    used = [f"Pass-{n}-word" for n in range(5)]
    for password in used:
        passwords.set_password(actor=clerk, user=clerk, password=password)
    for password in used:
        with pytest.raises(ValidationError, match="最近5次"):
            validate_password(password, clerk)
    assert PasswordHistory.objects.filter(user=clerk).count() == 5
    validate_password(PASSWORD, clerk)  # the sixth-last is allowed again


def test_every_user_changes_their_own_password_from_the_top_bar(client, unit):
    user = factories.unit_user(unit)
    passwords.set_password(actor=None, user=user, password=PASSWORD)
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert reverse("account") in home
    assert reverse("password-change") in client.get(reverse("account")).content.decode()
    weak = change(client, PASSWORD, "abcdefgh")
    assert weak.status_code == 200 and "至少3种" in weak.content.decode()
    assert change(client, "not-it", "Better#2027").status_code == 200
    assert change(client, PASSWORD, "Better#2027").status_code == 302
    user.refresh_from_db()
    assert user.check_password("Better#2027")
    assert client.get(reverse("home")).status_code == 200  # still signed in
    entry = AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGE).latest("id")
    assert entry.actor == user and entry.object_id == str(user.pk)


def test_a_password_older_than_the_expiry_must_be_changed_first(client, clerk, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    with time_machine.travel("2027-03-10 09:00 +0800", tick=False):  # > 90 days after today
        client.force_login(clerk)
        response = client.get(reverse("registry:talent-list"))
        assert response.status_code == 302 and response.url.startswith(reverse("password-change"))
        assert client.get("/api/v1/units").status_code == 403
        assert "已过期" in client.get(reverse("password-change")).content.decode()
        assert change(client, PASSWORD, "Spring#2027").status_code == 302
        assert client.get(reverse("registry:talent-list")).status_code == 200


def test_within_the_expiry_nothing_is_asked(client, clerk):
    with time_machine.travel("2027-02-20 09:00 +0800", tick=False):  # < 90 days
        client.force_login(clerk)
        assert client.get(reverse("home")).status_code == 200


def test_a_first_login_forces_a_change_and_nothing_else_can_be_done(client, clerk):
    clerk.must_change_password = True
    clerk.save()
    response = client.post(reverse("login"), {"username": clerk.username, "password": PASSWORD})
    assert response.status_code == 302
    for path in (reverse("home"), reverse("registry:talent-list"), reverse("account"), "/admin/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.url.startswith(reverse("password-change")), path
    assert client.get("/api/v1/units").status_code == 403
    assert "首次登录" in client.get(reverse("password-change")).content.decode()
    assert change(client, PASSWORD, "Mine#2026x").status_code == 302
    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_demo_logins_are_not_forced(client, settings):
    settings.DEMO_EXEMPT_LOGINS = ["office"]
    demo = factories.office_user(username="office")
    with time_machine.travel("2028-01-01 09:00 +0800", tick=False):
        client.force_login(demo)
        assert client.get(reverse("home")).status_code == 200


def reset_link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"https?://[^/]+(/password-reset/[^\s]+/)", body).group(1)


def test_a_reset_by_email_works_once(client, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password-reset"), {"email": "wang@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "重置" in mail.outbox[0].subject
    link = reset_link()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Fresh#2026", "new_password2": "Fresh#2026"})
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Fresh#2026")
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET)
    assert entry.object_id == str(clerk.pk)
    # The link is spent.
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_a_reset_link_expires(client, clerk, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_TIMEOUT = 1800
    with time_machine.travel("2026-12-03 09:00 +0800", tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("password-reset"), {"email": "wang@example.cn"})
        link = reset_link()
        traveller.shift(1801)
        response = client.get(link, follow=True)
    assert not response.context["validlink"]
    assert "已过期" in response.content.decode()


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, clerk):
    response = client.post(reverse("password-reset"), {"email": "nobody@example.cn"})
    assert response.status_code == 302 and response.url == reverse("password-reset-done")
    assert mail.outbox == []


def test_a_reset_password_obeys_the_policy_too(client, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password-reset"), {"email": "wang@example.cn"})
    form = client.get(reset_link(), follow=True)
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert weak.status_code == 200 and "最近5次" in weak.content.decode()


def test_the_reset_link_points_at_the_public_address_not_the_requests_host(
    client, clerk, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_URL = "https://rencai.pds.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password-reset"), {"email": "wang@example.cn"}, HTTP_HOST="testserver")
    assert "https://rencai.pds.gov.cn/password-reset/" in mail.outbox[-1].body
    assert "testserver" not in mail.outbox[-1].body
    assert client.get(reset_link(), follow=True).context["validlink"]
