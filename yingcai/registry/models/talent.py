from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedCharField, HashField
from yingcai.registry.enums import Education, Gender, ProfessionalTitle
from yingcai.registry.validators import validate_id_number, validate_mobile


class Talent(models.Model):
    """A person in the city's talent registry (人才库)."""

    name = models.CharField(_("姓名"), max_length=32)
    # Derived from the name by the domain, for search by pinyin and by initials (张三 → zhangsan, zs).
    name_pinyin = models.CharField(max_length=128, db_index=True, editable=False, default="")
    name_initials = models.CharField(max_length=32, db_index=True, editable=False, default="")
    # Stored encrypted; found and kept unique through its keyed hash (talents_with_id_number).
    id_number = EncryptedCharField(_("公民身份号码"), max_length=18, validators=[validate_id_number])
    id_number_hash = HashField(source="id_number", unique=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    title = models.CharField(
        _("职称"), max_length=16, choices=ProfessionalTitle.choices, default=ProfessionalTitle.NONE
    )
    specialty = models.CharField(_("专业方向"), max_length=64, blank=True)
    tech_field = models.ForeignKey(
        "registry.KeyTechField", models.PROTECT, null=True, blank=True, verbose_name=_("关键核心技术领域")
    )
    chain = models.ForeignKey(
        "registry.IndustryChain", models.PROTECT, null=True, blank=True, verbose_name=_("所属产业链")
    )
    has_overseas_experience = models.BooleanField(_("海外经历"), default=False)
    overseas_note = models.CharField(_("海外经历说明"), max_length=255, blank=True)
    phone = EncryptedCharField(_("手机号码"), max_length=11, blank=True, validators=[validate_mobile])
    email = models.EmailField(_("电子邮箱"), blank=True)
    units = models.ManyToManyField(
        "registry.Unit", through="registry.Affiliation", related_name="talents", verbose_name=_("所在单位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = verbose_name
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class Affiliation(models.Model):
    """A talent's link to an employing unit. Ending it keeps the history; current links have no end."""

    talent = models.ForeignKey(Talent, models.CASCADE, related_name="affiliations", verbose_name=_("人才"))
    unit = models.ForeignKey("registry.Unit", models.PROTECT, related_name="affiliations", verbose_name=_("单位"))
    position = models.CharField(_("职务/岗位"), max_length=64, blank=True)
    start_date = models.DateField(_("起始日期"), null=True, blank=True)
    end_date = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("人才所在单位")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["unit", "end_date"]), models.Index(fields=["talent", "end_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["talent", "unit"],
                condition=models.Q(end_date__isnull=True),
                name="one_current_affiliation_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.talent} @ {self.unit}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("终止日期不能早于起始日期。")})
