from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.selection.enums import CriterionKind


class RoundCriterion(models.Model):
    """One evaluation criterion of a round (第十一条): weights are percentages summing to 100."""

    round = models.ForeignKey(
        "selection.SelectionRound", models.CASCADE, related_name="criteria", verbose_name=_("遴选批次")
    )
    code = models.CharField(_("指标代码"), max_length=32)
    name = models.CharField(_("指标名称"), max_length=64)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    kind = models.CharField(_("指标类型"), max_length=16, choices=CriterionKind.choices)
    evidence = models.TextField(_("评价依据"), blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = verbose_name
        ordering = ["round", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="one_criterion_code_per_round")]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}%）"
