"""The forms the talent office fills in to publish, add and retire tiers and support items
(第十三条, 第十四条). The checks live in `yingcai.policy.tiers`; these only collect the values."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.policy.enums import ConfirmField, SupportKind
from yingcai.policy.models import SupportItem, TalentTier
from yingcai.registry.enums import Education, JurisdictionKind, ProfessionalTitle
from yingcai.registry.models import Jurisdiction

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _next_day(after: datetime.date | None) -> datetime.date:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return max(tomorrow, after + datetime.timedelta(days=1)) if after else tomorrow


class _SourceFields(forms.Form):
    """What every version carries: where it comes from, from when, why."""

    article = forms.CharField(label=_("依据条款"), max_length=32, help_text=_("如：第十三条、认定标准"))
    document = forms.CharField(label=_("依据文件"), max_length=128, help_text=_("如：平人才〔2024〕2号"))
    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=DATE_WIDGET,
        help_text=_("新版本自该日起适用，上一版本于前一日失效；此前作出的认定和待遇仍按原版本执行。"),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("调整依据，如会议纪要或文件号。"),
    )
    is_example = forms.BooleanField(
        label=_("示例数据（尚未按正式文件核定）"), required=False, help_text=_("核定为正式文件的取值后取消勾选。")
    )


class TierForm(_SourceFields):
    name = forms.CharField(label=_("层次名称"), max_length=64)
    rank = forms.IntegerField(label=_("排序"), min_value=1, help_text=_("1 为最高层次"))
    max_age = forms.IntegerField(
        label=_("年龄上限（周岁，含）"), required=False, help_text=_("按评估日的周岁计算；留空表示不限。")
    )
    min_education = forms.ChoiceField(
        label=_("最低学历"), required=False, choices=[("", _("不限")), *list(Education.choices)]
    )
    min_title = forms.ChoiceField(
        label=_("最低职称"),
        required=False,
        choices=[("", _("不限"))] + [c for c in ProfessionalTitle.choices if c[0] != ProfessionalTitle.NONE],
    )
    honours = forms.CharField(
        label=_("符合其一的荣誉称号或入选计划"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；具有其中任一项即符合；留空表示不要求。"),
    )
    qualifications = forms.CharField(
        label=_("认定条件（文字说明）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("供审核人员参照的其他条件。"),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "name",
        "rank",
        "max_age",
        "min_education",
        "min_title",
        "honours",
        "qualifications",
        "article",
        "document",
        "effective_from",
        "is_example",
        "note",
    ]

    def __init__(self, *args, tier: TalentTier | None = None, **kwargs) -> None:
        """`tier` is the newest version when publishing a new one; None when adding a tier."""
        super().__init__(*args, **kwargs)
        if tier is not None:
            for name in (
                "name",
                "rank",
                "max_age",
                "min_education",
                "min_title",
                "qualifications",
                "article",
                "document",
                "is_example",
            ):
                self.fields[name].initial = getattr(tier, name)
            self.fields["honours"].initial = "\n".join(tier.honours)
            self.fields["based_on"].initial = tier.version
            self.fields["effective_from"].initial = _next_day(tier.effective_from)
        else:
            self.fields["effective_from"].initial = _next_day(None)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("effective_from", None)
        data.pop("based_on", None)
        data["honours"] = (data.get("honours") or "").splitlines()
        return data


class NewTierForm(TierForm):
    code = forms.CharField(label=_("层次代码"), max_length=8, help_text=_("字母或数字，如 F。"))
    field_order = ["code", *TierForm.field_order]


def _departments():
    return Jurisdiction.objects.filter(kind=JurisdictionKind.DEPARTMENT, is_active=True).order_by("sort_order", "name")


class SupportItemForm(_SourceFields):
    kind = forms.ChoiceField(label=_("待遇类别"), choices=SupportKind.choices)
    name = forms.CharField(label=_("待遇名称"), max_length=64)
    amount = forms.DecimalField(
        label=_("金额（元，合计）"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("按分期数平均发放的合计金额；服务类待遇（如人才公寓、子女入学）留空。"),
    )
    instalments = forms.IntegerField(label=_("分期数"), min_value=1, initial=1)
    interval_months = forms.IntegerField(label=_("分期间隔（月）"), min_value=0, initial=12)
    needs_decision = forms.BooleanField(
        label=_("需主管部门办理"), required=False, help_text=_("如子女入学、配偶安置：认定后作为待办交办理部门。")
    )
    responsible_office = forms.ModelChoiceField(
        label=_("办理部门"), queryset=Jurisdiction.objects.none(), required=False, empty_label=_("无")
    )
    decision_working_days = forms.IntegerField(
        label=_("办理时限（工作日）"), required=False, min_value=1, help_text=_("按法定节假日及调休安排计算。")
    )
    confirm_fields = forms.MultipleChoiceField(
        label=_("需本人确认的信息"),
        required=False,
        choices=ConfirmField.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "kind",
        "name",
        "amount",
        "instalments",
        "interval_months",
        "needs_decision",
        "responsible_office",
        "decision_working_days",
        "confirm_fields",
        "article",
        "document",
        "effective_from",
        "is_example",
        "note",
    ]

    def __init__(self, *args, item: SupportItem | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_office"].queryset = _departments()
        if item is not None:
            for name in (
                "kind",
                "name",
                "amount",
                "instalments",
                "interval_months",
                "needs_decision",
                "decision_working_days",
                "confirm_fields",
                "article",
                "document",
                "is_example",
            ):
                self.fields[name].initial = getattr(item, name)
            self.fields["responsible_office"].initial = item.responsible_office_id
            self.fields["based_on"].initial = item.version
            self.fields["effective_from"].initial = _next_day(item.effective_from)
        else:
            self.fields["effective_from"].initial = _next_day(None)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("effective_from", None)
        data.pop("based_on", None)
        return data


class NewSupportItemForm(SupportItemForm):
    tier_code = forms.ChoiceField(label=_("适用层次"))
    code = forms.CharField(
        label=_("待遇代码"), max_length=48, help_text=_("字母、数字或“._-”，建议以层次代码开头，如 E.kindergarten。")
    )
    field_order = ["tier_code", "code", *SupportItemForm.field_order]

    def __init__(self, *args, tiers: list[TalentTier], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier_code"].choices = [(t.code, str(t)) for t in tiers]
        self.fields["article"].initial = "第十三条"


class RetireSupportItemForm(forms.Form):
    effective_to = forms.DateField(
        label=_("停止日期（最后一日）"),
        widget=DATE_WIDGET,
        help_text=_("该日之后认定的人才不再享受此项待遇；已生成的待遇按原版本继续执行。"),
    )
    note = forms.CharField(label=_("停止原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))
