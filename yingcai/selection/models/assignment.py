from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, AssignmentState


class Assignment(models.Model):
    """One expert reviewing one nomination."""

    nomination = models.ForeignKey(
        "selection.Nomination", models.CASCADE, related_name="assignments", verbose_name=_("推荐")
    )
    expert = models.ForeignKey(
        "selection.Expert", models.PROTECT, related_name="assignments", verbose_name=_("评审专家")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED
    )
    conflict_reason = models.TextField(_("回避理由"), blank=True)
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = verbose_name
        ordering = ["nomination", "expert"]
        constraints = [models.UniqueConstraint(fields=["nomination", "expert"], name="one_assignment_per_pair")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.nomination}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_ASSIGNMENT_STATES
