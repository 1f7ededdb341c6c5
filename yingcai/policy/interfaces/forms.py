"""The forms the talent office fills in to publish, confirm and withdraw a policy rule version
(第十四条)."""

import datetime
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.policy.bounds import rule_bounds
from yingcai.policy.domain import YES_NO_UNIT, check_rule_bounds, validate_rule_value
from yingcai.policy.models import PolicyRule

PREVIEW_SALT = "yingcai.policy.rule-preview"
PREVIEW_MAX_AGE = 2 * 60 * 60  # a preview left open longer must be made again


class PublishRuleForm(forms.Form):
    value = forms.DecimalField(label=_("新取值"), max_digits=14, decimal_places=2, min_value=Decimal(0))
    effective_from = forms.DateField(
        label=_("生效日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("新版本自该日起适用，上一版本于前一日失效。早于今天的日期将追溯适用于尚未关账的年度。"),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("本版本的调整依据，如会议纪要或文件号（必填；不沿用上一版本的说明）。"),
        error_messages={
            "required": _("请填写本版本的说明（调整依据，如会议纪要或文件号）；新版本不沿用上一版本的说明。")
        },
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rule: PolicyRule, latest_version: int, **kwargs) -> None:
        """`rule` is the newest published version of the rule being changed; `latest_version` the
        newest version number of any status (a version 待复核 or withdrawn counts)."""
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.latest_version = latest_version
        if rule.unit:
            self.fields["value"].label = _("新取值（%(unit)s）") % {"unit": rule.unit}
        bounds = rule_bounds(rule.key)
        if rule.unit == YES_NO_UNIT:
            self.fields["value"].help_text = _("1 表示是，0 表示否。")
        elif bounds is not None:
            self.fields["value"].help_text = _("允许范围：%(min)s至%(max)s（含本数）。") % {
                "min": f"{bounds.min_value.normalize():f}",
                "max": f"{bounds.max_value.normalize():f}" if bounds.max_value is not None else "—",
            }
        self.fields["based_on"].initial = latest_version
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        self.fields["effective_from"].initial = max(tomorrow, rule.effective_from + datetime.timedelta(days=1))

    def clean_value(self) -> Decimal:
        value = self.cleaned_data["value"]
        try:
            validate_rule_value(self.rule, value)
            check_rule_bounds(self.rule, value)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["value"]) from None
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("based_on") not in (None, self.latest_version):
            raise forms.ValidationError(
                _("该规则已由他人发布或撤回了版本（最新为v%(version)s），本次未发布。请核对最新版本后重新填写。")
                % {"version": self.latest_version}
            )
        return cleaned

    # --- the confirmation step: the preview page posts the same data back with this token --------

    def _payload(self, user) -> dict:
        data = self.cleaned_data
        return {
            "key": self.rule.key,
            "value": f"{Decimal(data['value']).normalize():f}",
            "effective_from": data["effective_from"].isoformat(),
            "note": data["note"].strip(),
            "based_on": data["based_on"],
            "user": user.pk,
        }

    def preview_token(self, user) -> str:
        return signing.dumps(self._payload(user), salt=PREVIEW_SALT)

    def token_matches(self, token: str, user) -> bool:
        """The data posted is the data previewed, by the same user, not long ago."""
        try:
            previewed = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            return False
        return previewed == self._payload(user)


class WithdrawRuleForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写撤回理由。")},
    )
