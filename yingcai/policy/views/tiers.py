"""The tiers and support items pages (第十三条, 第十四条): everyone who works with the rules reads
the versions in force and their history; the talent office publishes, adds and retires."""

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

from yingcai.core.forms import add_form_errors
from yingcai.policy.interfaces.tier_forms import (
    NewSupportItemForm,
    NewTierForm,
    RetireSupportItemForm,
    SupportItemForm,
    TierForm,
)
from yingcai.policy.models import SupportItem, TalentTier
from yingcai.policy.tiers import (
    create_support_item,
    create_tier,
    publish_support_item_version,
    publish_tier_version,
    retire_support_item,
)

NAV = "policy-tiers"


@dataclass
class VersionRow:
    """One tier or support item as the page shows it: the version in force on the day, versions
    published to take effect later, and every version newest first."""

    code: str
    versions: list
    in_force: object | None = None
    scheduled: list = field(default_factory=list)

    @property
    def newest(self):
        return self.versions[0]

    @property
    def shown(self):
        return self.in_force or self.newest

    @property
    def retired(self) -> bool:
        return self.in_force is None and not self.scheduled


def _rows(versions, today) -> list[VersionRow]:
    by_code: dict[str, VersionRow] = {}
    for version in versions:  # newest first per code
        row = by_code.setdefault(version.code, VersionRow(code=version.code, versions=[]))
        row.versions.append(version)
        covers = version.effective_from <= today and (version.effective_to is None or version.effective_to >= today)
        if covers and row.in_force is None:
            row.in_force = version
        if version.effective_from > today:
            row.scheduled.append(version)
    return list(by_code.values())


@dataclass
class TierSection:
    tier: VersionRow
    items: list[VersionRow]


def _sections(today) -> list[TierSection]:
    tiers = _rows(TalentTier.objects.select_related("created_by").order_by("code", "-version"), today)
    items = _rows(
        SupportItem.objects.select_related("created_by", "responsible_office").order_by("code", "-version"), today
    )
    items_by_tier: dict[str, list[VersionRow]] = {}
    kinds = ["housing", "award", "spouse", "school", "medical"]
    for row in sorted(items, key=lambda r: (kinds.index(r.shown.kind) if r.shown.kind in kinds else 9, r.code)):
        items_by_tier.setdefault(row.newest.tier_code, []).append(row)
    tiers.sort(key=lambda row: (row.shown.rank, row.code))
    return [TierSection(tier=row, items=items_by_tier.get(row.code, [])) for row in tiers]


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
def tier_list(request: HttpRequest) -> HttpResponse:
    _require(request.user, "policy.view_rules")
    today = timezone.localdate()
    sections = _sections(today)
    return render(
        request,
        "policy/tier_list.html",
        {
            "sections": sections,
            "today": today,
            "any_example": any(s.tier.shown.is_example for s in sections),
            "can_publish": request.user.has_perm("policy.publish_rule"),
            "nav_active": NAV,
        },
    )


def _versions_of(model, code: str) -> list:
    related = ["created_by"] + (["responsible_office"] if model is SupportItem else [])
    versions = list(model.objects.select_related(*related).filter(code=code).order_by("-version"))
    if not versions:
        raise Http404
    return versions


def _publish(request: HttpRequest, *, model, code: str, form_class, publish, kind: str) -> HttpResponse:
    """Publish a new version of a tier or a support item: one form page for both."""
    _require(request.user, "policy.publish_rule")
    today = timezone.localdate()
    row = _rows(_versions_of(model, code), today)[0]
    form = form_class(request.POST or None, **{kind: row.newest})
    if request.method == "POST" and form.is_valid():
        try:
            published = publish(
                by=request.user,
                code=code,
                values=form.values(),
                effective_from=form.cleaned_data["effective_from"],
                based_on_version=form.cleaned_data["based_on"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("已发布“%(what)s”第%(version)s版，自%(date)s起施行。")
                % {"what": published, "version": published.version, "date": published.effective_from},
            )
            return redirect(f"{reverse('policy:tiers')}#{kind}-{code}")
    return render(
        request,
        "policy/tier_form.html",
        {"row": row, "form": form, "kind": kind, "today": today, "nav_active": NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish_tier(request: HttpRequest, code: str) -> HttpResponse:
    return _publish(
        request, model=TalentTier, code=code, form_class=TierForm, publish=publish_tier_version, kind="tier"
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_tier(request: HttpRequest) -> HttpResponse:
    _require(request.user, "policy.publish_rule")
    form = NewTierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            values = form.values()
            tier = create_tier(by=request.user, values=values, effective_from=form.cleaned_data["effective_from"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("已新增人才层次“%(tier)s”。") % {"tier": tier})
            return redirect(f"{reverse('policy:tiers')}#tier-{tier.code}")
    return render(request, "policy/tier_form.html", {"row": None, "form": form, "kind": "tier", "nav_active": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def publish_item(request: HttpRequest, code: str) -> HttpResponse:
    return _publish(
        request,
        model=SupportItem,
        code=code,
        form_class=SupportItemForm,
        publish=publish_support_item_version,
        kind="item",
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_item(request: HttpRequest) -> HttpResponse:
    _require(request.user, "policy.publish_rule")
    today = timezone.localdate()
    tiers = [row.shown for row in _rows(TalentTier.objects.order_by("code", "-version"), today)]
    tiers.sort(key=lambda t: (t.rank, t.code))
    form = NewSupportItemForm(request.POST or None, tiers=tiers, initial={"tier_code": request.GET.get("tier", "")})
    if request.method == "POST" and form.is_valid():
        try:
            item = create_support_item(
                by=request.user, values=form.values(), effective_from=form.cleaned_data["effective_from"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("已新增待遇“%(item)s”。") % {"item": item})
            return redirect(f"{reverse('policy:tiers')}#item-{item.code}")
    return render(request, "policy/tier_form.html", {"row": None, "form": form, "kind": "item", "nav_active": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def retire_item(request: HttpRequest, code: str) -> HttpResponse:
    _require(request.user, "policy.publish_rule")
    today = timezone.localdate()
    row = _rows(_versions_of(SupportItem, code), today)[0]
    form = RetireSupportItemForm(request.POST or None, initial={"effective_to": today})
    if request.method == "POST" and form.is_valid():
        try:
            item = retire_support_item(
                by=request.user,
                code=code,
                effective_to=form.cleaned_data["effective_to"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("“%(item)s”自%(date)s后停止执行。") % {"item": item, "date": item.effective_to})
            return redirect(f"{reverse('policy:tiers')}#item-{code}")
    return render(
        request,
        "policy/tier_form.html",
        {"row": row, "form": form, "kind": "retire", "today": today, "nav_active": NAV},
    )
