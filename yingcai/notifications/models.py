from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message in a user's in-app inbox (also sent by e-mail when the user has an address)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("接收人")
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    kind = models.CharField(_("类别"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    # The event this message tells of, where one event must reach a person once only (a reminder
    # job run twice, a retried task): `notify(once=...)`. Blank for messages that may repeat.
    once_key = models.CharField(_("事件标识"), max_length=200, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"], condition=~models.Q(once_key=""), name="notification_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return self.title
