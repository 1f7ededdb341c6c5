from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day of the official holiday schedule as entered by the talent office.

    The `chinese_calendar` library knows the State Council's schedule up to the year it was
    released for; the office enters each later year once it is published (November/December) and
    corrects any day the library gets wrong. An entry always wins over the library.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"), help_text=_("勾选表示当天上班（含调休上班的周末），不勾选表示放假。"))
    name = models.CharField(_("名称"), max_length=32, blank=True, help_text=_("如：春节、国庆节、调休上班。"))
    note = models.TextField(_("备注"), blank=True, help_text=_("如：依据的国务院办公厅通知文号。"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = verbose_name
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_workday else _("放假")
        return f"{self.date:%Y-%m-%d} {self.name or kind}"


class CalendarYear(models.Model):
    """The office's entry of one year's official schedule (国务院办公厅 放假安排), as a whole: the
    days themselves are `CalendarDay` rows; this row says who entered them, on what authority, and
    carries the version that refuses a concurrent second entry."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    note = models.CharField(
        _("依据"),
        max_length=200,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）。"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("录入人")
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("年度工作日历")
        verbose_name_plural = verbose_name
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("%(year)s年工作日历") % {"year": self.year}
