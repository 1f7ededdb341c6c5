from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.core.uploads import extension_of


class PolicyAttachment(models.Model):
    """A file that belongs to a policy: the signed original, forms, annexes. Served only through
    the download view, which checks that the reader may see the policy."""

    policy = models.ForeignKey(
        "policylib.Policy", models.CASCADE, related_name="attachments", verbose_name=_("所属政策")
    )
    # Stored under a random name (checked by domain.add_attachment); `name` keeps what the user called it.
    file = models.FileField(_("文件"), upload_to="policies/%Y/", max_length=255)
    name = models.CharField(_("附件名称"), max_length=200)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("政策附件")
        verbose_name_plural = verbose_name
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return extension_of(self.file.name)
