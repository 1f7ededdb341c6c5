from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.registry.domain.talents import TALENT_FIELDS
from yingcai.registry.domain.units import UNIT_FIELDS, editable_unit_fields
from yingcai.registry.enums import TERRITORIAL_KINDS, JurisdictionKind
from yingcai.registry.models import Jurisdiction, Talent, Unit


class _DomainModelForm(forms.ModelForm):
    """A form that only parses and checks input; the domain function saves. Uniqueness is the
    domain's to judge, because it must say "already registered" without revealing the record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def validate_unique(self) -> None:
        pass

    def domain_data(self) -> dict:
        # Only the fields this form shows for this user: a hidden field is not a field to clear.
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields and k in self._meta.fields}


class UnitForm(_DomainModelForm):
    class Meta:
        model = Unit
        fields = UNIT_FIELDS
        widgets = {
            "credit_code": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
            "clusters": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "chains": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "tech_fields": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "dissolved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)
        self.fields["department"].queryset = Jurisdiction.objects.filter(
            kind=JurisdictionKind.DEPARTMENT, is_active=True
        )
        allowed = set(editable_unit_fields(user))
        for name in list(self.fields):
            if name != "version" and name not in allowed:
                del self.fields[name]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class TalentForm(_DomainModelForm):
    position = forms.CharField(label=_("职务/岗位"), max_length=64, required=False)

    class Meta:
        model = Talent
        fields = TALENT_FIELDS
        widgets = {"id_number": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18})}
        help_texts = {"id_number": _("出生日期与性别由身份号码自动读取。")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["position"]
            self.fields["version"].initial = self.instance.version


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}))


class ProfileChangeForm(forms.ModelForm):
    """What a talent may change about themselves (我的档案); the domain checks and keeps it pending."""

    class Meta:
        model = Talent
        fields = ["phone", "email", "specialty", "tech_field", "education", "title"]

    def validate_unique(self) -> None:
        pass


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("驳回原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))
