from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role


class User(AbstractUser):
    """A person who signs in. The role says what they may do; the scope fields say where."""

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

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        required = {Role.JURISDICTION: "jurisdiction", Role.UNIT: "unit", Role.TALENT: "talent"}
        field = required.get(self.role)
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("该角色必须指定所属范围。")})

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
