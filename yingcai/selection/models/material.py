from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.selection.enums import AchievementKind, MaterialKind


class NominationMaterial(models.Model):
    """A file the experts read with a nomination: the nominee's CV (PDF), a representative
    achievement (论文、专利、成果转化、获奖: title, date, description and its evidence file) or the
    task's 任务书/合同. Stored under a random name, served only through a checked view."""

    nomination = models.ForeignKey(
        "selection.Nomination", models.CASCADE, related_name="materials", verbose_name=_("推荐")
    )
    kind = models.CharField(_("材料类型"), max_length=16, choices=MaterialKind.choices)
    achievement_kind = models.CharField(_("成果类型"), max_length=16, choices=AchievementKind.choices, blank=True)
    title = models.CharField(_("成果名称"), max_length=200, blank=True)
    achieved_on = models.DateField(_("成果日期"), null=True, blank=True)
    description = models.TextField(_("成果简介"), blank=True)
    file = models.FileField(_("文件"), upload_to="selection/materials/%Y/")
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推荐材料")
        verbose_name_plural = verbose_name
        ordering = ["nomination", "kind", "-achieved_on", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.file.name.lower().endswith(".pdf")

    @property
    def label(self) -> str:
        """What the audit log and the pages call it: 论文“…”（file.pdf）, or 个人简历（file.pdf）."""
        if self.kind == MaterialKind.ACHIEVEMENT:
            return f"{self.get_achievement_kind_display()}“{self.title}”（{self.original_name}）"
        return f"{self.get_kind_display()}（{self.original_name}）"
