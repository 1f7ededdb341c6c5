from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedCharField
from yingcai.publicity.enums import EntryOutcome, PublicityKind, PublicityState


class Publicity(models.Model):
    """A public notice (公示) of a list of people for a number of working days, during which
    anyone may object. Selection rounds and certifications both publish through it."""

    kind = models.CharField(_("公示类型"), max_length=16, choices=PublicityKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    # The notice's number within its year (〔2026〕第3号), given when it is opened: two notices of
    # the same day never share a title. Blank for notices opened before numbering.
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True)
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    body = models.TextField(_("公示说明"), blank=True)
    # What the notice belongs to (a selection round); blank for a batch of certifications.
    owner_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示截止日期"))  # inclusive
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"))
    rule = models.ForeignKey("policy.PolicyRule", models.PROTECT, related_name="+", verbose_name=_("依据规则版本"))
    state = models.CharField(_("状态"), max_length=12, choices=PublicityState.choices, default=PublicityState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    concluded_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = verbose_name
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="one_notice_number_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """The notice's number as printed: 〔2026〕第3号 (blank before numbering)."""
        if self.number is None:
            return ""
        return _("〔%(year)s〕第%(number)s号") % {"year": self.year, "number": self.number}


class PublicityEntry(models.Model):
    """One person on a notice, as the public sees them (name, unit, what for), linked to the
    record it decides (a nomination, a certification)."""

    publicity = models.ForeignKey(Publicity, models.CASCADE, related_name="entries", verbose_name=_("公示"))
    subject_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    name = models.CharField(_("姓名"), max_length=32)
    unit_name = models.CharField(_("工作单位"), max_length=128)
    summary = models.CharField(_("公示内容"), max_length=255)
    position = models.PositiveIntegerField(_("序号"), default=0)
    outcome = models.CharField(_("公示结果"), max_length=12, choices=EntryOutcome.choices, default=EntryOutcome.PENDING)

    class Meta:
        verbose_name = _("公示对象")
        verbose_name_plural = verbose_name
        ordering = ["publicity", "position", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return self.name


class Objection(models.Model):
    """An objection filed during a notice, and the office's answer. Contact details are personal
    data: shown only to the office."""

    publicity = models.ForeignKey(Publicity, models.PROTECT, related_name="objections", verbose_name=_("公示"))
    entry = models.ForeignKey(
        PublicityEntry, models.PROTECT, null=True, blank=True, related_name="objections", verbose_name=_("异议对象")
    )
    name = models.CharField(_("反映人"), max_length=32)
    phone = EncryptedCharField(_("联系电话"), max_length=20)
    content = models.TextField(_("异议内容"))
    submitted_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    upheld = models.BooleanField(_("异议成立"), null=True, blank=True)  # None: not answered yet
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = verbose_name
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        # No name or phone: this text lands in the audit log and in admin lists.
        return f"异议{self.pk}：{self.content[:20]}"


class ObjectionContact(models.Model):
    """Where the public sends objections to notices (受理单位, phone, address or e-mail), kept by the
    talent office and printed on every public notice. One row: the current contact."""

    department = models.CharField(_("受理部门"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=32)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    hours = models.CharField(_("受理时间"), max_length=64, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("公示异议受理联系方式")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return self.department
