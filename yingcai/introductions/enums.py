from django.db import models
from django.utils.translation import gettext_lazy as _


class IntroductionMode(models.TextChoices):
    """第七条: the two ways of bringing a talent in."""

    FULL_TIME = "full_time", _("全职引进")
    FLEXIBLE = "flexible", _("柔性引进")


class IntroductionManner(models.TextChoices):
    """第八条: how the introduction was organised."""

    INDIVIDUAL = "individual", _("个别引进")
    CENTRALIZED = "centralized", _("集中引进")
    AUTONOMOUS = "autonomous", _("自主引进")


class ServiceForm(models.TextChoices):
    """第七条（二）: how a flexibly introduced talent serves the city."""

    PROJECT = "project", _("项目合作")
    CONSULTING = "consulting", _("技术咨询")
    PART_TIME = "part_time", _("兼职服务")


class ChannelKind(models.TextChoices):
    """第五条、第九条: where the talent came through, so the city sees which channels work."""

    EVENT = "event", _("招才引智/路演活动")
    COMPETITION = "competition", _("创新创业大赛")
    PLATFORM = "platform", _("高能级创新平台")
    MARKET_BODY = "market_body", _("市场主体（猎头/中介/商会）")
    OVERSEAS_ORG = "overseas_org", _("海外人才组织（欧美同学会等）")
    OTHER = "other", _("其他")


class IntroductionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待县区/主管部门审核")
    COUNTY_APPROVED = "county_approved", _("待人才办确认")
    CONFIRMED = "confirmed", _("已确认")
    # Confirmed by the office, but the personnel relation moves in on a later day: full-time (第七条)
    # only from then; a daily task moves it in.
    PENDING_TRANSFER = "pending_transfer", _("待转入")
    RETURNED = "returned", _("已退回")
    # A contract that began before the first rule version: kept in the registry, counted for nothing.
    HISTORICAL = "historical", _("历史记录")


class ComplianceStatus(models.TextChoices):
    """Whether a flexible talent worked enough days at the unit in a year (第八条)."""

    MET = "met", _("已达标")
    NOT_YET = "not_yet", _("尚未达标")
    MISSED = "missed", _("未达标")
