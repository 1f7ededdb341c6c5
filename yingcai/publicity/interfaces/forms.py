"""Forms of the publicity pages. They parse input; the domain checks and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.publicity.domain import MAX_OBJECTION_LENGTH
from yingcai.publicity.models import ObjectionContact, Publicity, PublicityEntry


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PublicityEntry) -> str:
        return f"{obj.position}. {obj.name}（{obj.unit_name}）"


class ObjectionForm(forms.Form):
    """The public's objection. `website` is a honeypot: people do not see it, robots fill it in."""

    entry = EntryChoiceField(
        label=_("异议对象"),
        queryset=PublicityEntry.objects.none(),
        required=False,
        empty_label=_("针对整个公示名单"),
    )
    name = forms.CharField(label=_("反映人姓名"), max_length=32)
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        help_text=_("手机号码或带区号的固定电话，仅供市委人才办核实、答复，不公开。"),
    )
    content = forms.CharField(
        label=_("异议内容"),
        max_length=MAX_OBJECTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("请写明具体事实和可供核实的线索。"),
    )
    website = forms.CharField(
        label=_("网址（请勿填写）"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, publicity: Publicity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = publicity.entries.all()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("核实结论"),
        choices=[("0", _("异议不成立")), ("1", _("异议成立，该对象不予通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    entry = EntryChoiceField(label=_("所涉公示对象"), queryset=PublicityEntry.objects.none(), required=False)
    answer = forms.CharField(label=_("答复意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, publicity: Publicity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = publicity.entries.all()


class ContactForm(forms.ModelForm):
    """The contact for objections; the domain checks the phone and saves (update_objection_contact)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ObjectionContact
        fields = ["department", "phone", "address", "email", "hours"]
        help_texts = {
            "phone": _("手机号码或带区号的固定电话，如0375-2345678。"),
            "hours": _("如“工作日 8:30–12:00，15:00–18:00”。"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def _post_clean(self) -> None:
        pass  # the domain checks and saves
