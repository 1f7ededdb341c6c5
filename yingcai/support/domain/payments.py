"""Recording that an instalment was paid. A payment can never be doubled or exceed what the
schedule says: the row is locked, the amount must be the instalment's, and the database holds at
most one payment per instalment even if the lock were bypassed."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import talent_accounts
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.certification.enums import CertificationState
from yingcai.core.money import format_amount
from yingcai.notifications.domain import notify
from yingcai.support.domain.entitlements import NOTIFY_KIND, support_url
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import Entitlement, Instalment, Payment
from yingcai.support.rules import task_of
from yingcai.support.workflow import ENTITLEMENT, INSTALMENT
from yingcai.workflows.engine import advance


def _already_paid() -> ValidationError:
    return ValidationError(_("该期已发放，不能重复发放。"), code="already_paid")


def was_honoured_before_stop(entitlement: Entitlement) -> bool:
    """Whether a stopped entitlement had been confirmed and decided: its instalments that fell due
    before it stopped are arrears the talent earned while in the city."""
    if entitlement.item.confirm_fields and entitlement.confirmed_at is None:
        return False
    task = task_of(entitlement)
    return task is None or (task.state == TaskState.DONE and task.decided_by_id is not None)


def record_payment(*, by, instalment: Instalment, amount: Decimal, paid_on: datetime.date, voucher: str) -> Payment:
    """The talent office records that `instalment` was paid in full on `paid_on`."""
    if not by.has_perm("support.pay"):
        raise PermissionDenied(_("只有市委人才办可以登记待遇发放。"))
    voucher = (voucher or "").strip()
    errors: dict[str, str] = {}
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        errors["amount"] = _("发放金额不正确。")
    if not voucher:
        errors["voucher"] = _("请填写发放凭证号。")
    elif len(voucher) > 64:
        errors["voucher"] = _("凭证号不能超过64个字符。")
    if paid_on is None:
        errors["paid_on"] = _("请填写发放日期。")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("发放日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Entitlement first, then instalment: every writer locks in this order, so two clerks
        # paying two instalments of one entitlement cannot both miss that it is now complete.
        entitlement = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("item", "certification")
            .get(pk=instalment.entitlement_id)
        )
        instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
        _check(entitlement, instalment, amount, paid_on)
        # After a reversal the instalment is paid again: one more attempt, still one in force.
        attempt = instalment.payments.filter(reverses__isnull=False).count() + 1
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    instalment=instalment, amount=amount, paid_on=paid_on, voucher=voucher, paid_by=by, attempt=attempt
                )
        except IntegrityError:
            raise _already_paid() from None
        advance(workflow=INSTALMENT, obj=instalment, transition="pay", by=by)
        instalment.save(update_fields=["state"])
        changes = {"payment": [None, f"第{instalment.sequence}期 {amount}元 {paid_on.isoformat()} 凭证{voucher}"]}
        if (
            entitlement.state == EntitlementState.ACTIVE
            and not entitlement.instalments.exclude(state=InstalmentState.PAID).exists()
        ):
            advance(workflow=ENTITLEMENT, obj=entitlement, transition="complete", by=by)
            changes["state"] = [EntitlementState.ACTIVE, EntitlementState.COMPLETED]
        entitlement.version += 1
        entitlement.save(update_fields=["state", "version"])
        record(actor=by, action=AuditAction.CREATE, target=entitlement, changes=changes, reason=_("登记待遇发放"))
        notify(
            users=talent_accounts(entitlement.talent_id),
            title=_("%(name)s第%(n)s期已发放") % {"name": entitlement.name, "n": instalment.sequence},
            body=_("发放金额%(amount)s元，发放日期%(on)s。")
            % {"amount": format_amount(amount), "on": paid_on.isoformat()},
            url=support_url(entitlement.talent_id),
            kind=NOTIFY_KIND,
        )
    return payment


def _check(entitlement: Entitlement, instalment: Instalment, amount: Decimal, paid_on: datetime.date) -> None:
    if instalment.state == InstalmentState.PAID:
        raise _already_paid()
    if instalment.state == InstalmentState.STOPPED:
        raise ValidationError(
            _("该期已停止发放（%(reason)s），不能发放。") % {"reason": entitlement.stop_reason or _("待遇已停止")}
        )
    if entitlement.certification.state == CertificationState.REVOKED:
        raise ValidationError(_("该人才的认定已撤销，不能发放待遇。"))
    if entitlement.state == EntitlementState.AWAITING_CONFIRMATION:
        raise ValidationError(_("该待遇尚待人才本人确认收款信息，确认后才能发放。"))
    if entitlement.state == EntitlementState.AWAITING_DECISION:
        raise ValidationError(_("该待遇尚待承办部门办结，办结后才能发放。"))
    if entitlement.state == EntitlementState.STOPPED and not (
        entitlement.stopped_on and instalment.due_on <= entitlement.stopped_on and was_honoured_before_stop(entitlement)
    ):
        raise ValidationError(_("该待遇已停止（%(reason)s），不能发放。") % {"reason": entitlement.stop_reason})
    if amount <= 0 or amount != instalment.amount:
        raise ValidationError(
            {
                "amount": _(
                    "发放金额须与该期应发金额%(due)s元一致：不能多发，也不能部分发放（发放计划按认定时的待遇标准确定）。"
                )
                % {"due": format_amount(instalment.amount)}
            }
        )
    if paid_on < instalment.due_on:
        raise ValidationError(
            {"paid_on": _("该期应发日期为%(due)s，不能提前发放。") % {"due": instalment.due_on.isoformat()}}
        )
    paid = Payment.objects.filter(instalment__entitlement=entitlement).aggregate(total=Sum("amount"))["total"] or 0
    if entitlement.amount is None or paid + amount > entitlement.amount:
        raise ValidationError(
            {
                "amount": _("累计发放将超过该待遇总额%(total)s元（已发放%(paid)s元）。")
                % {"total": format_amount(entitlement.amount), "paid": format_amount(paid)}
            }
        )


def reverse_payment(*, by, payment: Payment, reason: str, on: datetime.date | None = None) -> Payment:
    """The talent office reverses (冲正) a payment registered by mistake: a new negative line
    linked to it (the payment itself is never edited nor deleted), audited with the reason; the
    instalment is scheduled again so that the correct payment can be registered, and an entitlement
    that was complete is active again. A reversal cannot itself be reversed, nor a payment twice."""
    if not by.has_perm("support.reverse_payment"):
        raise PermissionDenied(_("只有市委人才办可以冲正待遇发放记录。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写冲正原因。")})
    on = on or timezone.localdate()
    with transaction.atomic():
        entitlement = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("item", "certification")
            .get(pk=payment.instalment.entitlement_id)
        )
        instalment = Instalment.objects.select_for_update().get(pk=payment.instalment_id)
        original = Payment.objects.select_for_update().get(pk=payment.pk)
        if original.reverses_id is not None:
            raise ValidationError(_("这是一条冲正记录，不能再冲正。"), code="reversal_of_reversal")
        if Payment.objects.filter(reverses=original).exists():
            raise ValidationError(_("该发放记录已冲正，不能重复冲正。"), code="already_reversed")
        try:
            with transaction.atomic():
                reversal = Payment.objects.create(
                    instalment=instalment,
                    amount=-original.amount,
                    paid_on=on,
                    voucher=original.voucher,
                    paid_by=by,
                    attempt=original.attempt,
                    reverses=original,
                    reason=reason,
                )
        except IntegrityError:
            raise ValidationError(_("该发放记录已冲正，不能重复冲正。"), code="already_reversed") from None
        stopped_after = (
            entitlement.state == EntitlementState.STOPPED
            and entitlement.stopped_on is not None
            and instalment.due_on > entitlement.stopped_on
        )
        before_instalment = advance(
            workflow=INSTALMENT, obj=instalment, transition="reverse_stopped" if stopped_after else "reverse", by=by
        )
        instalment.save(update_fields=["state"])
        changes = {
            "payment": [
                f"第{instalment.sequence}期 {original.amount}元 {original.paid_on.isoformat()} 凭证{original.voucher}",
                f"冲正 {reversal.amount}元 {on.isoformat()}",
            ],
            f"instalment:{instalment.sequence}": [before_instalment, instalment.state],
        }
        if entitlement.state == EntitlementState.COMPLETED:
            advance(workflow=ENTITLEMENT, obj=entitlement, transition="reopen", by=by)
            changes["state"] = [EntitlementState.COMPLETED, EntitlementState.ACTIVE]
        entitlement.version += 1
        entitlement.save(update_fields=["state", "version"])
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=entitlement,
            changes=changes,
            reason=_("冲正待遇发放：%(reason)s") % {"reason": reason},
        )
        notify(
            users=talent_accounts(entitlement.talent_id),
            title=_("%(name)s第%(n)s期发放记录已冲正") % {"name": entitlement.name, "n": instalment.sequence},
            body=_("原发放金额%(amount)s元（%(on)s）已冲正，原因：%(reason)s。该期将重新登记发放。")
            % {"amount": format_amount(original.amount), "on": original.paid_on.isoformat(), "reason": reason},
            url=support_url(entitlement.talent_id),
            kind=NOTIFY_KIND,
        )
    return reversal
