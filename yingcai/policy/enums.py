from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportKind(models.TextChoices):
    """The five kinds of support 第十三条 names."""

    HOUSING = "housing", _("住房保障")
    AWARD = "award", _("奖励补贴")
    SPOUSE = "spouse", _("配偶安置")
    SCHOOL = "school", _("子女入学")
    MEDICAL = "medical", _("医疗保障")


class ConfirmField(models.TextChoices):
    """What only the talent can tell the platform before an entitlement can be honoured."""

    BANK_ACCOUNT = "bank_account", _("收款银行账号")
    BANK_NAME = "bank_name", _("开户银行")
    SPOUSE_NAME = "spouse_name", _("配偶姓名")
    SPOUSE_EMPLOYER = "spouse_employer", _("配偶原工作单位")
    CHILD_NAME = "child_name", _("子女姓名")
    CHILD_GRADE = "child_grade", _("子女拟就读年级")


class RuleVersionStatus(models.TextChoices):
    """Where a published rule version stands. A version 待复核 waits for a second office user
    (settings.RULE_CHANGES_NEED_SECOND_APPROVER) and decides nothing until approved; a version
    withdrawn before it took effect is kept, with its reason, and decides nothing either."""

    PUBLISHED = "published", _("已发布")
    PENDING_REVIEW = "pending_review", _("待复核")
    WITHDRAWN = "withdrawn", _("已撤回")
