from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import IntroductionManner, IntroductionMode, IntroductionState


class Introduction(models.Model):
    """A unit's declaration that it brought a talent in (引进记录, 第七条–第八条).

    A change of mode (flexible → full-time) or a departure is a new event: the old record is ended,
    never rewritten, so the talent's history stays whole.
    """

    talent = models.ForeignKey("registry.Talent", models.PROTECT, related_name="introductions", verbose_name=_("人才"))
    unit = models.ForeignKey("registry.Unit", models.PROTECT, related_name="introductions", verbose_name=_("引进单位"))
    mode = models.CharField(_("引进方式"), max_length=16, choices=IntroductionMode.choices)
    manner = models.CharField(_("引进形式"), max_length=16, choices=IntroductionManner.choices)
    introduced_on = models.DateField(_("引进日期"))
    channel = models.ForeignKey(
        "introductions.Channel", models.PROTECT, null=True, blank=True, verbose_name=_("引才渠道")
    )
    chain = models.ForeignKey(
        "registry.IndustryChain", models.PROTECT, null=True, blank=True, verbose_name=_("服务产业链")
    )
    # 全职引进: personnel relation moved into the city, and a contract of 3 years or more.
    personnel_transferred_on = models.DateField(_("人事关系转入日期"), null=True, blank=True)
    transferred_from = models.CharField(_("人事关系转出单位/地区"), max_length=128, blank=True)
    contract_start = models.DateField(_("合同起始日期"), null=True, blank=True)
    contract_end = models.DateField(_("合同终止日期"), null=True, blank=True)
    # Stored under a random name (declarations._apply); the name the unit gave the file is kept
    # beside it for the page and the download.
    contract_file = models.FileField(_("合同/协议文件"), upload_to="introductions/contracts/%Y/", blank=True)
    contract_file_name = models.CharField(_("合同文件名"), max_length=255, blank=True, editable=False)
    # 柔性引进: no transfer; serves through project cooperation, consulting or part-time service.
    service_forms = models.JSONField(_("服务方式"), default=list, blank=True)
    agreement_start = models.DateField(_("协议起始日期"), null=True, blank=True)
    agreement_end = models.DateField(_("协议终止日期"), null=True, blank=True)
    # The decision on the contract period and the rule version that made it.
    contract_rule = models.ForeignKey(
        "policy.PolicyRule", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("适用规则")
    )
    decision_note = models.CharField(_("判定说明"), max_length=255, blank=True)
    state = models.CharField(
        _("审核状态"), max_length=16, choices=IntroductionState.choices, default=IntroductionState.DRAFT
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=128, blank=True)
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by", verbose_name=_("接续的引进记录")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("引进记录")
        verbose_name_plural = verbose_name
        ordering = ["-introduced_on", "-id"]
        indexes = [
            models.Index(fields=["mode", "state"]),
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["introduced_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.talent}·{self.get_mode_display()}·{self.unit}"

    @property
    def is_flexible(self) -> bool:
        return self.mode == IntroductionMode.FLEXIBLE

    @property
    def service_form_labels(self) -> list[str]:
        from yingcai.introductions.enums import ServiceForm

        return [str(ServiceForm(f).label) for f in self.service_forms]
