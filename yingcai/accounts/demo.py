"""The demo's three administrators (三员分立) with two-factor sign-in switched on: each gets a TOTP
key made once and printed by `make run` on every start, so a newcomer can add it to any
authenticator app (or compute the code with `manage.py demo_otp <name>`) and try the 2FA login.
The business demo logins go without 2FA through DEMO_EXEMPT_LOGINS, which only `make run` sets."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingcai.accounts import twofactor
from yingcai.accounts.domain.accounts import create_administrator
from yingcai.accounts.enums import Role
from yingcai.accounts.models import User

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed for the demo on purpose

ADMINISTRATORS = (
    ("sysadmin", "系统管理员 周工", Role.SYSTEM_ADMIN),
    ("secadmin", "安全管理员 吴工", Role.SECURITY_ADMIN),
    ("auditadmin", "审计管理员 郑工", Role.AUDIT_ADMIN),
)


@transaction.atomic
def administrators(*, password: str, stdout) -> None:
    stdout.write("\nDemo administrators (password as above; 2FA on — add the key to an authenticator app):")
    for username, full_name, role in ADMINISTRATORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            if User.objects.filter(role=role, is_active=True).exists():
                continue  # the installation already has this administrator
            # Made the way `create_administrators` makes them (audited), with the demo password.
            user, _password = create_administrator(role=role, username=username, full_name=full_name, password=password)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=twofactor.APP_DEVICE, confirmed=True)
        stdout.write(f"  {username:<10} {user.get_role_display()}  TOTP key: {twofactor.secret_of(device)}")
    stdout.write("  (current code: .venv/bin/python manage.py demo_otp secadmin)")
