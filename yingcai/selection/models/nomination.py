from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.selection.enums import NominationOutcome, NominationState, NomineeRole, TaskLevel


class Nomination(models.Model):
    """A unit's nomination of a talent who leads a major S&T task (第三条); the task is part of it."""

    round = models.ForeignKey(
        "selection.SelectionRound", models.PROTECT, related_name="nominations", verbose_name=_("遴选批次")
    )
    talent = models.ForeignKey(
        "registry.Talent", models.PROTECT, related_name="nominations", verbose_name=_("被推荐人")
    )
    unit = models.ForeignKey("registry.Unit", models.PROTECT, related_name="nominations", verbose_name=_("推荐单位"))
    task_name = models.CharField(_("重大科技任务名称"), max_length=200)
    task_number = models.CharField(_("任务编号"), max_length=64)
    task_level = models.CharField(_("任务级别"), max_length=16, choices=TaskLevel.choices)
    task_funding = models.DecimalField(_("任务经费（万元）"), max_digits=12, decimal_places=2)
    nominee_role = models.CharField(_("被推荐人承担角色"), max_length=16, choices=NomineeRole.choices)
    task_start = models.DateField(_("任务起始日期"))
    task_end = models.DateField(_("任务结束日期"))
    co_applicants = models.ManyToManyField(
        "registry.Talent", blank=True, related_name="co_applied_nominations", verbose_name=_("共同申请人")
    )
    field = models.ForeignKey(
        "registry.KeyTechField", models.PROTECT, null=True, blank=True, verbose_name=_("技术领域")
    )
    chain = models.ForeignKey("registry.IndustryChain", models.PROTECT, null=True, blank=True, verbose_name=_("产业链"))
    # What the experts read besides the files (NominationMaterial): the CV as text, the unit's opinion.
    cv_text = models.TextField(_("个人简历"), blank=True)
    recommendation = models.TextField(_("推荐意见"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=NominationState.choices, default=NominationState.SUBMITTED
    )
    eligibility_note = models.TextField(_("资格审查说明"), blank=True)
    # Set when the office decides the shortlist: the result as it stood then, kept as decided.
    outcome = models.CharField(
        _("遴选结果"), max_length=16, choices=NominationOutcome.choices, default=NominationOutcome.PENDING
    )
    final_score = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=3, null=True, blank=True)
    final_rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    # The version of selection.national_task_eligible that the 第三条 test applied.
    rule = models.ForeignKey(
        "policy.PolicyRule", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("依据规则版本")
    )
    created_by = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("遴选推荐")
        verbose_name_plural = verbose_name
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "talent"], name="one_nomination_per_talent_and_round")]

    def __str__(self) -> str:
        return f"{self.talent}（{self.task_name}）"
