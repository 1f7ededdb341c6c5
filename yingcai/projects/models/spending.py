from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingcai.projects.enums import SpendingCategory


class SpendingReport(models.Model):
    """Money spent in a year under one broad category (第三条: light reporting). Nobody approves it:
    it is recorded and audited, and its reporter may correct it until the end of the year it was
    reported in."""

    project = models.ForeignKey(
        "projects.Project", models.CASCADE, related_name="spending_reports", verbose_name=_("项目")
    )
    year = models.PositiveIntegerField(_("年度"))
    category = models.CharField(_("支出类别"), max_length=24, choices=SpendingCategory.choices)
    amount = models.DecimalField(_("支出金额（万元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("填报人")
    )
    reported_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("经费支出报告")
        verbose_name_plural = verbose_name
        ordering = ["-year", "-reported_at", "-id"]
        indexes = [models.Index(fields=["project", "year"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="spending_amount_positive")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_category_display()} {self.amount}万元"
