"""Two-factor sign-in (等保 level 3) on django-otp: a TOTP authenticator app, and ten one-time
recovery codes (a django-otp static device) for when the phone is lost.

Required (REQUIRE_2FA, on by default) for the talent office, the three administrators and any
superuser; optional for everyone else, who may enrol from their own account page. The logins
listed in DEMO_EXEMPT_LOGINS (set only by the embedded demo of `make run`) are not required.
Enrolment and reset are audited (OTP_ENROL, OTP_RESET). Guessing codes is throttled by
django-otp itself (each failure doubles the wait before the next attempt).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingcai.accounts.domain.sessions import end_all_sessions
from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role
from yingcai.accounts.models import User
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction

RECOVERY_CODES = 10
REQUIRED_ROLES = frozenset({Role.TALENT_OFFICE, *ADMINISTRATOR_ROLES})
APP_DEVICE = "authenticator"
RECOVERY_DEVICE = "recovery"


def is_required(user: User) -> bool:
    if not settings.REQUIRE_2FA or user.get_username() in settings.DEMO_EXEMPT_LOGINS:
        return False
    return user.role in REQUIRED_ROLES or user.is_superuser


def is_enrolled(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def start_enrolment(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator key for the user to scan (replacing any unconfirmed one).
    It counts only once confirmed with a code from the app."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def confirm_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the new key with a code from the app: it replaces the user's earlier key, and ten
    new recovery codes replace the old ones. The codes are returned to be shown once."""
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token((token or "").strip()):
        raise ValidationError({"token": _("动态口令不正确或已过期，请输入验证器中当前显示的6位数字。")})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record(actor=user, action=AuditAction.OTP_ENROL, target=user, changes={"recovery_codes": len(codes)})
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def verify(*, user: User, token: str) -> Device | None:
    """The device that accepts `token` (a code from the app, or an unused recovery code, which is
    then spent), or None. Each device is tried through django-otp's throttled verification."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        found = otp_verify_token(user, device.persistent_id, token)
        if found is not None:
            return found
    return None


@transaction.atomic
def reset(*, actor: User, user: User, reason: str) -> None:
    """The security administrator removes a user's second factor (a lost phone): the user enrols
    again at the next sign-in if 2FA is required for them. Never one's own (三员分立)."""
    if not actor.has_perm("accounts.reset_otp"):
        raise PermissionDenied(_("只有安全管理员可以重置双因素认证。"))
    if actor.pk == user.pk:
        raise PermissionDenied(_("不能重置自己账号的双因素认证。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写重置原因。")})
    removed = sum(1 for _device in devices_for_user(user, confirmed=None))
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    record(actor=actor, action=AuditAction.OTP_RESET, target=user, changes={"devices": removed}, reason=reason)
    # A session waiting at the code step (someone with the password alone) must not go on without
    # a second factor, nor enrol one of their own: every session of the user ends.
    end_all_sessions(actor=actor, account=user, reason=_("双因素认证已重置"))


def secret_of(device: TOTPDevice) -> str:
    """The key as the base32 text an authenticator app accepts when typed in."""
    return b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (made here, no outside service)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
