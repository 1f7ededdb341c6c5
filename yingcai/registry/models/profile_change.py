from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedJSONField
from yingcai.registry.enums import ProfileChangeState


class ProfileChange(models.Model):
    """A talent's request to change their own profile (我的档案): it takes effect only when the staff
    of the unit they work at (or the talent office, for a talent with no unit) confirm it."""

    talent = models.ForeignKey(
        "registry.Talent", models.CASCADE, related_name="profile_changes", verbose_name=_("人才")
    )
    # The unit that confirms: the talent's unit when asked. None: the talent office confirms.
    unit = models.ForeignKey(
        "registry.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("确认单位")
    )
    # {field: value} asked for and the values they replace; a phone is personal data, so both are
    # stored encrypted. A foreign key is kept as its primary key.
    proposed = EncryptedJSONField(_("申请变更为"), default=dict)
    previous = EncryptedJSONField(_("原信息"), default=dict)
    # The talent's version when asked: a profile edited since is not overwritten by the request.
    base_version = models.PositiveIntegerField(editable=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=ProfileChangeState.choices, default=ProfileChangeState.PENDING
    )
    reason = models.TextField(_("驳回原因"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("人才信息变更申请")
        verbose_name_plural = verbose_name
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["unit", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["talent"],
                condition=models.Q(state=ProfileChangeState.PENDING),
                name="one_pending_profile_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.talent} {self.get_state_display()}"

    @property
    def is_pending(self) -> bool:
        return self.state == ProfileChangeState.PENDING
