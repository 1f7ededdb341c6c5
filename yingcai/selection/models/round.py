import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.selection.enums import AggregationMethod, RoundState


class SelectionRound(models.Model):
    """A yearly selection round (年度遴选批次, 第三条). Windows are inclusive of both dates."""

    year = models.PositiveIntegerField(_("年度"))
    name = models.CharField(_("批次名称"), max_length=128)
    nomination_opens = models.DateField(_("推荐开始日期"))
    nomination_closes = models.DateField(_("推荐截止日期"))
    scoring_opens = models.DateField(_("评审开始日期"))
    scoring_closes = models.DateField(_("评审截止日期"))
    quota = models.PositiveIntegerField(_("遴选名额"))
    experts_per_candidate = models.PositiveIntegerField(_("每位候选人评审专家数"), default=5)
    # Blank: no cap, the engine only evens the loads out.
    max_per_expert = models.PositiveIntegerField(_("每位专家最多评审人数"), null=True, blank=True)
    aggregation_method = models.CharField(
        _("计分方法"), max_length=16, choices=AggregationMethod.choices, default=AggregationMethod.TRIMMED_MEAN
    )
    spread_limit = models.DecimalField(
        _("分差提示阈值"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("最高分与最低分之差超过此值时提请讨论"),
    )
    state = models.CharField(_("状态"), max_length=16, choices=RoundState.choices, default=RoundState.OPEN)
    # The versions of the policy rules the round was set up with (weight caps, trimming): 第十四条.
    rules = models.ManyToManyField("policy.PolicyRule", blank=True, related_name="+", verbose_name=_("适用规则版本"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("遴选批次")
        verbose_name_plural = verbose_name
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    def nomination_open_on(self, day: datetime.date) -> bool:
        return self.nomination_opens <= day <= self.nomination_closes

    def scoring_open_on(self, day: datetime.date) -> bool:
        return self.scoring_opens <= day <= self.scoring_closes

    def scoring_closed_on(self, day: datetime.date) -> bool:
        return day > self.scoring_closes
