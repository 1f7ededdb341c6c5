from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import ChannelKind


class Channel(models.Model):
    """An event, platform, market body or organisation that talents come through (第五条、第九条)."""

    kind = models.CharField(_("渠道类别"), max_length=16, choices=ChannelKind.choices)
    name = models.CharField(_("渠道名称"), max_length=128)
    county = models.ForeignKey(
        "registry.Jurisdiction", models.PROTECT, null=True, blank=True, verbose_name=_("所属县区")
    )
    held_on = models.DateField(_("举办日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("引才渠道")
        verbose_name_plural = verbose_name
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_channel_name")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.name}"
