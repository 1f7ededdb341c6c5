from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.certification.enums import CertificationBasis, CertificationState, EvidenceCheck, EvidenceKind


class Certification(models.Model):
    """A unit's application to certify a talent at a tier (人才认定, 第十三条), and its outcome."""

    talent = models.ForeignKey("registry.Talent", models.PROTECT, related_name="certifications", verbose_name=_("人才"))
    unit = models.ForeignKey("registry.Unit", models.PROTECT, related_name="certifications", verbose_name=_("申报单位"))
    tier_code = models.CharField(_("申报层次"), max_length=8)
    # The tier version the decision applied (set on submission, re-read when the office decides).
    tier = models.ForeignKey(
        "policy.TalentTier", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("层次版本")
    )
    basis = models.CharField(_("认定依据"), max_length=16, choices=CertificationBasis.choices)
    introduction = models.ForeignKey(
        "introductions.Introduction",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="certifications",
        verbose_name=_("引进记录"),
    )
    cultivation_note = models.TextField(_("培养情况说明"), blank=True)
    # 新培养: the day the talent was selected for a programme or promoted (入选、晋升日期), from
    # which the "new" window of 第十三条 is counted.
    cultivated_on = models.DateField(_("培养成果取得日期（入选/晋升）"), null=True, blank=True)
    # Declared by the unit: civil servants and staff managed as such (公务员、参公人员) are not certified.
    civil_servant = models.BooleanField(_("公务员或参公管理人员"), default=False)
    honours = models.JSONField(_("荣誉称号/入选计划"), default=list, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=CertificationState.choices, default=CertificationState.DRAFT
    )
    # The explanation object of the last eligibility check: conditions, results, articles, versions.
    eligibility = models.JSONField(_("资格审查结果"), default=dict, blank=True)
    rules = models.ManyToManyField("policy.PolicyRule", blank=True, related_name="+", verbose_name=_("适用规则版本"))
    certificate_number = models.CharField(_("证书编号"), max_length=32, unique=True, null=True, blank=True)
    certified_on = models.DateField(_("认定日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    # Random, unguessable: the public verification page is /certification/verify/<token>/.
    verification_token = models.CharField(max_length=48, unique=True, null=True, blank=True, editable=False)
    revoked_reason = models.TextField(_("撤销原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("人才认定")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "tier_code"])]

    def __str__(self) -> str:
        return f"{self.talent}（{self.tier_code}类）"


class Evidence(models.Model):
    """A document uploaded with an application, and the reviewer's check of it."""

    certification = models.ForeignKey(
        Certification, models.CASCADE, related_name="evidence", verbose_name=_("认定申请")
    )
    kind = models.CharField(_("材料类型"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("文件"), upload_to="certification/%Y/")
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    check_result = models.CharField(
        _("核验结果"), max_length=16, choices=EvidenceCheck.choices, default=EvidenceCheck.PENDING
    )
    check_note = models.TextField(_("核验意见"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("核验时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("认定材料")
        verbose_name_plural = verbose_name
        ordering = ["certification", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name
