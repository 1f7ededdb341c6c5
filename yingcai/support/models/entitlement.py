import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedJSONField
from yingcai.policy.enums import SupportKind
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState


class Entitlement(models.Model):
    """One item of support a certified talent is entitled to (免申即享: created on certification).
    Name, kind and amount are copied from the rule version that granted it, which it keeps."""

    certification = models.ForeignKey(
        "certification.Certification", models.PROTECT, related_name="entitlements", verbose_name=_("人才认定")
    )
    talent = models.ForeignKey("registry.Talent", models.PROTECT, related_name="entitlements", verbose_name=_("人才"))
    item = models.ForeignKey("policy.SupportItem", models.PROTECT, related_name="+", verbose_name=_("待遇标准版本"))
    kind = models.CharField(_("待遇类别"), max_length=16, choices=SupportKind.choices)
    name = models.CharField(_("待遇名称"), max_length=64)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    state = models.CharField(_("状态"), max_length=24, choices=EntitlementState.choices)
    # What the talent confirmed (bank account, child's name and grade): personal data, masked in lists,
    # stored encrypted.
    confirmation = EncryptedJSONField(_("本人确认信息"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    stopped_on = models.DateField(_("停止日期"), null=True, blank=True)
    stop_reason = models.TextField(_("停止原因"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic locking

    class Meta:
        verbose_name = _("人才待遇")
        verbose_name_plural = verbose_name
        ordering = ["certification_id", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["certification", "item"], name="one_entitlement_per_item")]
        # The lists' default order (newest first): a page of 20 reads 20 index entries, not every
        # entitlement with its subqueries.
        indexes = [models.Index(fields=["-created_at", "-id"], name="entitlement_newest_first")]

    def __str__(self) -> str:
        return f"{self.talent} {self.name}"


class DecisionTaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date) -> "DecisionTaskQuerySet":
        """Still open after its deadline (the one definition of 超期, as `DecisionTask.is_overdue_on`)."""
        return self.filter(state=TaskState.OPEN, due_on__lt=today)


class DecisionTask(models.Model):
    """A service entitlement waiting on the responsible office (a school place, a spouse's job)."""

    entitlement = models.OneToOneField(Entitlement, models.CASCADE, related_name="task", verbose_name=_("人才待遇"))
    office = models.ForeignKey(
        "registry.Jurisdiction", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("办理部门")
    )
    due_on = models.DateField(
        _("办理期限"),
        null=True,
        blank=True,
        help_text=_("按工作日计算；所在年份的工作日历尚未录入时暂为空，录入后自动补上。"),
    )
    state = models.CharField(_("状态"), max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    outcome = models.TextField(_("办理结果"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("派发时间"), auto_now_add=True)

    objects = DecisionTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("待遇办理任务")
        verbose_name_plural = verbose_name
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return str(self.entitlement)

    def is_overdue_on(self, today: datetime.date) -> bool:
        """Still open after its deadline (a task without one, its work calendar missing, never is)."""
        return self.state == TaskState.OPEN and self.due_on is not None and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        """Overdue today, for the pages."""
        return self.is_overdue_on(timezone.localdate())


class InstalmentQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date) -> "InstalmentQuerySet":
        """Still unpaid after its date (逾期未发; as `Instalment.is_overdue_on`)."""
        return self.filter(state=InstalmentState.SCHEDULED, due_on__lt=today)


class Instalment(models.Model):
    """One scheduled payment of a money entitlement. Instalments add up to the entitlement."""

    entitlement = models.ForeignKey(Entitlement, models.CASCADE, related_name="instalments", verbose_name=_("人才待遇"))
    sequence = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应发日期"))
    amount = models.DecimalField(_("应发金额（元）"), max_digits=12, decimal_places=2)
    state = models.CharField(
        _("状态"), max_length=12, choices=InstalmentState.choices, default=InstalmentState.SCHEDULED
    )

    objects = InstalmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("待遇分期")
        verbose_name_plural = verbose_name
        ordering = ["entitlement", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["entitlement", "sequence"], name="one_instalment_per_sequence"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="instalment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.entitlement} 第{self.sequence}期"

    def is_overdue_on(self, today: datetime.date) -> bool:
        return self.state == InstalmentState.SCHEDULED and self.due_on < today


class Payment(models.Model):
    """A line of the payment register. A payment of an instalment is positive; a mistaken one is
    never edited nor deleted but reversed (冲正) by a negative line that points to it, after which
    the instalment is scheduled again. Sums over the register are the net paid.

    The database holds at most one payment per instalment and attempt (`attempt` counts the
    reversals before it), and at most one reversal per payment, even if the locks were bypassed."""

    instalment = models.ForeignKey(Instalment, models.PROTECT, related_name="payments", verbose_name=_("待遇分期"))
    amount = models.DecimalField(_("实发金额（元）"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("发放日期"))
    voucher = models.CharField(_("凭证号"), max_length=64)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("经办人"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    attempt = models.PositiveSmallIntegerField(_("登记次序"), default=1)
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversal", verbose_name=_("冲正的发放记录")
    )
    reason = models.TextField(_("冲正原因"), blank=True)

    class Meta:
        verbose_name = _("待遇发放记录")
        verbose_name_plural = verbose_name
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True, amount__gt=0)
                | models.Q(reverses__isnull=False, amount__lt=0),
                name="payment_positive_reversal_negative",
            ),
            models.UniqueConstraint(
                fields=["instalment", "attempt"],
                condition=models.Q(reverses__isnull=True),
                name="one_payment_per_instalment_attempt",
            ),
        ]

    def __str__(self) -> str:
        return str(self.instalment)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
