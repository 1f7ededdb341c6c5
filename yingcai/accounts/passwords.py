"""Password policy (等保 level 3): the validators AUTH_PASSWORD_VALIDATORS adds to Django's (three
kinds of character; not the account name or close to it; none of the last PASSWORD_HISTORY_COUNT),
expiry after PASSWORD_EXPIRY_DAYS, and the one domain function every change of password goes
through (own change, reset by e-mail link, reset by an administrator), which keeps the history and
writes the audit entry."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.models import PasswordHistory, User
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the message in Chinese (Django's own zh-hans catalogue lacks this one)."""

    def get_error_message(self) -> str:
        return _("密码太短：至少须有%(min_length)d个字符。") % {"min_length": self.min_length}


def _classes(password: str) -> int:
    return sum(
        (
            any(c.isascii() and c.isupper() for c in password),
            any(c.isascii() and c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.isascii() and c.isalnum()) for c in password),
        )
    )


class CharacterClassesValidator:
    """At least `min_classes` of: capital letters, small letters, digits, symbols."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少%(n)s种。") % {"n": self.min_classes}


def _letters(value: str) -> str:
    return "".join(c for c in value.lower() if c.isalnum())


class NotUsernameValidator:
    """Not the account name, nor the name reversed, nor a password containing it (e.g. `Office@2026`
    for `office`). Django's UserAttributeSimilarityValidator covers names that are merely similar."""

    def validate(self, password: str, user=None) -> None:
        name = _letters(getattr(user, "username", "") or "")
        if len(name) < 3:
            return
        plain = _letters(password)
        if name in plain or name[::-1] in plain or plain in name:
            raise ValidationError(_("密码不能包含用户名或与用户名相近。"), code="password_like_username")

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")


class HistoryValidator:
    """None of the user's last PASSWORD_HISTORY_COUNT passwords (the current one included)."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in recent_hashes(user)):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self) -> str:
        return _("新密码不能与最近%(n)s次使用过的密码相同。") % {"n": settings.PASSWORD_HISTORY_COUNT}


def recent_hashes(user: User) -> list[str]:
    count = settings.PASSWORD_HISTORY_COUNT
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])
    stored = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
    if stored and stored not in hashes:
        hashes.append(stored)
    return hashes


def is_demo_login(user: User) -> bool:
    return user.get_username() in settings.DEMO_EXEMPT_LOGINS


def is_expired(user: User) -> bool:
    days = settings.PASSWORD_EXPIRY_DAYS
    if days <= 0 or not user.has_usable_password() or is_demo_login(user):
        return False
    since = user.password_changed_at or user.date_joined
    return timezone.now() - since > timedelta(days=days)


def must_change(user: User) -> bool:
    """Whether the user may do nothing but change their password."""
    return user.must_change_password or is_expired(user)


@transaction.atomic
def set_password(
    *,
    actor: User | None,
    user: User,
    password: str,
    action: AuditAction = AuditAction.PASSWORD_CHANGE,
    force_change: bool = False,
    reason: str = "",
) -> User:
    """Give `user` a new password after checking it against every validator (the history too).
    `force_change` (an administrator's reset): the user must change it again at the next login."""
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = force_change
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    record(
        actor=actor or user,
        action=action,
        target=user,
        changes={"must_change_password": force_change},
        reason=reason,
    )
    return user
