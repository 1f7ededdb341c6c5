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
