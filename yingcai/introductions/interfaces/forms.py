"""Forms of the introduction pages. They parse and check input; the domain decides and saves."""

from pathlib import Path

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.core.uploads import CONTRACTS, accept_attribute
from yingcai.introductions.domain.channels import CHANNEL_FIELDS, active_channels, is_county_keeper
from yingcai.introductions.domain.declarations import FIELDS, FLEXIBLE_ONLY, FULL_TIME_ONLY
from yingcai.introductions.domain.rule_copy import rule_values
from yingcai.introductions.enums import IntroductionMode, ServiceForm
from yingcai.introductions.models import Channel, Introduction, WorkPeriod
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.registry.domain.queries import current_affiliations
from yingcai.registry.enums import TERRITORIAL_KINDS
from yingcai.registry.interfaces.forms import _DomainModelForm
from yingcai.registry.models import IndustryChain, Jurisdiction, Talent, Unit


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def talents_at(unit_id) -> QuerySet[Talent]:
    """The talents currently working at the unit: the only ones it can declare (第七条)."""
    if not unit_id:
        return Talent.objects.none()
    return Talent.objects.filter(pk__in=current_affiliations().filter(unit_id=unit_id).values("talent")).order_by(
        "name_pinyin", "pk"
    )


class TalentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Talent) -> str:
        # Two people may share a name; the year of birth tells them apart without exposing the ID.
        if not obj.birth_date:
            return obj.name
        return gettext("%(name)s（%(year)s年生）") % {"name": obj.name, "year": obj.birth_date.year}


class _ContractFileMixin:
    """The uploaded contract: None means "keep the stored file", False means "remove it". The
    domain checks a new file by its content (declarations._accept_contract)."""

    def contract_file_data(self, data: dict) -> dict:
        value = data.get("contract_file")
        if value is None:
            data.pop("contract_file", None)
        elif value is False:
            data["contract_file"] = ""
        return data


class IntroductionForm(_ContractFileMixin, _DomainModelForm):
    unit = forms.ModelChoiceField(label=_("引进单位"), queryset=Unit.objects.none())
    talent = TalentChoiceField(
        label=_("人才"),
        queryset=Talent.objects.none(),
        help_text=_("只能选择本单位人才库中在职的人才；未登记的人才请先在人才库登记。"),
    )
    service_forms = forms.MultipleChoiceField(
        label=_("服务方式"), choices=ServiceForm.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Introduction
        fields = FIELDS
        widgets = {
            "mode": forms.RadioSelect,
            "introduced_on": _date_input(),
            "personnel_transferred_on": _date_input(),
            "contract_start": _date_input(),
            "contract_end": _date_input(),
            "agreement_start": _date_input(),
            "agreement_end": _date_input(),
            # Not ClearableFileInput: its link would point at /media/, which is not served; the file
            # is downloaded through the permission-checked contract page.
            "contract_file": forms.FileInput(attrs={"accept": accept_attribute(CONTRACTS)}),
        }
        help_texts = {
            "contract_file": _("提交审核前须上传合同或协议（PDF、OFD、图片或Word，不超过20MB）。"),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The numbers the rules in force say (第七条, 第八条), not the ones they said when this was written.
        values = rule_values()
        self.fields["contract_end"].help_text = (
            _("全职引进的合同期限须为%(years)s年以上（含%(years)s年，第七条）。") % values
        )
        self.fields["agreement_end"].help_text = (
            _("柔性引进人才每年在本单位累计工作不少于%(days)s天（第八条）。") % values
        )
        self.fields["mode"].choices = IntroductionMode.choices
        self.fields["chain"].queryset = IndustryChain.objects.select_related("cluster").order_by("code")
        current = self.instance.channel_id
        self.fields["channel"].queryset = Channel.objects.filter(
            Q(pk__in=active_channels().values("pk")) | Q(pk=current)
        ).select_related("county")
        self.fields["channel"].empty_label = _("无（未经渠道）")
        if self.instance.pk:
            # The talent and the unit of a declaration never change; a new talent is a new record.
            del self.fields["unit"], self.fields["talent"]
            self.fields["version"].initial = self.instance.version
            if self.instance.contract_file:
                self.fields["contract_file"].help_text = gettext(
                    "已上传：%(name)s。重新选择文件将替换已上传的合同。"
                ) % {"name": self.instance.contract_file_name or Path(self.instance.contract_file.name).name}
        else:
            self.fields["mode"].initial = IntroductionMode.FULL_TIME
            if user.role == Role.UNIT:
                del self.fields["unit"]
                unit_id = user.unit_id
            else:
                self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")
                self.fields["talent"].help_text = _("先选择引进单位，再选择该单位人才库中在职的人才。")
                unit_id = self.data.get("unit") or self.initial.get("unit")
                # htmx: choosing a unit reloads the talents that can be declared for it.
                self.fields["unit"].widget.attrs.update(
                    {
                        "hx-get": reverse("introductions:talent-options"),
                        "hx-target": "#id_talent",
                        "hx-trigger": "change",
                    }
                )
            try:
                self.fields["talent"].queryset = talents_at(int(unit_id)) if unit_id else Talent.objects.none()
            except (TypeError, ValueError):
                self.fields["talent"].queryset = Talent.objects.none()

    # The template shows the fields in three groups; only the chosen mode's group is visible.
    def _group(self, names) -> list:
        return [self[name] for name in names if name in self.fields]

    @property
    def common_fields(self) -> list:
        return self._group(["unit", "talent", "mode", "manner", "introduced_on", "channel", "chain"])

    @property
    def full_time_fields(self) -> list:
        return self._group(FULL_TIME_ONLY)

    @property
    def flexible_fields(self) -> list:
        return self._group(FLEXIBLE_ONLY)

    def domain_data(self) -> dict:
        return self.contract_file_data(super().domain_data())


class ChangeToFullTimeForm(_ContractFileMixin, _DomainModelForm):
    """The full-time side of a talent who moves from flexible to full-time (第七条)."""

    class Meta:
        model = Introduction
        fields = ["introduced_on", *FULL_TIME_ONLY]
        labels = {"introduced_on": _("转为全职日期")}
        widgets = {
            "introduced_on": _date_input(),
            "personnel_transferred_on": _date_input(),
            "contract_start": _date_input(),
            "contract_end": _date_input(),
            "contract_file": forms.FileInput(attrs={"accept": accept_attribute(CONTRACTS)}),
        }
        help_texts = IntroductionForm.Meta.help_texts

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("personnel_transferred_on", "transferred_from", "contract_start", "contract_end"):
            self.fields[name].required = True

    def domain_data(self) -> dict:
        return self.contract_file_data(super().domain_data())


class DepartureForm(forms.Form):
    left_on = forms.DateField(label=_("离开日期"), widget=_date_input())
    reason = forms.CharField(label=_("离开原因"), max_length=128, widget=forms.Textarea(attrs={"rows": 3}))
    left_city = forms.BooleanField(label=_("离开本市（停止后续待遇发放）"), required=False)


class WorkPeriodForm(forms.ModelForm):
    class Meta:
        model = WorkPeriod
        fields = ["start", "end", "description"]
        widgets = {
            "start": _date_input(),
            "end": _date_input(),
            "description": forms.TextInput(attrs={"placeholder": _("如：联合攻关尼龙新材料中试")}),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    transition = forms.ChoiceField(choices=[(t.name, t.label) for t in INTRODUCTION_REVIEW.transitions])
    reason = forms.CharField(label=_("意见/退回原因"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseYearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2999)


class ReopenYearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2999)
    reason = forms.CharField(label=_("重新开放的原因"), max_length=255)


class ChannelForm(_DomainModelForm):
    class Meta:
        model = Channel
        fields = CHANNEL_FIELDS
        widgets = {"held_on": _date_input()}
        help_texts = {"county": _("市场主体（猎头、中介、商会）须注明所属县区。")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user.role == Role.TALENT_OFFICE:
            self.fields["county"].queryset = Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)
        elif is_county_keeper(user):
            # A county keeps market bodies of its own county only; the domain fixes both fields.
            del self.fields["kind"], self.fields["county"]
        del self.fields["version"]
