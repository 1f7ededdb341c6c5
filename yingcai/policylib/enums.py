from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyCategory(models.TextChoices):
    INTRODUCTION = "introduction", _("人才引进")
    DEVELOPMENT = "development", _("人才培养")
    INCENTIVE = "incentive", _("激励政策")
    SERVICE = "service", _("服务保障")
    OTHER = "other", _("其他")


class PolicyLevel(models.TextChoices):
    """Derived from the policy's region: no region, or a city line department, is the city's own."""

    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
