from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.policy.enums import ConfirmField, RuleVersionStatus, SupportKind
from yingcai.registry.enums import Education, ProfessionalTitle


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
    status = models.CharField(
        _("状态"), max_length=16, choices=RuleVersionStatus.choices, default=RuleVersionStatus.PUBLISHED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("复核人")
    )
    approved_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("撤回人")
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)

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


class VersionedRule(models.Model):
    """What every versioned rule carries: a version, its source and the dates it is in force.
    A published version is never edited; a change is a new version (第十四条)."""

    version = models.PositiveIntegerField(_("版本"))
    article = models.CharField(_("依据条款"), max_length=32)
    document = models.CharField(_("依据文件"), max_length=128)
    effective_from = models.DateField(_("生效日期"))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    # Values shipped as examples until the office enters those of the official document.
    is_example = models.BooleanField(_("示例数据"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def citation(self) -> str:
        return f"《{self.document}》{self.article}（{self} v{self.version}）"


class TalentTier(VersionedRule):
    """One version of a certification tier (人才认定层次) and what qualifies for it.

    The machine-checkable conditions (age, education, title, honours) are columns the policy
    calculator and the certification check evaluate; `qualifications` says the rest in words for
    the reviewers. An empty condition is no condition.
    """

    code = models.CharField(_("层次代码"), max_length=8)
    name = models.CharField(_("层次名称"), max_length=64)
    rank = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("1 为最高层次"))
    qualifications = models.TextField(_("认定条件"), blank=True)
    max_age = models.PositiveSmallIntegerField(_("年龄上限（含）"), null=True, blank=True)
    min_education = models.CharField(_("最低学历"), max_length=16, choices=Education.choices, blank=True)
    min_title = models.CharField(_("最低职称"), max_length=16, choices=ProfessionalTitle.choices, blank=True)
    # Any one of these honours (荣誉称号/入选计划) qualifies; empty: none required.
    honours = models.JSONField(_("符合其一的荣誉称号或入选计划"), default=list, blank=True)

    class Meta:
        verbose_name = _("人才认定层次")
        verbose_name_plural = verbose_name
        ordering = ["rank", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_tier_version")]

    def __str__(self) -> str:
        return f"{self.code}类 {self.name}"


class SupportItem(VersionedRule):
    """One version of one item of support a tier gives (第十三条): money paid in instalments, or
    a service that needs a decision by a responsible office (a school place, a job for a spouse)."""

    code = models.CharField(_("待遇代码"), max_length=48)
    tier_code = models.CharField(_("适用层次"), max_length=8)
    kind = models.CharField(_("待遇类别"), max_length=16, choices=SupportKind.choices)
    name = models.CharField(_("待遇名称"), max_length=64)
    # Blank for services; in 元 for money.
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    instalments = models.PositiveSmallIntegerField(_("分期数"), default=1)
    interval_months = models.PositiveSmallIntegerField(_("分期间隔（月）"), default=12)
    needs_decision = models.BooleanField(_("需主管部门办理"), default=False)
    responsible_office = models.ForeignKey(
        "registry.Jurisdiction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("办理部门"),
    )
    decision_working_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)
    confirm_fields = models.JSONField(_("需本人确认的信息"), default=list, blank=True)  # ConfirmField values

    class Meta:
        verbose_name = _("待遇标准")
        verbose_name_plural = verbose_name
        ordering = ["tier_code", "kind", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_support_item_version")]

    def __str__(self) -> str:
        return f"{self.tier_code}类 {self.name}"

    @property
    def is_money(self) -> bool:
        return self.amount is not None

    @property
    def confirm_field_labels(self) -> list[str]:
        return [str(ConfirmField(f).label) for f in self.confirm_fields if f in ConfirmField.values]
