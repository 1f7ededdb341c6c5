"""The form the talent office fills in to publish a new version of a policy rule (第十四条)."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.policy.domain import YES_NO_UNIT, validate_rule_value
from yingcai.policy.models import PolicyRule


class PublishRuleForm(forms.Form):
    value = forms.DecimalField(label=_("新取值"), max_digits=14, decimal_places=2, min_value=Decimal(0))
    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("新版本自该日起适用，上一版本于前一日失效。早于今天的日期将追溯适用于尚未关账的年度。"),
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("调整依据，如会议纪要或文件号；留空则沿用上一版本的说明。"),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rule: PolicyRule, **kwargs) -> None:
        """`rule` is the newest version of the rule being changed."""
        super().__init__(*args, **kwargs)
        self.rule = rule
        if rule.unit:
            self.fields["value"].label = _("新取值（%(unit)s）") % {"unit": rule.unit}
        if rule.unit == YES_NO_UNIT:
            self.fields["value"].help_text = _("1 表示是，0 表示否。")
        self.fields["based_on"].initial = rule.version
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        self.fields["effective_from"].initial = max(tomorrow, rule.effective_from + datetime.timedelta(days=1))

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        try:
            validate_rule_value(self.rule, value)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["value"]) from None
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("based_on") not in (None, self.rule.version):
            raise forms.ValidationError(
                _("该规则已由他人发布了新版本（v%(version)s），本次未发布。请核对最新版本后重新填写。")
                % {"version": self.rule.version}
            )
        return cleaned
