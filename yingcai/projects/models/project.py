from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yingcai.projects.enums import ProjectState


class Project(models.Model):
    """The project a selected leading talent is tied to (以项目为牵引, 第三条): funding is granted by
    year and the talent reports spending by broad category, deciding its use within the total."""

    nomination = models.OneToOneField(
        "selection.Nomination", models.PROTECT, related_name="project", verbose_name=_("遴选推荐")
    )
    talent = models.ForeignKey("registry.Talent", models.PROTECT, related_name="projects", verbose_name=_("领军人才"))
    unit = models.ForeignKey("registry.Unit", models.PROTECT, related_name="projects", verbose_name=_("承担单位"))
    name = models.CharField(_("项目名称"), max_length=200)
    total_funding = models.DecimalField(_("项目经费总额（万元）"), max_digits=12, decimal_places=2)
    start_year = models.PositiveIntegerField(_("起始年度"))
    end_year = models.PositiveIntegerField(_("结束年度"))
    state = models.CharField(_("状态"), max_length=16, choices=ProjectState.choices, default=ProjectState.ACTIVE)
    # Set by the domain when spending first runs past the money granted (and the unit and the office
    # are told); cleared when the grants cover it again. Lets the list filter on it without sums.
    over_spent_since = models.DateTimeField(_("超支提示时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("立项时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("领军人才项目")
        verbose_name_plural = verbose_name
        ordering = ["-start_year", "-id"]
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["start_year", "end_year"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="project_years_in_order"),
            models.CheckConstraint(condition=Q(total_funding__gte=0), name="project_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.talent}·{self.name}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def is_active(self) -> bool:
        return self.state == ProjectState.ACTIVE
