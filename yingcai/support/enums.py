from django.db import models
from django.utils.translation import gettext_lazy as _


class EntitlementState(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("待本人确认")
    AWAITING_DECISION = "awaiting_decision", _("待部门办理")
    ACTIVE = "active", _("享受中")
    COMPLETED = "completed", _("已兑现")
    STOPPED = "stopped", _("已停止")


class TaskState(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已办结")


class InstalmentState(models.TextChoices):
    SCHEDULED = "scheduled", _("待发放")
    PAID = "paid", _("已发放")
    STOPPED = "stopped", _("已停止")
