from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.accounts.rules import is_talent_account
from yingcai.audit.domain import history_of, record
from yingcai.audit.models import AuditAction
from yingcai.core.lists import paginate
from yingcai.registry.domain import talents as talent_domain
from yingcai.registry.domain.profile_changes import pending_change
from yingcai.registry.domain.queries import talents_for_list, visible_talents
from yingcai.registry.dossier import dossier_of
from yingcai.registry.interfaces.filters import TalentFilter
from yingcai.registry.interfaces.forms import DeleteForm, TalentForm
from yingcai.registry.models import Affiliation, Talent
from yingcai.registry.views.common import add_domain_errors, require

# By birth year, as the list shows it: the order within a year would hint at birthdays.
TALENT_SORTS = {"name": "name_pinyin", "birth": "birth_date__year", "education": "education", "created": "created_at"}


def _filtered_talents(request: HttpRequest) -> TalentFilter:
    return TalentFilter(request.GET, queryset=visible_talents(request.user), request=request)


@login_required
def talent_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "registry.list_talents")
    talent_filter = _filtered_talents(request)
    listing = paginate(request, talents_for_list(talent_filter.qs), sortable=TALENT_SORTS, default="-created")
    return render(
        request,
        "registry/talent_list.html",
        {"filter": talent_filter, "listing": listing, "nav_active": "talent"},
    )


@login_required
def talent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talent = get_object_or_404(Talent.objects.select_related("tech_field", "chain"), pk=pk)
    require(request.user, "registry.view_talent", talent)
    affiliations = talent.affiliations.select_related("unit").order_by("end_date", "-start_date")
    return render(
        request,
        "registry/talent_detail.html",
        {
            "talent": talent,
            "affiliations": affiliations,
            "dossier": dossier_of(talent=talent, viewer=request.user),
            "pending_change": pending_change(talent),
            # The audit trail is the staff's: the talent reads their record in the dossier.
            "history": history_of(talent)[:50] if not is_talent_account(request.user) else None,
            "nav_active": "talent",
        },
    )


@login_required
@require_POST
def talent_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: swap the masked ID number and phone for the real ones, logging the view."""
    talent = get_object_or_404(Talent, pk=pk)
    require(request.user, "registry.view_talent", talent)
    require(request.user, "registry.view_personal_data", talent)
    values = talent_domain.reveal_personal_data(by=request.user, talent=talent)
    return render(request, "registry/_personal_data.html", {"talent": talent, "revealed": values})


@login_required
@require_http_methods(["GET", "POST"])
def talent_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "registry.add_talent")
    form = TalentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            talent = talent_domain.create_talent(
                by=request.user, data=form.domain_data(), position=form.cleaned_data.get("position", "")
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "registry:talent-detail", "registry.view_talent")
        else:
            messages.success(request, _("人才信息已登记。"))
            return redirect("registry:talent-detail", pk=talent.pk)
    return render(request, "registry/talent_form.html", {"form": form, "nav_active": "talent"})


@login_required
@require_http_methods(["GET", "POST"])
def talent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    talent = get_object_or_404(Talent, pk=pk)
    require(request.user, "registry.change_talent", talent)
    form = TalentForm(request.POST or None, instance=talent)
    if request.method == "GET":
        # The edit form shows the full ID number and phone: that is a view of personal data.
        record(actor=request.user, action=AuditAction.VIEW_PERSONAL_DATA, target=talent, reason=_("编辑表单"))
    if request.method == "POST" and form.is_valid():
        try:
            talent_domain.update_talent(
                by=request.user, talent=talent, data=form.domain_data(), version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "registry:talent-detail", "registry.view_talent")
        else:
            messages.success(request, _("人才信息已保存。"))
            return redirect("registry:talent-detail", pk=talent.pk)
    return render(request, "registry/talent_form.html", {"form": form, "talent": talent, "nav_active": "talent"})


@login_required
@require_http_methods(["GET", "POST"])
def talent_delete(request: HttpRequest, pk: int) -> HttpResponse:
    talent = get_object_or_404(Talent, pk=pk)
    require(request.user, "registry.delete_talent", talent)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        talent_domain.delete_talent(by=request.user, talent=talent, reason=form.cleaned_data["reason"])
        messages.success(request, _("人才记录已删除。"))
        return redirect("registry:talent-list")
    return render(request, "registry/confirm_delete.html", {"form": form, "object": talent, "nav_active": "talent"})


@login_required
@require_POST
def affiliation_end(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(Affiliation.objects.select_related("unit", "talent"), pk=pk)
    require(request.user, "registry.view_talent", affiliation.talent)
    try:
        end_date = parse_date(request.POST.get("end_date", ""))
        if end_date is None:
            raise ValidationError(_("请填写有效的离职日期。"))
        talent_domain.end_affiliation(
            by=request.user, affiliation=affiliation, end_date=end_date, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已登记离职，任职记录保留在履历中。"))
    return redirect("registry:talent-detail", pk=affiliation.talent_id)
