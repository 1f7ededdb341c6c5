from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import ADMINISTRATOR_ROLES, Role


class AccountManager(UserManager):
    def create_superuser(self, *args, **kwargs):
        """No account bypasses the rules (等保 三员分立): `createsuperuser` is refused with a pointer to
        the command that creates the three administrators."""
        from django.core.management.base import CommandError

        raise CommandError(
            _("本平台没有超级用户。请用 manage.py create_administrators 创建系统、安全、审计三名管理员。")
        )


class User(AbstractUser):
    """A person who signs in. The role says what they may do; the scope fields say where."""

    objects = AccountManager()

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.UNIT)
    full_name = models.CharField(_("姓名"), max_length=32, blank=True)
    jurisdiction = models.ForeignKey(
        "registry.Jurisdiction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("所属县区/主管部门"),
    )
    unit = models.ForeignKey(
        "registry.Unit", models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("所属单位")
    )
    talent = models.OneToOneField(
        "registry.Talent",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("本人人才档案"),
    )
    # Password policy (等保): a first login (or a reset by an administrator) forces a change, and
    # a password older than PASSWORD_EXPIRY_DAYS must be changed before anything else is done.
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = verbose_name
        constraints = [
            # No account bypasses the rules predicates (PermissionsMixin.has_perm answers True to any
            # active superuser): privileges come from the role alone (等保: 最小权限, 三员分立).
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="accounts_user_no_superuser"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        required = {Role.JURISDICTION: "jurisdiction", Role.UNIT: "unit", Role.TALENT: "talent"}
        field = required.get(self.role)
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("该角色必须指定所属范围。")})

    @property
    def is_administrator(self) -> bool:
        """One of the three administrators (三员分立): no business role, no business page."""
        return self.role in ADMINISTRATOR_ROLES

    @property
    def scope_label(self) -> str:
        """What the top bar shows next to the role: the jurisdiction, unit or person."""
        if self.role == Role.TALENT_OFFICE:
            return str(_("全市"))
        if self.role == Role.JURISDICTION and self.jurisdiction_id:
            return self.jurisdiction.name
        if self.role == Role.UNIT and self.unit_id:
            return self.unit.name
        if self.role == Role.TALENT and self.talent_id:
            return str(_("本人"))
        return ""


class UserSession(models.Model):
    """Where and with what a signed-in session was opened, for the user's own list of sessions and
    the security administrator's list of signed-in users. Goes with its Django session (CASCADE):
    signing out, expiry and `clearsessions` remove it. `last_seen` is written at most once a minute."""

    session = models.OneToOneField("sessions.Session", models.CASCADE, related_name="+", verbose_name=_("会话"))
    user = models.ForeignKey(User, models.CASCADE, related_name="signed_in_sessions", verbose_name=_("用户"))
    ip_address = models.GenericIPAddressField(_("登录地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登录时间"))
    last_seen = models.DateTimeField(_("最近活动"))

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.ip_address or '-'}"


class PasswordHistory(models.Model):
    """The hashes of a user's earlier passwords, so that none of the last few is chosen again."""

    user = models.ForeignKey(User, models.CASCADE, related_name="password_history", verbose_name=_("用户"))
    password = models.CharField(_("密码摘要"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = verbose_name
        ordering = ["-set_at", "-id"]


class LoginLock(models.Model):
    """An account name locked after too many failed logins, until `locked_until`. Kept by name, not
    by user: a name that does not exist is locked the same way (no hint which names exist)."""

    username = models.CharField(_("用户名"), max_length=150, unique=True)
    locked_at = models.DateTimeField(_("锁定时间"))
    locked_until = models.DateTimeField(_("锁定至"), db_index=True)
    last_ip = models.GenericIPAddressField(_("最后来源IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = verbose_name
        ordering = ["-locked_at"]

    def __str__(self) -> str:
        return self.username
