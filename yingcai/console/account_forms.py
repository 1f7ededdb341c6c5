"""Forms of the system administrator's account pages. They only parse input; the rules are in
yingcai/accounts/domain/accounts.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.domain.accounts import BUSINESS_ROLES
from yingcai.accounts.enums import Role
from yingcai.registry.models import Jurisdiction, Talent, Unit


class AccountForm(forms.Form):
    username = forms.CharField(label=_("登录名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=32)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=[(r.value, r.label) for r in BUSINESS_ROLES])
    jurisdiction = forms.ModelChoiceField(
        label=_("所属县区/主管部门"),
        queryset=Jurisdiction.objects.filter(is_active=True).order_by("sort_order", "name"),
        required=False,
        help_text=_("角色为主管部门/县区时必填。"),
    )
    unit = forms.ModelChoiceField(
        label=_("所属单位（统一社会信用代码）"),
        queryset=Unit.objects.all(),
        to_field_name="credit_code",
        widget=forms.TextInput,
        required=False,
        help_text=_("角色为用人单位时必填。"),
        error_messages={"invalid_choice": _("未找到该统一社会信用代码对应的单位。")},
    )
    talent = forms.ModelChoiceField(
        label=_("本人人才档案（档案编号）"),
        queryset=Talent.objects.all(),
        widget=forms.NumberInput,
        required=False,
        help_text=_("角色为人才时必填：由人才办或所在单位提供的人才档案编号。"),
        error_messages={"invalid_choice": _("未找到该编号的人才档案。")},
    )

    def __init__(self, *args, account=None, **kwargs) -> None:
        if account is not None:
            kwargs.setdefault(
                "initial",
                {
                    "username": account.username,
                    "full_name": account.full_name,
                    "email": account.email,
                    "role": account.role,
                    "jurisdiction": account.jurisdiction,
                    "unit": account.unit.credit_code if account.unit_id else "",
                    "talent": account.talent_id,
                },
            )
        super().__init__(*args, **kwargs)
        if account is not None:
            self.fields["username"].disabled = True
            self.fields["reason"] = forms.CharField(label=_("变更原因"), max_length=255, required=False)

    def domain_data(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "email": data["email"],
            "role": data["role"],
            "jurisdiction": data["jurisdiction"],
            "unit": data["unit"],
            "talent": data["talent"],
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255)


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("登录名/姓名"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=[("", _("全部")), *Role.choices], required=False)
    active = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), ("1", _("在用")), ("0", _("已停用"))], required=False
    )
