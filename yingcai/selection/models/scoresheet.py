from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoreSheet(models.Model):
    """An expert's scores for one nomination: every criterion 0–100 with a comment (第十一条)."""

    assignment = models.OneToOneField(
        "selection.Assignment", models.CASCADE, related_name="scoresheet", verbose_name=_("评审分配")
    )
    scores = models.JSONField(_("各指标得分"), default=dict)  # {criterion code: int 0–100}
    comments = models.JSONField(_("各指标评语"), default=dict)  # {criterion code: text}
    overall_comment = models.TextField(_("总体评价"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = verbose_name
        ordering = ["assignment"]

    def __str__(self) -> str:
        return str(self.assignment)
