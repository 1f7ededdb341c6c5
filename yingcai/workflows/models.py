from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStep(models.Model):
    """One move of a record along its review chain: who moved it, from where to where, and why."""

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    workflow = models.CharField(_("流程"), max_length=64)
    transition = models.CharField(_("操作"), max_length=64)
    transition_label = models.CharField(_("操作"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("经办人"))
    actor_name = models.CharField(_("经办人"), max_length=150)
    actor_scope = models.CharField(_("经办单位"), max_length=128, blank=True)
    reason = models.TextField(_("意见/退回原因"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = verbose_name
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.transition_label}: {self.from_state} → {self.to_state}"
