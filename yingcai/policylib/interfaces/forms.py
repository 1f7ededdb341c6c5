from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.core.uploads import DOCUMENTS, MB, accept_attribute, describe
from yingcai.policylib.domain import MAX_ATTACHMENT_BYTES
from yingcai.policylib.enums import PolicyCategory
from yingcai.policylib.models import Policy
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import Jurisdiction


def policy_regions():
    """Counties, districts, zones and departments; the city itself is "no region"."""
    return Jurisdiction.objects.filter(is_active=True).exclude(kind=JurisdictionKind.CITY)


class PolicyForm(forms.ModelForm):
    """Parses and checks input; the domain saves and decides what this user may set."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Policy
        fields = ["title", "issuer", "document_number", "issued_on", "effective_on", "region", "category", "full_text"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "full_text": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {"full_text": _("每段一行；“第X章”“第X条”开头的段落会显示为章、条。")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user.role == Role.JURISDICTION:
            # County and department staff file policies under their own jurisdiction only.
            del self.fields["region"]
        else:
            self.fields["region"].queryset = policy_regions()
            self.fields["region"].empty_label = _("全市（市级政策）")
        self.fields["category"].choices = [("", _("请选择")), *PolicyCategory.choices]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.fields and k in self._meta.fields}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        # Checked by its content in domain.add_attachment.
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(DOCUMENTS)}),
    )
    name = forms.CharField(label=_("附件名称"), max_length=200, required=False, help_text=_("留空则使用文件名。"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("支持 %(kinds)s，单个文件不超过 %(limit)s MB。") % {
            "kinds": describe(DOCUMENTS),
            "limit": MAX_ATTACHMENT_BYTES // MB,
        }


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 3}))
