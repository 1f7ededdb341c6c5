"""The policy rules pages (第十四条): everyone who works with the rules reads the periods and
thresholds in force and how they changed; the talent office publishes new versions."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingcai.policy.domain import (
    MissingRuleError,
    approve_rule_version,
    preview_rule_version,
    publish_rule_version,
    rule_in_force,
    withdraw_rule_version,
)
from yingcai.policy.enums import RuleVersionStatus
from yingcai.policy.interfaces.forms import PublishRuleForm, WithdrawRuleForm
from yingcai.policy.models import PolicyRule


@dataclass
class RuleRow:
    """One rule as the page shows it: the version in force today, any version published to take
    effect later, any version waiting 待复核, and every version newest first."""

    newest: PolicyRule
    in_force: PolicyRule | None
    scheduled: list[PolicyRule] = field(default_factory=list)
    pending: list[PolicyRule] = field(default_factory=list)
    versions: list[PolicyRule] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.newest.key

    @property
    def shown(self) -> PolicyRule:
        return self.in_force or self.newest

    @property
    def latest_version(self) -> int:
        return max(v.version for v in self.versions)

    @property
    def withdrawable(self) -> PolicyRule | None:
        """The one version that may be withdrawn: the newest one not withdrawn, if not in force."""
        live = [v for v in self.versions if v.status != RuleVersionStatus.WITHDRAWN]
        if live and (live[0] in self.scheduled or live[0] in self.pending):
            return live[0]
        return None


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _row(versions: list[PolicyRule], today) -> RuleRow:
    published = [v for v in versions if v.status == RuleVersionStatus.PUBLISHED]
    newest = published[0] if published else versions[0]
    try:
        in_force = rule_in_force(newest.key, today)
    except MissingRuleError:
        in_force = None
    scheduled = [v for v in published if v.effective_from > today]
    pending = [v for v in versions if v.status == RuleVersionStatus.PENDING_REVIEW]
    return RuleRow(newest=newest, in_force=in_force, scheduled=scheduled, pending=pending, versions=versions)


def _versions(**filters) -> list[PolicyRule]:
    return list(
        PolicyRule.objects.select_related("created_by", "approved_by", "withdrawn_by")
        .filter(**filters)
        .order_by("key", "-version")
    )


def _rows(today) -> list[RuleRow]:
    versions: dict[str, list[PolicyRule]] = {}
    for rule in _versions():
        versions.setdefault(rule.key, []).append(rule)
    # In the order the rules were first loaded (the rules file lists them article by article).
    keys = sorted(versions, key=lambda key: versions[key][-1].pk)
    return [_row(versions[key], today) for key in keys]


def _rule_or_404(key: str) -> RuleRow:
    versions = _versions(key=key)
    if not versions:
        raise Http404
    return _row(versions, timezone.localdate())


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "policy.view_rules")
    today = timezone.localdate()
    return render(
        request,
        "policy/rule_list.html",
        {
            "rows": _rows(today),
            "today": today,
            "can_publish": request.user.has_perm("policy.publish_rule"),
            "nav_active": "policy-rules",
        },
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)  # each message lands on its field
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, key: str) -> HttpResponse:
    """Fill in → 预览 (what changes, how many open records it decides differently) → 确认发布.
    The confirmation posts the same data with the preview's token; anything changed meanwhile
    (the data, or the rule: another version published or withdrawn) refuses."""
    _require(request.user, "policy.publish_rule")
    row = _rule_or_404(key)
    today = timezone.localdate()
    form = PublishRuleForm(request.POST or None, rule=row.newest, latest_version=row.latest_version)
    context = {"row": row, "form": form, "today": today, "nav_active": "policy-rules"}
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "by": request.user,
            "key": key,
            "value": data["value"],
            "effective_from": data["effective_from"],
            "note": data["note"],
            "based_on_version": data["based_on"],
        }
        if "confirm" in request.POST:
            if not form.token_matches(request.POST.get("token", ""), request.user):
                form.add_error(None, _("确认的内容与预览不一致或预览已过期，本次未发布。请重新预览后确认。"))
                return render(request, "policy/rule_publish.html", context)
            try:
                rule = publish_rule_version(**arguments)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if rule.status == RuleVersionStatus.PENDING_REVIEW:
                    message = _(
                        "已提交“%(label)s”第%(version)s版（%(date)s起），待另一位市委人才办工作人员复核后生效。"
                    )
                else:
                    message = _("已发布“%(label)s”第%(version)s版，自%(date)s起施行。")
                messages.success(
                    request, message % {"label": rule.label, "version": rule.version, "date": rule.effective_from}
                )
                return redirect(f"{reverse('policy:rules')}#rule-{key}")
        else:
            try:
                preview = preview_rule_version(**arguments, today=today)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                return render(
                    request,
                    "policy/rule_preview.html",
                    {**context, "preview": preview, "token": form.preview_token(request.user)},
                )
    return render(request, "policy/rule_publish.html", context)


def _version_or_404(key: str, version: int) -> PolicyRule:
    rule = PolicyRule.objects.filter(key=key, version=version).first()
    if rule is None:
        raise Http404
    return rule


@login_required
@require_http_methods(["POST"])
def approve(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """A second office user approves a version 待复核 (never its author)."""
    _require(request.user, "policy.publish_rule")
    rule = _version_or_404(key, version)
    try:
        rule = approve_rule_version(by=request.user, rule=rule)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("已复核通过“%(label)s”第%(version)s版，自%(date)s起施行。")
            % {"label": rule.label, "version": rule.version, "date": rule.effective_from},
        )
    return redirect(f"{reverse('policy:rules')}#rule-{key}")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """Withdraw a version not yet in force, with a reason."""
    _require(request.user, "policy.publish_rule")
    rule = _version_or_404(key, version)
    row = _rule_or_404(key)
    form = WithdrawRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_rule_version(by=request.user, rule=rule, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("已撤回“%(label)s”第%(version)s版。") % {"label": rule.label, "version": rule.version}
            )
            return redirect(f"{reverse('policy:rules')}#rule-{key}")
    return render(
        request,
        "policy/rule_withdraw.html",
        {"row": row, "rule": rule, "form": form, "today": timezone.localdate(), "nav_active": "policy-rules"},
    )
