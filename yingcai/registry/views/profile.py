"""我的档案: a talent asks to change their profile; the unit's staff confirm or reject it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.accounts.rules import is_talent_account, is_talent_user
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.forms import add_form_errors
from yingcai.core.lists import paginate
from yingcai.registry.domain import profile_changes as domain
from yingcai.registry.enums import ProfileChangeState
from yingcai.registry.interfaces.forms import ProfileChangeForm, RejectForm
from yingcai.registry.models import ProfileChange, Talent
from yingcai.registry.views.common import require


@login_required
@require_http_methods(["GET", "POST"])
def my_profile_change(request: HttpRequest) -> HttpResponse:
    """The talent's own form; with a request pending it shows that request instead."""
    user = request.user
    if not is_talent_user(user):
        raise PermissionDenied
    talent = get_object_or_404(Talent, pk=user.talent_id)
    require(user, "registry.request_profile_change", talent)
    pending = domain.pending_change(talent)
    if pending is not None:
        return redirect("registry:profile-change-detail", pk=pending.pk)
    form = ProfileChangeForm(request.POST or None, instance=Talent.objects.get(pk=talent.pk))
    if request.method == "GET":
        # The form shows the talent's own phone in full: a view of personal data, logged.
        record(actor=user, action=AuditAction.VIEW_PERSONAL_DATA, target=talent, reason=_("本人信息变更表单"))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in domain.PROFILE_FIELDS}
        try:
            change = domain.request_profile_change(by=user, talent=talent, data=data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("变更申请已提交，待单位确认后生效。"))
            return redirect("registry:profile-change-detail", pk=change.pk)
    return render(request, "registry/profile_change_form.html", {"form": form, "talent": talent, "nav_active": "home"})


@login_required
def profile_change_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "registry.list_profile_changes")
    state = request.GET.get("state") or ProfileChangeState.PENDING
    changes = domain.visible_profile_changes(request.user)
    if state in ProfileChangeState.values:
        changes = changes.filter(state=state)
    listing = paginate(request, changes, sortable={"requested": "requested_at"}, default="-requested")
    return render(
        request,
        "registry/profile_change_list.html",
        {"listing": listing, "state": state, "states": ProfileChangeState.choices, "nav_active": "profile-change"},
    )


@login_required
def profile_change_detail(request: HttpRequest, pk: int, *, reject_form: RejectForm | None = None) -> HttpResponse:
    change = get_object_or_404(ProfileChange.objects.select_related("talent", "unit"), pk=pk)
    require(request.user, "registry.view_profile_change", change)
    can_decide = change.is_pending and request.user.has_perm("registry.decide_profile_change", change)
    return render(
        request,
        "registry/profile_change_detail.html",
        {
            "change": change,
            "changes": _labelled(change),
            "can_decide": can_decide,
            "reject_form": reject_form or (RejectForm() if can_decide else None),
            "nav_active": "home" if is_talent_account(request.user) else "profile-change",
        },
    )


def _labelled(change: ProfileChange) -> list[tuple[str, object, object]]:
    labels = {f.name: f.verbose_name for f in Talent._meta.fields}
    rows = []
    for name, (old, new) in domain.shown_changes(change).items():
        field = Talent._meta.get_field(name)
        if field.choices:
            choices = dict(field.flatchoices)
            old, new = choices.get(old, old), choices.get(new, new)
        rows.append((labels.get(name, name), old, new))
    return rows


@login_required
@require_POST
def profile_change_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ProfileChange, pk=pk)
    require(request.user, "registry.decide_profile_change", change)
    try:
        domain.confirm_profile_change(by=request.user, change=change)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已确认，人才信息已更新。"))
    return redirect("registry:profile-change-detail", pk=pk)


@login_required
@require_POST
def profile_change_reject(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ProfileChange, pk=pk)
    require(request.user, "registry.decide_profile_change", change)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            domain.reject_profile_change(by=request.user, change=change, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("已驳回该变更申请。"))
            return redirect("registry:profile-change-detail", pk=pk)
    return profile_change_detail(request, pk, reject_form=form)
