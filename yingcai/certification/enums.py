from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificationBasis(models.TextChoices):
    """第十三条: only talents newly brought in full-time or newly grown may be certified for support."""

    INTRODUCED = "introduced", _("全职新引进")
    CULTIVATED = "cultivated", _("新培养")


class CertificationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待县区/主管部门审核")
    COUNTY_APPROVED = "county_approved", _("待人才办审定")
    OFFICE_APPROVED = "office_approved", _("待公示")
    IN_PUBLICITY = "in_publicity", _("公示中")
    CERTIFIED = "certified", _("已认定")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予认定")
    REVOKED = "revoked", _("已撤销")


class EvidenceKind(models.TextChoices):
    INTRODUCTION = "introduction", _("引进/劳动合同")
    DEGREE = "degree", _("学历学位证书")
    TITLE = "title", _("职称证书")
    HONOUR = "honour", _("荣誉称号/入选计划证明")
    ACHIEVEMENT = "achievement", _("业绩成果")
    OTHER = "other", _("其他")


class EvidenceCheck(models.TextChoices):
    PENDING = "pending", _("待核验")
    ACCEPTED = "accepted", _("核验通过")
    REJECTED = "rejected", _("核验不通过")
