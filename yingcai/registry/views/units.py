from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingcai.audit.domain import history_of
from yingcai.core.lists import paginate
from yingcai.registry.domain import units as unit_domain
from yingcai.registry.domain.queries import talents_for_list, units_for_list, visible_talents, visible_units
from yingcai.registry.interfaces.filters import UnitFilter
from yingcai.registry.interfaces.forms import DeleteForm, UnitForm
from yingcai.registry.models import Unit
from yingcai.registry.views.common import add_domain_errors, require

UNIT_SORTS = {"name": "name", "kind": "kind", "county": "county__sort_order", "created": "created_at"}


def _filtered_units(request: HttpRequest) -> UnitFilter:
    return UnitFilter(request.GET, queryset=visible_units(request.user))


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "registry.list_units")
    unit_filter = _filtered_units(request)
    listing = paginate(request, units_for_list(unit_filter.qs), sortable=UNIT_SORTS, default="-created")
    return render(
        request,
        "registry/unit_list.html",
        {"filter": unit_filter, "listing": listing, "nav_active": "unit"},
    )


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_for_list(Unit.objects.all()), pk=pk)
    require(request.user, "registry.view_unit", unit)
    talents = talents_for_list(
        visible_talents(request.user).filter(affiliations__unit=unit, affiliations__end_date__isnull=True)
    )[:50]
    return render(
        request,
        "registry/unit_detail.html",
        {"unit": unit, "talents": talents, "history": history_of(unit)[:50], "nav_active": "unit"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "registry.add_unit")
    initial = {"county": request.user.jurisdiction_id} if request.user.jurisdiction_id else {}
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_domain.create_unit(by=request.user, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "registry:unit-detail", "registry.view_unit")
        else:
            messages.success(request, _("单位已登记。"))
            return redirect("registry:unit-detail", pk=unit.pk)
    return render(request, "registry/unit_form.html", {"form": form, "nav_active": "unit"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    require(request.user, "registry.change_unit", unit)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            unit_domain.update_unit(
                by=request.user, unit=unit, data=form.domain_data(), version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "registry:unit-detail", "registry.view_unit")
        else:
            messages.success(request, _("单位信息已保存。"))
            return redirect("registry:unit-detail", pk=unit.pk)
    return render(request, "registry/unit_form.html", {"form": form, "unit": unit, "nav_active": "unit"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    require(request.user, "registry.delete_unit", unit)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit_domain.delete_unit(by=request.user, unit=unit, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_domain_errors(request, form, error, "registry:unit-detail", "registry.view_unit")
        else:
            messages.success(request, _("单位已删除。"))
            return redirect("registry:unit-list")
    return render(request, "registry/confirm_delete.html", {"form": form, "object": unit, "nav_active": "unit"})
