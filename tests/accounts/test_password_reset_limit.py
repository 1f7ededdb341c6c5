"""Password-reset requests are limited per client address and per e-mail address (per hour by
default): the request beyond the limit is refused with a message in Chinese, audited, and sends
nothing, and the answer is the same whether or not an account has the address."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests import factories
from yingcai.accounts import reset_limit
from yingcai.audit.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db
REFUSED = "密码重置请求过于频繁，请60分钟后再试。"


@pytest.fixture
def clerk():
    return factories.office_user(email="wang@example.cn")


@pytest.fixture
def limits(settings):
    settings.PASSWORD_RESET_MAX_PER_IP = 10
    settings.PASSWORD_RESET_MAX_PER_EMAIL = 3
    settings.PASSWORD_RESET_LIMIT_MINUTES = 60
    return settings


def ask(client, email, ip="10.3.3.3"):
    return client.post(reverse("password-reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_defaults_are_a_few_an_hour(settings):
    assert settings.PASSWORD_RESET_LIMIT_MINUTES == 60
    assert 1 <= settings.PASSWORD_RESET_MAX_PER_EMAIL <= settings.PASSWORD_RESET_MAX_PER_IP <= 20


def test_the_limit_per_email_allows_three_and_refuses_the_fourth(
    client, clerk, limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):  # from different addresses: the e-mail is what is counted
            assert ask(client, "wang@example.cn", ip=f"10.3.3.{n}").status_code == 302
        refused = ask(client, "WANG@example.cn", ip="10.3.3.9")
    assert refused.status_code == 200
    assert REFUSED in refused.content.decode()
    assert len(mail.outbox) == 3
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET_REFUSED)
    assert entry.actor is None and entry.ip_address == "10.3.3.9"
    assert entry.changes == {"email": "WA***@example.cn", "limit": ["email"]}
    assert entry.object_id == ""  # no account named: the log tells nothing either


def test_the_limit_per_address_counts_every_e_mail(client, clerk, limits, django_capture_on_commit_callbacks):
    limits.PASSWORD_RESET_MAX_PER_IP = 2
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, "a@example.cn").status_code == 302
        assert ask(client, "b@example.cn").status_code == 302
        refused = ask(client, "wang@example.cn")
        assert REFUSED in refused.content.decode()
        assert ask(client, "wang@example.cn", ip="10.4.4.4").status_code == 302  # another address may
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.cn"]
    assert AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET_REFUSED).changes["limit"] == ["ip"]


def test_an_address_with_no_account_is_refused_the_same_way(client, clerk, limits):
    answers = []
    for email in ("wang@example.cn", "nobody@example.cn"):
        for _ in range(3):
            assert ask(client, email, ip=f"10.5.5.{len(answers)}").status_code == 302
        answers.append(ask(client, email, ip=f"10.6.6.{len(answers)}"))
    known, unknown = (re.sub(r'"[-\w]{64}"', "", a.content.decode()) for a in answers)  # not the CSRF tokens
    assert REFUSED in known and REFUSED in unknown
    assert known.replace("wang@example.cn", "X") == unknown.replace("nobody@example.cn", "X")
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET_REFUSED).count() == 2


def test_the_count_starts_again_after_the_window(client, clerk, limits, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-12-03 09:00 +0800", tick=False) as traveller:
        for _ in range(3):
            ask(client, "wang@example.cn")
        traveller.shift(59 * 60)
        assert REFUSED in ask(client, "wang@example.cn").content.decode()
        traveller.shift(61 * 60)
        with django_capture_on_commit_callbacks(execute=True):
            assert ask(client, "wang@example.cn").status_code == 302
    assert len(mail.outbox) == 1


def test_the_cache_holds_no_e_mail_address():
    assert "wang" not in reset_limit._email_key("wang@example.cn")
    assert reset_limit._email_key(" Wang@Example.cn ") == reset_limit._email_key("wang@example.cn")


@pytest.mark.parametrize(
    ("email", "masked"), [("wang@example.cn", "wa***@example.cn"), ("w@x.cn", "w***@x.cn"), ("", "***")]
)
def test_the_audit_log_keeps_the_e_mail_masked(email, masked):
    assert reset_limit.masked_email(email) == masked
