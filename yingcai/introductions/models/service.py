from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import ComplianceStatus


class WorkPeriod(models.Model):
    """A stretch of days a flexibly introduced talent worked at the unit (both ends included)."""

    introduction = models.ForeignKey(
        "introductions.Introduction", models.CASCADE, related_name="work_periods", verbose_name=_("引进记录")
    )
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("终止日期"))
    description = models.CharField(_("工作内容"), max_length=255)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    logged_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("在岗工作时段")
        verbose_name_plural = verbose_name
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["introduction", "start"])]

    def __str__(self) -> str:
        return f"{self.start}～{self.end}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("终止日期不能早于起始日期。")})


class FlexibleServiceYear(models.Model):
    """The frozen result of one flexible talent's year, written when the year is closed."""

    introduction = models.ForeignKey(
        "introductions.Introduction", models.PROTECT, related_name="service_years", verbose_name=_("引进记录")
    )
    year = models.PositiveIntegerField(_("年度"))
    days_worked = models.PositiveIntegerField(_("累计工作天数"))
    days_required = models.PositiveIntegerField(_("应工作天数"))
    status = models.CharField(_("结果"), max_length=16, choices=ComplianceStatus.choices)
    rule = models.ForeignKey("policy.PolicyRule", models.PROTECT, related_name="+", verbose_name=_("适用规则"))
    explanation = models.CharField(_("判定说明"), max_length=255)
    closed_at = models.DateTimeField(_("关账时间"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("柔性引进年度工作时长")
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["introduction", "year"], name="one_result_per_year")]

    def __str__(self) -> str:
        return f"{self.introduction} {self.year}: {self.get_status_display()}"


class AtRiskReminder(models.Model):
    """A reminder sent to a unit about one flexible talent short of days (第八条): at most one a day
    for each talent, however often the list's reminder action is used."""

    introduction = models.ForeignKey(
        "introductions.Introduction", models.CASCADE, related_name="at_risk_reminders", verbose_name=_("引进记录")
    )
    sent_on = models.DateField(_("提醒日期"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("提醒人")
    )
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("在岗预警提醒")
        verbose_name_plural = verbose_name
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["introduction", "sent_on"], name="one_at_risk_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.introduction} {self.sent_on}"
