"""Pages of the introduction records: the list, declaring and editing, the detail, the review."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.accounts.enums import Role
from yingcai.audit.domain import history_of
from yingcai.core.files import serve_file
from yingcai.core.lists import paginate
from yingcai.introductions.domain import declarations
from yingcai.introductions.domain.compliance import compliance_history
from yingcai.introductions.domain.dates import inclusive_days
from yingcai.introductions.domain.queries import introductions_for_list, visible_introductions
from yingcai.introductions.enums import IntroductionState
from yingcai.introductions.interfaces.filters import IntroductionFilter
from yingcai.introductions.interfaces.forms import IntroductionForm, ReviewForm, WorkPeriodForm, talents_at
from yingcai.introductions.models import Introduction
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.registry.views.common import add_domain_errors, require
from yingcai.workflows.engine import steps_of

INTRODUCTION_SORTS = {
    "talent": "talent__name_pinyin",
    "unit": "unit__name",
    "introduced": "introduced_on",
    "state": "state",
    "created": "created_at",
}
NAV = "introduction"


def visible_introduction(request: HttpRequest, pk: int, perm: str) -> Introduction:
    """The record if it is in the user's scope (404 otherwise) and the user may `perm` it (403)."""
    introduction = get_object_or_404(
        visible_introductions(request.user).select_related(
            "talent",
            "unit",
            "unit__county",
            "unit__department",
            "channel",
            "chain",
            "contract_rule",
            "supersedes",
            "created_by",
        ),
        pk=pk,
    )
    require(request.user, perm, introduction)
    return introduction


@login_required
def introduction_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.list")
    introduction_filter = IntroductionFilter(request.GET, queryset=visible_introductions(request.user), request=request)
    listing = paginate(
        request, introductions_for_list(introduction_filter.qs), sortable=INTRODUCTION_SORTS, default="-introduced"
    )
    return render(
        request,
        "introductions/introduction_list.html",
        {"filter": introduction_filter, "listing": listing, "nav_active": NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.declare")
    initial = {k: request.GET[k] for k in ("unit", "talent") if request.GET.get(k, "").isdigit()}
    form = IntroductionForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data.get("unit") or request.user.unit
        try:
            introduction = declarations.declare_introduction(
                by=request.user, talent=form.cleaned_data["talent"], unit=unit, data=form.domain_data()
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:detail", "introductions.view")
        else:
            messages.success(request, _("引进记录已保存为草稿。核对无误后请点击“提交审核”。"))
            return redirect("introductions:detail", pk=introduction.pk)
    return render(request, "introductions/introduction_form.html", {"form": form, "nav_active": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def introduction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = visible_introduction(request, pk, "introductions.edit")
    form = IntroductionForm(request.POST or None, request.FILES or None, instance=introduction, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            declarations.update_introduction(
                by=request.user,
                introduction=introduction,
                data=form.domain_data(),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:detail", "introductions.view")
        else:
            messages.success(request, _("引进记录已保存。"))
            return redirect("introductions:detail", pk=introduction.pk)
    return render(
        request,
        "introductions/introduction_form.html",
        {
            "form": form,
            "introduction": introduction,
            "editable": introduction.state in declarations.EDITABLE_STATES,
            "nav_active": NAV,
        },
    )


@login_required
@require_GET
def talent_options(request: HttpRequest) -> HttpResponse:
    """htmx: the talents of the chosen unit, as <option>s of the declaration form."""
    require(request.user, "introductions.declare")
    unit_id = request.GET.get("unit", "")
    if request.user.role == Role.UNIT:
        unit_id = request.user.unit_id
    talents = talents_at(int(unit_id)) if str(unit_id).isdigit() else []
    field = IntroductionForm.base_fields["talent"]
    options = [(t.pk, field.label_from_instance(t)) for t in talents]
    return render(request, "introductions/_talent_options.html", {"options": options})


@login_required
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, visible_introduction(request, pk, "introductions.view"))


def render_detail(
    request: HttpRequest, introduction: Introduction, *, period_form: WorkPeriodForm | None = None
) -> HttpResponse:
    user = request.user
    can_edit = user.has_perm("introductions.edit", introduction)
    can_log = introduction.is_flexible and user.has_perm("introductions.log_work", introduction)
    ongoing = introduction.ended_on is None
    confirmed = introduction.state == IntroductionState.CONFIRMED
    today = timezone.localdate()
    steps = [(step, INTRODUCTION_REVIEW.label_of(step.to_state)) for step in steps_of(introduction)]
    return render(
        request,
        "introductions/introduction_detail.html",
        {
            "introduction": introduction,
            "transitions": INTRODUCTION_REVIEW.available(user, introduction),
            "steps": steps,
            "can_edit": can_edit and introduction.state in declarations.EDITABLE_STATES and ongoing,
            # A change of mode or a departure is an event in the history of a confirmed introduction.
            "can_change_mode": can_edit and introduction.is_flexible and ongoing and confirmed,
            "can_depart": can_edit and ongoing and confirmed,
            "can_log": can_log,
            "can_reopen": introduction.is_flexible and user.has_perm("introductions.close_year"),
            "can_view_talent": user.has_perm("registry.view_talent", introduction.talent),
            "periods": [
                (p, inclusive_days(p.start, p.end)) for p in introduction.work_periods.select_related("logged_by")
            ]
            if introduction.is_flexible
            else [],
            "compliance": compliance_history(introduction, today=today) if introduction.is_flexible else [],
            "period_form": period_form if period_form is not None else (WorkPeriodForm() if can_log else None),
            "record_chain": _record_chain(user, introduction),
            "history": history_of(introduction)[:50] if user.role != Role.TALENT else None,
            "nav_active": NAV,
        },
    )


def _record_chain(user, introduction: Introduction) -> list[Introduction]:
    """The talent's records linked by supersedes (flexible → full-time …), oldest first."""
    scope = visible_introductions(user).select_related("unit")
    chain = [introduction]
    seen = {introduction.pk}
    earlier = introduction.supersedes_id
    while earlier and earlier not in seen:
        previous = scope.filter(pk=earlier).first()
        if previous is None:
            break
        chain.insert(0, previous)
        seen.add(previous.pk)
        earlier = previous.supersedes_id
    current = introduction
    while True:
        successor = scope.filter(supersedes=current).first()
        if successor is None or successor.pk in seen:
            break
        chain.append(successor)
        seen.add(successor.pk)
        current = successor
    return chain if len(chain) > 1 else []


@login_required
@require_GET
def contract_file(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = visible_introduction(request, pk, "introductions.view")
    if not introduction.contract_file:
        raise Http404
    name = introduction.contract_file_name or Path(introduction.contract_file.name).name
    return serve_file(introduction.contract_file, filename=name, inline=True)


@login_required
@require_POST
def introduction_review(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = visible_introduction(request, pk, "introductions.view")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("未知的审核操作。"))
    transition = INTRODUCTION_REVIEW.transition(form.cleaned_data["transition"])
    try:
        declarations.review(
            by=request.user,
            introduction=introduction,
            transition=transition.name,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已完成“%(action)s”。") % {"action": transition.label})
    return redirect("introductions:detail", pk=introduction.pk)
