from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of SPEC.md. Each user has exactly one; its scope comes with it."""

    TALENT_OFFICE = "talent_office", _("人才办管理员")
    JURISDICTION = "jurisdiction", _("主管部门/县区")
    UNIT = "unit", _("用人单位")
    TALENT = "talent", _("人才")
    EXPERT = "expert", _("评审专家")
