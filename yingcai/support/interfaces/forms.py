"""Forms of the support pages. They parse input; the domain checks the rules and saves."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.support.domain.confirmation import SPECS


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConfirmationForm(forms.Form):
    """The facts an entitlement needs from the talent; one field per ConfirmField of its rule."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, entitlement, **kwargs) -> None:
        kwargs.setdefault("prefix", f"e{entitlement.pk}")
        super().__init__(*args, **kwargs)
        self.entitlement = entitlement
        self.fields["version"].initial = entitlement.version
        for name in entitlement.item.confirm_fields or []:
            spec = SPECS.get(name)
            if spec is None:
                continue
            # The talent retypes the facts; stored values are never sent back to the browser.
            self.fields[name] = forms.CharField(
                label=spec.label,
                max_length=spec.max_length + 10,
                help_text=spec.help_text,
                widget=forms.TextInput(attrs={"placeholder": spec.placeholder, "autocomplete": "off"}),
            )

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DecisionForm(forms.Form):
    outcome = forms.CharField(
        label=_("办理结果"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("如：安排至市第一实验小学三年级")}),
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("实发金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    paid_on = forms.DateField(label=_("发放日期"), widget=_date_input())
    voucher = forms.CharField(label=_("凭证号"), max_length=64)

    def __init__(self, *args, instalment=None, **kwargs) -> None:
        if instalment is not None:
            kwargs.setdefault("prefix", f"i{instalment.pk}")
            kwargs.setdefault("initial", {"amount": instalment.amount, "paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class LeaveCityForm(forms.Form):
    left_on = forms.DateField(label=_("离开本市日期"), widget=_date_input())
    reason = forms.CharField(label=_("原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))
