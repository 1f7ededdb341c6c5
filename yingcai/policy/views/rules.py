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

from yingcai.policy.domain import MissingRuleError, current_rules, publish_rule_version, rule_in_force
from yingcai.policy.interfaces.forms import PublishRuleForm
from yingcai.policy.models import PolicyRule


@dataclass
class RuleRow:
    """One rule as the page shows it: the version in force today, any version published to take
    effect later, and every version newest first."""

    newest: PolicyRule
    in_force: PolicyRule | None
    scheduled: list[PolicyRule] = field(default_factory=list)
    versions: list[PolicyRule] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.newest.key

    @property
    def shown(self) -> PolicyRule:
        return self.in_force or self.newest


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _row(newest: PolicyRule, versions: list[PolicyRule], today) -> RuleRow:
    try:
        in_force = rule_in_force(newest.key, today)
    except MissingRuleError:
        in_force = None
    scheduled = [v for v in versions if v.effective_from > today]
    return RuleRow(newest=newest, in_force=in_force, scheduled=scheduled, versions=versions)


def _rows(today) -> list[RuleRow]:
    versions: dict[str, list[PolicyRule]] = {}
    for rule in PolicyRule.objects.select_related("created_by").order_by("key", "-version"):
        versions.setdefault(rule.key, []).append(rule)
    # In the order the rules were first loaded (the rules file lists them article by article).
    newest = sorted(current_rules(), key=lambda rule: versions[rule.key][-1].pk)
    return [_row(rule, versions[rule.key], today) for rule in newest]


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


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, key: str) -> HttpResponse:
    _require(request.user, "policy.publish_rule")
    versions = list(PolicyRule.objects.select_related("created_by").filter(key=key).order_by("-version"))
    if not versions:
        raise Http404
    today = timezone.localdate()
    row = _row(versions[0], versions, today)
    form = PublishRuleForm(request.POST or None, rule=row.newest)
    if request.method == "POST" and form.is_valid():
        try:
            rule = publish_rule_version(
                by=request.user,
                key=key,
                value=form.cleaned_data["value"],
                effective_from=form.cleaned_data["effective_from"],
                note=form.cleaned_data["note"],
                based_on_version=form.cleaned_data["based_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                form.add_error(None, error)  # each message lands on its field
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("已发布“%(label)s”第%(version)s版，自%(date)s起施行。")
                % {"label": rule.label, "version": rule.version, "date": rule.effective_from},
            )
            return redirect(f"{reverse('policy:rules')}#rule-{key}")
    return render(
        request,
        "policy/rule_publish.html",
        {"row": row, "form": form, "today": today, "nav_active": "policy-rules"},
    )
