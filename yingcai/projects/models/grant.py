from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FundingGrant(models.Model):
    """The money granted to a project for one year (万元). All grants together never exceed the
    project's total; the domain refuses a grant that would."""

    project = models.ForeignKey("projects.Project", models.CASCADE, related_name="grants", verbose_name=_("项目"))
    year = models.PositiveIntegerField(_("年度"))
    amount = models.DecimalField(_("拨付金额（万元）"), max_digits=12, decimal_places=2)
    granted_on = models.DateField(_("拨付日期"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度拨付经费")
        verbose_name_plural = verbose_name
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="one_grant_per_project_and_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.amount}万元"
