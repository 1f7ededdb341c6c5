"""The payment register: instalments due, and recording a payment (htmx, one row at a time)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.lists import paginate
from yingcai.registry.views.common import require
from yingcai.support.domain.payments import record_payment, reverse_payment
from yingcai.support.domain.queries import instalments_for_list, visible_instalments
from yingcai.support.enums import EntitlementState
from yingcai.support.interfaces.filters import InstalmentFilter
from yingcai.support.interfaces.forms import PaymentForm
from yingcai.support.models import Payment
from yingcai.support.rules import payment_of, reversed_payments_of

NAV = "support-payments"
SORTS = {"due": "due_on", "talent": "entitlement__talent__name_pinyin", "amount": "amount", "state": "state"}


def _payable(instalment) -> bool:
    """Whether the register offers the payment form; the domain decides when it is submitted."""
    entitlement = instalment.entitlement
    if entitlement.state == EntitlementState.ACTIVE:
        return True
    return entitlement.state == EntitlementState.STOPPED and bool(
        entitlement.stopped_on and instalment.due_on <= entitlement.stopped_on
    )


def _row(instalment, today, *, errors=None, done=False, form_values=None) -> dict:
    return {
        "payable": _payable(instalment),
        "instalment": instalment,
        "entitlement": instalment.entitlement,
        "payment": payment_of(instalment),
        "reversed": reversed_payments_of(instalment),
        "overdue": instalment.is_overdue_on(today),
        "errors": errors or [],
        "done": done,
        "values": form_values or {"amount": instalment.amount, "paid_on": today, "voucher": ""},
    }


@login_required
def register(request: HttpRequest) -> HttpResponse:
    require(request.user, "support.pay")
    params = request.GET.copy()
    if "state" not in params:
        params["state"] = "scheduled"
    instalment_filter = InstalmentFilter(params, queryset=visible_instalments(request.user), request=request)
    listing = paginate(request, instalments_for_list(instalment_filter.qs), sortable=SORTS, default="due")
    today = timezone.localdate()
    return render(
        request,
        "support/payment_register.html",
        {
            "filter": instalment_filter,
            "listing": listing,
            "rows": [_row(i, today) for i in listing.page],
            "today": today,
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "support.pay")
    instalment = get_object_or_404(instalments_for_list(visible_instalments(request.user)), pk=pk)
    form = PaymentForm(request.POST)
    today = timezone.localdate()
    errors: list[str] = []
    if not form.is_valid():
        errors = [f"{form.fields[f].label if f in form.fields else ''}：{'；'.join(e)}" for f, e in form.errors.items()]
    else:
        try:
            record_payment(by=request.user, instalment=instalment, **form.cleaned_data)
        except ValidationError as error:
            errors = error.messages
    if request.headers.get("HX-Request"):
        if not errors:
            instalment = instalments_for_list(visible_instalments(request.user)).get(pk=pk)
        row = _row(instalment, today, errors=errors, done=not errors, form_values=None if not errors else request.POST)
        return render(request, "support/_instalment_row.html", {"row": row, "today": today})
    if errors:
        messages.error(request, "；".join(errors))
    else:
        messages.success(request, _("已登记发放。"))
    return redirect("support:payments")


@login_required
@require_POST
def reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """The office reverses (冲正) a payment with a reason and a confirmation; the row comes back
    with the instalment open again."""
    require(request.user, "support.reverse_payment")
    payment = get_object_or_404(
        Payment.objects.filter(instalment__in=visible_instalments(request.user)).select_related("instalment"), pk=pk
    )
    errors: list[str] = []
    if request.POST.get("confirm") != "1":
        errors = [_("请勾选“确认冲正”后再提交。")]
    else:
        try:
            reverse_payment(by=request.user, payment=payment, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            errors = error.messages
    today = timezone.localdate()
    instalment = instalments_for_list(visible_instalments(request.user)).get(pk=payment.instalment_id)
    if request.headers.get("HX-Request"):
        row = _row(instalment, today, errors=errors)
        return render(request, "support/_instalment_row.html", {"row": row, "today": today})
    if errors:
        messages.error(request, "；".join(errors))
    else:
        messages.success(request, _("已冲正，该期已重新列为待发放。"))
    return redirect("support:payments")
