"""The demo administrators keep 2FA on, with their keys printed on every start, and a newcomer can
sign in with the printed key's current code (`manage.py demo_otp`); the business demo logins listed
in DEMO_EXEMPT_LOGINS (set by `make run`) go without."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from yingcai.accounts import demo, twofactor
from yingcai.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Demo@2026"


def seed() -> str:
    out = StringIO()
    demo.administrators(password=PASSWORD, stdout=out)
    return out.getvalue()


def test_each_administrator_has_a_key_printed_the_same_on_every_start():
    first, second = seed(), seed()
    assert first == second
    for username, _name, role in demo.ADMINISTRATORS:
        user = User.objects.get(username=username)
        assert user.role == role and twofactor.is_enrolled(user)
        device = user.totpdevice_set.get()
        assert twofactor.secret_of(device) in first


def test_a_demo_administrator_signs_in_with_the_printed_key(client, settings):
    settings.REQUIRE_2FA = True
    settings.DEMO_EXEMPT_LOGINS = ["office"]
    seed()
    client.post(reverse("login"), {"username": "secadmin", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 302  # the code is still owed
    out = StringIO()
    call_command("demo_otp", "secadmin", stdout=out)
    response = client.post(reverse("otp-verify"), {"token": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get(reverse("account-security")).status_code == 200


def test_make_run_exempts_exactly_the_business_demo_logins():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "DEMO_EXEMPT_LOGINS ?= office,county,dept,edu,hrss,health,housing,unit,talent,flexible,expert" in makefile
    assert "run: export DEMO_EXEMPT_LOGINS" in makefile


def test_demo_otp_prints_no_code_of_an_installation_administrator():
    demo.administrators(password=demo.DEMO_PASSWORD, stdout=StringIO())
    out = StringIO()
    call_command("demo_otp", "secadmin", stdout=out)
    assert out.getvalue().strip().isdigit()
    # An installation's administrator has the same name but a password of its own.
    secadmin = User.objects.get(username="secadmin")
    secadmin.set_password("An0ther-Secret!")
    secadmin.save()
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_otp", "secadmin", stdout=StringIO())
