"""Reference data of the city: jurisdictions, the 7群12链 industrial system, platform types and
key core-technology fields. Loaded from data/reference/ and edited by the talent office."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.registry.enums import TERRITORIAL_KINDS, JurisdictionKind


class Jurisdiction(models.Model):
    """A county-level division (GB/T 2260), a functional zone, or a competent line department."""

    code = models.CharField(_("行政区划代码"), max_length=12, unique=True, null=True, blank=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=JurisdictionKind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, verbose_name=_("上级"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("辖区/主管部门")
        verbose_name_plural = verbose_name
        ordering = ["sort_order", "code", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in TERRITORIAL_KINDS


class IndustryCluster(models.Model):
    """One of the 7 industrial clusters (产业集群) of 7群12链."""

    code = models.CharField(_("编码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    verified = models.CharField(_("核实情况"), max_length=16, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("产业集群")
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndustryChain(models.Model):
    """One of the 12 industrial chains (产业链) of 7群12链, inside a cluster."""

    code = models.CharField(_("编码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    cluster = models.ForeignKey(IndustryCluster, models.PROTECT, related_name="chains", verbose_name=_("所属集群"))
    verified = models.CharField(_("核实情况"), max_length=16, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PlatformType(models.Model):
    """A kind of high-level innovation platform named in 第四条."""

    code = models.CharField(_("编码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    group = models.CharField(_("分组"), max_length=32, blank=True)
    note = models.CharField(_("依据"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("平台类型")
        verbose_name_plural = verbose_name
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class KeyTechField(models.Model):
    """A key core-technology field (关键核心技术重点领域, 第二条)."""

    code = models.CharField(_("编码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("关键核心技术领域")
        verbose_name_plural = verbose_name
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
