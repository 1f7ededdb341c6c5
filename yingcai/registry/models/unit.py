from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedCharField
from yingcai.registry.enums import UnitKind
from yingcai.registry.validators import validate_credit_code, validate_mobile


class Unit(models.Model):
    """An employing unit (用人单位) that brings in and grows talents (第二条)."""

    name = models.CharField(_("单位名称"), max_length=128)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    kind = models.CharField(_("单位类型"), max_length=24, choices=UnitKind.choices)
    county = models.ForeignKey(
        "registry.Jurisdiction", models.PROTECT, related_name="units", verbose_name=_("所在县区")
    )
    department = models.ForeignKey(
        "registry.Jurisdiction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_units",
        verbose_name=_("主管部门"),
    )
    clusters = models.ManyToManyField("registry.IndustryCluster", blank=True, verbose_name=_("产业集群"))
    chains = models.ManyToManyField("registry.IndustryChain", blank=True, verbose_name=_("产业链"))
    tech_fields = models.ManyToManyField("registry.KeyTechField", blank=True, verbose_name=_("关键核心技术领域"))
    address = models.CharField(_("地址"), max_length=255, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = EncryptedCharField(_("联系电话"), max_length=11, blank=True, validators=[validate_mobile])
    is_active = models.BooleanField(_("有效"), default=True)
    # When the unit came into being and when it was dissolved (注销/撤销): a contract with the
    # unit cannot start outside them (第七条).
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    dissolved_on = models.DateField(_("注销/撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Optimistic lock: an edit made from a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = verbose_name
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "county"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.founded_on and self.founded_on > today:
            errors["founded_on"] = _("成立日期不能晚于今天。")
        if self.dissolved_on and self.dissolved_on > today:
            errors["dissolved_on"] = _("注销/撤销日期不能晚于今天。")
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = _("注销/撤销日期不能早于成立日期。")
        if errors:
            raise ValidationError(errors)
