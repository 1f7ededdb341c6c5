"""Support (待遇) for certified talents over JSON (第十三条): entitlements, confirming, decision
tasks, instalments and payments, totals.

The same domain functions, scopes and permissions as the pages: an object outside the caller's
scope is 404, an action the caller may not take is 403, a refusal by the rules is 422.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, LIST_ERRORS, READ_ERRORS

# One schema per shape (tests/api): a reversal takes a required reason, as a revocation does.
from yingcai.api.schemas_certification import RevokeIn as ReversalIn
from yingcai.api.schemas_support import (
    ConfirmIn,
    DecideIn,
    EntitlementDetailOut,
    EntitlementOut,
    InstalmentOut,
    LeaveCityIn,
    PaymentIn,
    PaymentOut,
    TaskListOut,
    TotalsOut,
)
from yingcai.api.types import Id
from yingcai.registry.domain.queries import visible_talents
from yingcai.support.domain import entitlements as domain
from yingcai.support.domain.confirmation import shown_confirmation
from yingcai.support.domain.payments import record_payment, reverse_payment
from yingcai.support.domain.queries import (
    entitlements_for_list,
    instalments_for_list,
    overdue,
    tasks_for_list,
    totals,
    visible_entitlements,
    visible_instalments,
    visible_tasks,
)
from yingcai.support.enums import TaskState
from yingcai.support.models import Instalment, Payment

router = Router(tags=["待遇"])


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _entitlement(request: HttpRequest, pk: int):
    return get_object_or_404(
        entitlements_for_list(visible_entitlements(request.user)).prefetch_related(
            Prefetch(
                "instalments",
                queryset=Instalment.objects.select_related("entitlement__talent").prefetch_related("payments__paid_by"),
            )
        ),
        pk=pk,
    )


def _detail(request: HttpRequest, pk: int, *, reveal: bool = False):
    """The entitlement with its confirmed facts: in clear for the talent; masked for anyone else
    unless `reveal` is asked by one allowed, which is logged (SPEC.md), as on the pages."""
    entitlement = _entitlement(request, pk)
    if entitlement.confirmation:
        entitlement.shown_confirmation = shown_confirmation(request.user, entitlement, reveal=reveal)
    return entitlement


@router.get("/entitlements", response={200: list[EntitlementOut], **LIST_ERRORS})
@paginate(Pagination)
def list_entitlements(
    request: HttpRequest,
    kind: str = "",
    state: str = "",
    tier: str = "",
    talent_id: Id | None = None,
    overdue_only: bool = False,
):
    """The entitlements the caller may see (the office all, a county or department those of its
    units and those it decides, a unit those it applied for, a talent their own). Confirmed facts
    are masked here."""
    entitlements = visible_entitlements(request.user)
    if kind:
        entitlements = entitlements.filter(kind=kind)
    if state:
        entitlements = entitlements.filter(state=state)
    if tier:
        entitlements = entitlements.filter(certification__tier_code=tier)
    if talent_id is not None:
        entitlements = entitlements.filter(talent_id=talent_id)
    if overdue_only:
        entitlements = overdue(entitlements, timezone.localdate())
    return entitlements_for_list(entitlements).order_by("-created_at", "-pk")


@router.get("/entitlements/{entitlement_id}", response={200: EntitlementDetailOut, **READ_ERRORS})
def get_entitlement(request: HttpRequest, entitlement_id: Id, reveal: bool = False):
    """One entitlement. Confirmed facts (bank account, child's name …) are masked except for the
    talent; `reveal=true` shows them in clear to the office and the deciding department, logged."""
    return _detail(request, entitlement_id, reveal=reveal)


@router.post("/entitlements/{entitlement_id}/confirm", response={200: EntitlementDetailOut, **ERRORS})
def confirm_entitlement(request: HttpRequest, entitlement_id: Id, payload: ConfirmIn):
    """The talent (or their unit) supplies the facts listed in `confirm_fields` (bank_account:
    10–30 digits, bank_name, child_name, child_grade, spouse_name, spouse_employer)."""
    entitlement = _entitlement(request, entitlement_id)
    domain.confirm(by=request.user, entitlement=entitlement, data=payload.data, version=payload.version)
    return _detail(request, entitlement_id)


@router.post("/talents/{talent_id}/leave-city", response={200: list[EntitlementOut], **ERRORS})
def leave_city(request: HttpRequest, talent_id: Id, payload: LeaveCityIn):
    """The talent left the city: instalments due after `left_on` stop, paid ones stay."""
    talent = get_object_or_404(visible_talents(request.user), pk=talent_id)
    stopped = domain.stop_entitlements(by=request.user, talent=talent, on=payload.left_on, reason=payload.reason)
    return list(entitlements_for_list(visible_entitlements(request.user)).filter(pk__in=[e.pk for e in stopped]))


@router.get("/tasks", response={200: list[TaskListOut], **LIST_ERRORS})
@paginate(Pagination)
def list_tasks(request: HttpRequest, status: str = ""):
    """Decision tasks: the office sees all, a department those sent to it. `status`: open,
    overdue, done."""
    _require(request, "support.list_tasks")
    tasks = visible_tasks(request.user)
    if status == "open":
        tasks = tasks.filter(state=TaskState.OPEN)
    elif status == "overdue":
        tasks = tasks.overdue(timezone.localdate())
    elif status == "done":
        tasks = tasks.filter(state=TaskState.DONE)
    return tasks_for_list(tasks).select_related("entitlement__certification__unit__county").order_by("due_on", "pk")


@router.post("/tasks/{task_id}/decide", response={200: TaskListOut, **ERRORS})
def decide_task(request: HttpRequest, task_id: Id, payload: DecideIn):
    task = get_object_or_404(visible_tasks(request.user), pk=task_id)
    domain.decide_task(by=request.user, task=task, outcome=payload.outcome)
    return tasks_for_list(visible_tasks(request.user)).get(pk=task_id)


@router.get("/instalments", response={200: list[InstalmentOut], **LIST_ERRORS})
@paginate(Pagination)
def list_instalments(request: HttpRequest, state: str = "", due: str = "", talent_id: Id | None = None):
    """Instalments for the payment register (office only). `due`: month (due this month),
    overdue (past due, unpaid)."""
    _require(request, "support.pay")
    instalments = visible_instalments(request.user)
    today = timezone.localdate()
    if state:
        instalments = instalments.filter(state=state)
    if due == "month":
        instalments = instalments.filter(due_on__year=today.year, due_on__month=today.month)
    elif due == "overdue":
        instalments = instalments.overdue(today)
    if talent_id is not None:
        instalments = instalments.filter(entitlement__talent_id=talent_id)
    return instalments_for_list(instalments).order_by("due_on", "pk")


@router.post("/instalments/{instalment_id}/payment", response={201: PaymentOut, **ERRORS})
def pay_instalment(request: HttpRequest, instalment_id: Id, payload: PaymentIn):
    """Record that the instalment was paid in full: the amount must equal the instalment's, the
    date may not be in the future nor before the due date; a second payment is refused (422)."""
    _require(request, "support.pay")
    instalment = get_object_or_404(visible_instalments(request.user), pk=instalment_id)
    payment = record_payment(by=request.user, instalment=instalment, **payload.dict())
    return 201, payment


@router.post("/payments/{payment_id}/reversal", response={201: PaymentOut, **ERRORS})
def reverse(request: HttpRequest, payment_id: Id, payload: ReversalIn):
    """Office: reverse (冲正) a payment registered by mistake, with a reason: a negative line linked
    to it; the instalment is scheduled again. A reversal, or a payment reversed already, is 422."""
    _require(request, "support.reverse_payment")
    payment = get_object_or_404(
        Payment.objects.filter(instalment__in=visible_instalments(request.user)).select_related("instalment"),
        pk=payment_id,
    )
    return 201, reverse_payment(by=request.user, payment=payment, reason=payload.reason)


@router.get("/totals", response={200: TotalsOut, **READ_ERRORS})
def get_totals(request: HttpRequest):
    """Money promised (instalments due, stopped ones excluded) against paid, by year, kind,
    county and tier, over what the caller may see."""
    _require(request, "support.totals")
    return totals(request.user)
