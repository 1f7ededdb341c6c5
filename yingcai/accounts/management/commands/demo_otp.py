"""Print the current TOTP code of a demo administrator, for trying the 2FA login without a phone.
Refuses any account that is not one of the demo's administrators."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingcai.accounts.demo import ADMINISTRATORS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "The current two-factor code of a demo administrator (sysadmin, secadmin, auditadmin)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", choices=[name for name, _full, _role in ADMINISTRATORS])

    def handle(self, *args, username: str, **options) -> None:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is not None and not device.user.check_password(DEMO_PASSWORD):
            # An installation's administrators share the demo's names: their codes are never printed.
            raise CommandError(f"{username} is not a demo account (its password is not the demo's)")
        if device is None:
            raise CommandError(f"{username} has no TOTP key; run `make run` (seed_demo) first")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
