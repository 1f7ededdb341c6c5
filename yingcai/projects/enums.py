from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectState(models.TextChoices):
    ACTIVE = "active", _("实施中")
    COMPLETED = "completed", _("已结题")
    STOPPED = "stopped", _("已终止")


class SpendingCategory(models.TextChoices):
    """Broad categories of spending (第三条: light reporting, the talent decides use within the total)."""

    EQUIPMENT = "equipment", _("设备费")
    BUSINESS = "business", _("业务费（材料、测试、差旅会议等）")
    LABOUR = "labour", _("劳务费")
    EXPERT_CONSULTING = "expert_consulting", _("专家咨询费")
    INDIRECT = "indirect", _("间接费用")
    OTHER = "other", _("其他")
