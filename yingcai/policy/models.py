from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyRule(models.Model):
    """One version of one parameter of the policy (a period, a threshold, an amount).

    Versions are never edited once published: a change is a new version with its own dates, so
    every decision can keep pointing at the version that made it (第十四条).
    """

    key = models.CharField(_("规则代码"), max_length=64)
    version = models.PositiveIntegerField(_("版本"))
    label = models.CharField(_("规则名称"), max_length=128)
    value = models.DecimalField(_("取值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=16, blank=True)
    article = models.CharField(_("依据条款"), max_length=32)
    document = models.CharField(_("依据文件"), max_length=128)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政策规则")
        verbose_name_plural = verbose_name
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="one_rule_version")]

    def __str__(self) -> str:
        return f"{self.label} v{self.version}"

    @property
    def number(self) -> int:
        """The value as a whole number, for counts of days, years and months."""
        return int(self.value)

    @property
    def citation(self) -> str:
        """How a decision cites this rule: 《文件》第X条（规则vN）."""
        return f"《{self.document}》{self.article}（{self.label} v{self.version}）"
