"""Pages of the nominations: the list (a unit's own, the office's across units), nominating, the
detail with the formal check and its timeline, the correction of a returned nomination."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.accounts.enums import Role
from yingcai.audit.domain import history_of
from yingcai.core.lists import paginate
from yingcai.registry.views.common import add_domain_errors, require
from yingcai.selection.domain import nominations as domain
from yingcai.selection.domain.queries import visible_nominations
from yingcai.selection.enums import NominationState, RoundState
from yingcai.selection.interfaces.filters import NominationFilter
from yingcai.selection.interfaces.forms import CheckForm, NominationForm
from yingcai.selection.models import Nomination
from yingcai.selection.workflow import NOMINATION_CHECK
from yingcai.workflows.engine import steps_of

NAV = "selection-nominations"
SORTS = {
    "talent": "talent__name_pinyin",
    "unit": "unit__name",
    "round": "round__year",
    "state": "state",
    "created": "created_at",
    "rank": "final_rank",
}


def visible_nomination(request: HttpRequest, pk: int, perm: str = "selection.view_nomination") -> Nomination:
    nomination = get_object_or_404(
        visible_nominations(request.user).select_related(
            "round", "talent", "unit", "field", "chain", "rule", "created_by"
        ),
        pk=pk,
    )
    require(request.user, perm, nomination)
    return nomination


@login_required
@require_GET
def nomination_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "selection.list_nominations")
    nomination_filter = NominationFilter(request.GET, queryset=visible_nominations(request.user), request=request)
    listing = paginate(
        request,
        nomination_filter.qs.select_related("round", "talent", "unit"),
        sortable=SORTS,
        default="-created",
    )
    return render(
        request,
        "selection/nomination_list.html",
        {
            "filter": nomination_filter,
            "listing": listing,
            "can_nominate": request.user.role == Role.UNIT,
            "nav_active": NAV,
        },
    )


def _eligibility_preview(form: NominationForm) -> domain.Eligibility | None:
    """The 第三条 verdict of what was typed, shown next to the form."""
    level, role = form.data.get("task_level"), form.data.get("nominee_role")
    if not (level and role):
        return None
    try:
        return domain.check_eligibility(task_level=level, nominee_role=role)
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "selection.list_nominations")
    if user.role != Role.UNIT:  # units nominate their own talents; the office checks
        return redirect("selection:nomination-list")
    initial = {}
    if request.GET.get("round", "").isdigit():
        initial["round"] = int(request.GET["round"])
    form = NominationForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = domain.nominate(
                by=user,
                round=form.cleaned_data["round"],
                talent=form.cleaned_data["talent"],
                unit=user.unit,
                **{k: v for k, v in form.domain_data().items()},
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "selection:nomination-detail", "selection.view_nomination")
        else:
            messages.success(request, _("推荐已提交，等待市委人才办形式审查。"))
            return redirect("selection:nomination-detail", pk=nomination.pk)
    return render(
        request,
        "selection/nomination_form.html",
        {
            "form": form,
            "eligibility": _eligibility_preview(form) if request.method == "POST" else None,
            "open_rounds": form.fields["round"].queryset.exists(),
            "nav_active": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request, pk, "selection.edit_nomination")
    form = NominationForm(request.POST or None, instance=nomination, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_nomination(
                by=request.user,
                nomination=nomination,
                data=form.domain_data(),
                version=form.cleaned_data.get("version"),
                on=timezone.localdate(),
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "selection:nomination-detail", "selection.view_nomination")
        else:
            messages.success(request, _("推荐材料已修改。"))
            return redirect("selection:nomination-detail", pk=nomination.pk)
    return render(
        request,
        "selection/nomination_form.html",
        {
            "form": form,
            "nomination": nomination,
            "editable": _editable(nomination),
            "eligibility": _eligibility_preview(form) if request.method == "POST" else None,
            "nav_active": NAV,
        },
    )


def _editable(nomination: Nomination) -> bool:
    return not domain.correction_blocker(nomination, timezone.localdate())


@login_required
@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request, pk)
    user = request.user
    today = timezone.localdate()
    transitions = [
        t
        for t in NOMINATION_CHECK.available(user, nomination)
        if not (t.name == "withdraw" and not domain.can_withdraw_on(nomination, today))
        and not (t.name == "return" and nomination.round.state != RoundState.OPEN)
        and not (t.name == "resubmit" and domain.correction_blocker(nomination, today))
    ]
    steps = [(step, NOMINATION_CHECK.label_of(step.to_state)) for step in steps_of(nomination)]
    is_expert = user.role == Role.EXPERT
    return render(
        request,
        "selection/nomination_detail.html",
        {
            "nomination": nomination,
            "co_applicants": list(nomination.co_applicants.all()),
            "transitions": transitions,
            "steps": steps,
            "can_edit": user.has_perm("selection.edit_nomination", nomination) and _editable(nomination),
            "returned": nomination.state == NominationState.RETURNED,
            "show_outcome": not is_expert,
            "history": history_of(nomination)[:50] if user.has_perm("selection.manage_round") else None,
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def nomination_check(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = visible_nomination(request, pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("未知的审查操作。"))
    name, reason = form.cleaned_data["transition"], form.cleaned_data["reason"]
    actions = {
        "accept": lambda: domain.accept_nomination(by=request.user, nomination=nomination, reason=reason),
        "return": lambda: domain.return_nomination(by=request.user, nomination=nomination, reason=reason),
        "resubmit": lambda: domain.resubmit_nomination(by=request.user, nomination=nomination),
        "withdraw": lambda: domain.withdraw_nomination(by=request.user, nomination=nomination, reason=reason),
    }
    try:
        actions[name]()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已完成“%(action)s”。") % {"action": NOMINATION_CHECK.transition(name).label})
    return redirect("selection:nomination-detail", pk=nomination.pk)
