"""Pages of the entitlements: the office's list, a talent's support page (我的待遇), confirming,
and registering that a talent left the city."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.accounts.enums import Role
from yingcai.core.forms import add_form_errors
from yingcai.core.lists import paginate
from yingcai.registry.models import Talent
from yingcai.registry.views.common import require
from yingcai.support.domain import entitlements as domain
from yingcai.support.domain.confirmation import labelled, reveal_confirmation
from yingcai.support.domain.queries import entitlements_for_list, visible_entitlements
from yingcai.support.enums import EntitlementState
from yingcai.support.interfaces.filters import EntitlementFilter
from yingcai.support.interfaces.forms import ConfirmationForm, LeaveCityForm
from yingcai.support.models import Instalment
from yingcai.support.rules import payment_of, reversed_payments_of, task_of

NAV = "support"
SORTS = {
    "talent": "talent__name_pinyin",
    "kind": "kind",
    "amount": "amount",
    "state": "state",
    "due": "next_due",
    "created": "created_at",
}


@login_required
def entitlement_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.TALENT and request.user.talent_id:
        return redirect("support:talent", pk=request.user.talent_id)
    require(request.user, "support.list")
    entitlement_filter = EntitlementFilter(request.GET, queryset=visible_entitlements(request.user), request=request)
    listing = paginate(request, entitlements_for_list(entitlement_filter.qs), sortable=SORTS, default="-created")
    return render(
        request,
        "support/entitlement_list.html",
        {"filter": entitlement_filter, "listing": listing, "today": timezone.localdate(), "nav_active": NAV},
    )


def _talent_in_scope(request: HttpRequest, pk: int) -> Talent:
    """The talent if the user may see their support: some entitlement of theirs is in the user's
    scope, or the user may open the talent's record. Anything else is 404."""
    talent = get_object_or_404(Talent, pk=pk)
    user = request.user
    if user.role == Role.TALENT and user.talent_id != talent.pk:
        raise Http404
    if not visible_entitlements(user).filter(talent=talent).exists() and not user.has_perm(
        "registry.view_talent", talent
    ):
        raise Http404
    return talent


@login_required
def talent_support(request: HttpRequest, pk: int) -> HttpResponse:
    return render_talent_support(request, _talent_in_scope(request, pk))


def render_talent_support(
    request: HttpRequest,
    talent: Talent,
    *,
    bound: ConfirmationForm | None = None,
    leave_form: LeaveCityForm | None = None,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    entitlements = list(
        visible_entitlements(user)
        .filter(talent=talent)
        .select_related("item", "certification", "certification__unit", "task", "task__office", "task__decided_by")
        .prefetch_related(
            Prefetch(
                "instalments",
                queryset=Instalment.objects.prefetch_related("payments__paid_by").order_by("sequence"),
            )
        )
        .order_by("certification_id", "kind", "pk")
    )
    rows = []
    for entitlement in entitlements:
        own = user.talent_id is not None and user.talent_id == entitlement.talent_id
        can_confirm = (
            bool(entitlement.item.confirm_fields)
            and entitlement.state not in domain.FINAL_STATES
            and user.has_perm("support.confirm", entitlement)
        )
        form = None
        if can_confirm:
            form = bound if bound is not None and bound.entitlement.pk == entitlement.pk else None
            form = form or ConfirmationForm(entitlement=entitlement)
        task = task_of(entitlement)
        instalments = [(i, payment_of(i), reversed_payments_of(i)) for i in entitlement.instalments.all()]
        rows.append(
            {
                "entitlement": entitlement,
                # Masked for all but the talent; those allowed reveal it (logged), as with ID numbers.
                "confirmation": labelled(entitlement.confirmation, reveal=own),
                "can_reveal": not own
                and bool(entitlement.confirmation)
                and user.has_perm("support.see_confirmation", entitlement),
                "form": form,
                "task": task,
                "task_overdue": task is not None and task.is_overdue_on(today),
                "instalments": instalments,
                "paid": sum((p.amount for _i, p, _undone in instalments if p is not None), Decimal("0.00")),
            }
        )
    can_stop = user.has_perm("support.stop", talent) and any(e.state not in domain.FINAL_STATES for e in entitlements)
    return render(
        request,
        "support/talent_support.html",
        {
            "talent": talent,
            "rows": rows,
            "today": today,
            "is_self": user.role == Role.TALENT,
            "can_stop": can_stop,
            "leave_form": leave_form or (LeaveCityForm(initial={"left_on": today}) if can_stop else None),
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entitlement = get_object_or_404(visible_entitlements(request.user).select_related("item", "talent"), pk=pk)
    require(request.user, "support.confirm", entitlement)
    form = ConfirmationForm(request.POST, entitlement=entitlement)
    if form.is_valid():
        try:
            domain.confirm(
                by=request.user,
                entitlement=entitlement,
                data=form.domain_data(),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            entitlement.refresh_from_db()
            if entitlement.state == EntitlementState.AWAITING_DECISION:
                messages.success(request, _("信息已确认，已转承办部门办理。"))
            else:
                messages.success(request, _("信息已确认。"))
            return redirect(f"{domain.support_url(entitlement.talent_id)}#e{entitlement.pk}")
    return render_talent_support(request, entitlement.talent, bound=form)


@login_required
@require_http_methods(["POST"])
def leave_city(request: HttpRequest, pk: int) -> HttpResponse:
    talent = _talent_in_scope(request, pk)
    require(request.user, "support.stop", talent)
    form = LeaveCityForm(request.POST)
    if form.is_valid():
        left_on = form.cleaned_data["left_on"]
        try:
            stopped = domain.stop_entitlements(
                by=request.user,
                talent=talent,
                on=left_on,
                reason=_("离开本市：%(reason)s") % {"reason": form.cleaned_data["reason"]},
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("已登记离开本市：%(n)s项待遇自%(on)s起停止，已发放的不受影响。")
                % {"n": len(stopped), "on": left_on.isoformat()},
            )
            return redirect("support:talent", pk=talent.pk)
    return render_talent_support(request, talent, leave_form=form)


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the confirmed facts in clear for one allowed, in place of the masked ones; logged."""
    entitlement = get_object_or_404(visible_entitlements(request.user).select_related("task"), pk=pk)
    require(request.user, "support.see_confirmation", entitlement)
    values = reveal_confirmation(by=request.user, entitlement=entitlement)
    return render(
        request,
        "support/_confirmation.html",
        {"e": entitlement, "confirmation": labelled(values, reveal=True), "can_reveal": False},
    )
