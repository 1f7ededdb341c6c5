from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.policylib.enums import PolicyCategory, PolicyLevel
from yingcai.registry.enums import TERRITORIAL_KINDS


class Policy(models.Model):
    """A city or county policy document in the policy library (政策库, 第九条)."""

    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=200)
    document_number = models.CharField(
        _("文号"), max_length=64, blank=True, help_text=_("如：平人才〔2024〕2号；没有文号的可留空。")
    )
    issued_on = models.DateField(_("发文日期"), null=True, blank=True, help_text=_("原文未注明日期的可留空。"))
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    region = models.ForeignKey(
        "registry.Jurisdiction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name=_("所属县区/部门"),
        help_text=_("留空表示全市适用的市级政策。"),
    )
    category = models.CharField(_("政策类别"), max_length=16, choices=PolicyCategory.choices)
    full_text = models.TextField(_("政策全文"), blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Optimistic lock: an edit made from a stale copy is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("政策")
        verbose_name_plural = verbose_name
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["is_published", "issued_on"]),
            models.Index(fields=["region", "is_published"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def level(self) -> PolicyLevel:
        if self.region_id is not None and self.region.kind in TERRITORIAL_KINDS:
            return PolicyLevel.COUNTY
        return PolicyLevel.CITY

    def get_level_display(self) -> str:
        return self.level.label

    @property
    def region_label(self) -> str:
        return self.region.name if self.region_id is not None else str(_("全市"))
