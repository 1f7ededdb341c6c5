"""Print the current TOTP code of a demo administrator, for trying the 2FA login without a phone.
Refuses any account that is not one of the demo's administrators."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingcai.accounts.demo import ADMINISTRATORS


class Command(BaseCommand):
    help = "The current two-factor code of a demo administrator (sysadmin, secadmin, auditadmin)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", choices=[name for name, _full, _role in ADMINISTRATORS])

    def handle(self, *args, username: str, **options) -> None:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no TOTP key; run `make run` (seed_demo) first")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
