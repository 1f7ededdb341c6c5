from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.core.crypto import EncryptedTextField


class ExportKind(models.TextChoices):
    TALENTS = "talents", _("人才库")
    UNITS = "units", _("用人单位")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在导出")
    DONE = "done", _("导出完成")
    FAILED = "failed", _("导出失败")


class ExportJob(models.Model):
    """One .xlsx export of the registry, written on the task queue so no web request waits for it.

    The file holds masked personal data, which is still personal data: only its creator may
    download it, and it is deleted with the job after 24 hours.
    """

    kind = models.CharField(_("导出内容"), max_length=16, choices=ExportKind.choices)
    # The list's filters as the user had them; applied again, with the user's scope, in the task.
    # Encrypted: a filter may be an ID number or a name searched for (personal data at rest).
    query_string = EncryptedTextField(_("筛选条件"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("导出人"))
    status = models.CharField(_("状态"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已写入行数"), default=0)
    file = models.FileField(_("导出文件"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel导出任务")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(100 * self.processed_rows // self.total_rows, 100)
