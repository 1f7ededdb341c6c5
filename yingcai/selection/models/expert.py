from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role


class Expert(models.Model):
    """One member of the expert pool (专家库)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="expert_profile",
        limit_choices_to={"role": Role.EXPERT},
        verbose_name=_("账号"),
    )
    name = models.CharField(_("姓名"), max_length=32)
    employer = models.ForeignKey(
        "registry.Unit", models.PROTECT, null=True, blank=True, related_name="experts", verbose_name=_("工作单位")
    )
    # Kept even when the employer is a registered unit: experts from outside the city are not units here.
    employer_name = models.CharField(_("工作单位名称"), max_length=128, blank=True)
    # The expert's own talent record, when they have one: the 本人 and 共同申请人 回避 rules compare people.
    talent = models.OneToOneField(
        "registry.Talent",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("人才档案"),
    )
    fields = models.ManyToManyField("registry.KeyTechField", blank=True, verbose_name=_("专业领域"))
    chains = models.ManyToManyField("registry.IndustryChain", blank=True, verbose_name=_("熟悉的产业链"))
    title = models.CharField(_("职称/职务"), max_length=64, blank=True)
    is_active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = verbose_name
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def person_key(self) -> str:
        """The person behind the expert, in the namespace the assignment engine compares."""
        return f"talent:{self.talent_id}" if self.talent_id else f"expert:{self.pk}"
