"""Pages of the expert pool (专家库, office only): list with filters, add, edit, take out / back in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.core.lists import paginate
from yingcai.registry.views.common import add_domain_errors, require
from yingcai.selection.domain import experts as domain
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES
from yingcai.selection.interfaces.filters import ExpertFilter
from yingcai.selection.interfaces.forms import ExpertForm, ReasonForm
from yingcai.selection.models import Expert

NAV = "selection-experts"
SORTS = {"name": "name", "employer": "employer_name", "active": "is_active", "load": "load"}


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "selection.manage_experts")
    expert_filter = ExpertFilter(request.GET, queryset=Expert.objects.all())
    experts = (
        expert_filter.qs.distinct()
        .select_related("employer", "user", "talent")
        .prefetch_related("fields", "chains")
        .annotate(load=Count("assignments", filter=Q(assignments__state__in=ACTIVE_ASSIGNMENT_STATES)))
    )
    listing = paginate(request, experts, sortable=SORTS, default="name")
    return render(
        request, "selection/expert_list.html", {"filter": expert_filter, "listing": listing, "nav_active": NAV}
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "selection.manage_experts")
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.create_expert(by=request.user, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "selection:expert-edit", "selection.manage_experts")
        else:
            messages.success(request, _("专家已入库。"))
            return redirect("selection:expert-list")
    return render(request, "selection/expert_form.html", {"form": form, "nav_active": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "selection.manage_experts")
    expert = get_object_or_404(Expert.objects.select_related("user", "talent"), pk=pk)
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_expert(by=request.user, expert=expert, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "selection:expert-edit", "selection.manage_experts")
        else:
            messages.success(request, _("专家信息已保存。"))
            return redirect("selection:expert-list")
    return render(
        request,
        "selection/expert_form.html",
        {"form": form, "expert": expert, "reason_form": ReasonForm(), "nav_active": NAV},
    )


@login_required
@require_POST
def expert_active(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "selection.manage_experts")
    expert = get_object_or_404(Expert, pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    active = request.POST.get("active") == "1"
    try:
        domain.set_expert_active(by=request.user, expert=expert, active=active, reason=reason)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("专家已重新入库。") if active else _("专家已出库，不再分配新的评审任务。"))
    return redirect("selection:expert-edit", pk=expert.pk)
