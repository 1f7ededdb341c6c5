from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    """What an Excel import brings in (第十二条: data entered once, bulk import exists)."""

    INTRODUCTIONS = "introductions", _("引进记录")
    WORK_PERIODS = "periods", _("柔性引进人才在岗工作时段")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    VALIDATING = "validating", _("正在校验")
    APPLYING = "applying", _("正在写入")
    SUCCEEDED = "succeeded", _("导入成功")
    FAILED = "failed", _("未导入")


class ImportJob(models.Model):
    """One uploaded workbook and what became of it. Every row is checked first; the rows are
    written all together or not at all, so a job either succeeded with every row or changed nothing.
    """

    kind = models.CharField(_("导入内容"), max_length=16, choices=ImportKind.choices)
    # The upload holds full ID numbers: it is removed once the job has finished.
    file = models.FileField(_("上传文件"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("文件名"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("导入人")
    )
    unit = models.ForeignKey(
        "registry.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入单位"),
        help_text=_("单位用户导入时为其所在单位；市委人才办导入时为空。"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    applied_rows = models.PositiveIntegerField(_("已导入行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    # The worker that claimed the job ("host/pid/token", jobs.WORKER): a worker that starts fails
    # the jobs an earlier worker on its host left unfinished.
    worker = models.CharField(_("处理进程"), max_length=128, blank=True, editable=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("Excel导入任务")
        verbose_name_plural = verbose_name
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "-created_at"]), models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}".strip()

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def refused_rows(self) -> int:
        """How many rows of the file were refused (a refusal of the whole file counts none)."""
        return len({e.get("row") for e in self.errors if e.get("row")})
