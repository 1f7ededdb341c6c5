from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicityKind(models.TextChoices):
    SELECTION = "selection", _("领军人才遴选结果公示")
    CERTIFICATION = "certification", _("高层次人才认定公示")


class PublicityState(models.TextChoices):
    OPEN = "open", _("公示中")
    CONCLUDED = "concluded", _("已结束")


class EntryOutcome(models.TextChoices):
    PENDING = "pending", _("公示中")
    PASSED = "passed", _("公示通过")
    REMOVED = "removed", _("异议成立，不予通过")
