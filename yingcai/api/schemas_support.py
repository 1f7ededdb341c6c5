"""Shapes of support (待遇) over JSON: entitlements, decision tasks, instalments, payments, totals."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from yingcai.api.schemas import Ref
from yingcai.api.types import Code, Date, InputSchema, Money, Text, Version
from yingcai.support.domain.confirmation import masked
from yingcai.support.rules import payment_of, task_of


class ItemRuleOut(Schema):
    """The rule version that granted the entitlement (第十四条): changing the rules later does not
    change it."""

    code: str
    version: int
    article: str
    document: str
    effective_from: datetime.date
    citation: str
    is_example: bool


class TaskOut(Schema):
    id: int
    office: Ref | None
    # None while the working-day calendar of the year the period reaches is not entered yet.
    due_on: datetime.date | None
    state: str
    state_label: str
    outcome: str
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_state_label(task) -> str:
        return task.get_state_display()


class EntitlementOut(Schema):
    id: int
    talent: Ref
    certification_id: int
    tier_code: str
    unit: Ref
    county: str | None
    kind: str
    kind_label: str
    name: str
    amount: Decimal | None
    state: str
    state_label: str
    rule: ItemRuleOut
    confirm_fields: list[str]
    confirmation: dict[str, str]
    confirmed_at: datetime.datetime | None
    task: TaskOut | None
    stopped_on: datetime.date | None
    stop_reason: str
    version: int

    @staticmethod
    def resolve_tier_code(e) -> str:
        return e.certification.tier_code

    @staticmethod
    def resolve_unit(e):
        return e.certification.unit

    @staticmethod
    def resolve_county(e) -> str | None:
        county = e.certification.unit.county
        return county.name if county else None

    @staticmethod
    def resolve_kind_label(e) -> str:
        return e.get_kind_display()

    @staticmethod
    def resolve_state_label(e) -> str:
        return e.get_state_display()

    @staticmethod
    def resolve_rule(e):
        return e.item

    @staticmethod
    def resolve_confirm_fields(e) -> list[str]:
        return list(e.item.confirm_fields or [])

    @staticmethod
    def resolve_confirmation(e) -> dict[str, str]:
        # Masked unless the endpoint decided this caller may read it in clear (and logged it).
        return getattr(e, "shown_confirmation", None) or masked(e.confirmation)

    @staticmethod
    def resolve_task(e):
        return task_of(e)


class PaymentOut(Schema):
    """A line of the payment register: a payment (positive) or the reversal (冲正, negative) of
    the payment `reverses_id`, with its reason."""

    id: int
    amount: Decimal
    paid_on: datetime.date
    voucher: str
    paid_by: str
    recorded_at: datetime.datetime
    reverses_id: int | None = None
    reason: str = ""

    @staticmethod
    def resolve_paid_by(payment) -> str:
        return str(payment.paid_by)


class InstalmentOut(Schema):
    id: int
    entitlement_id: int
    talent: Ref
    entitlement_name: str
    sequence: int
    due_on: datetime.date
    amount: Decimal
    state: str
    state_label: str
    payment: PaymentOut | None
    # Every line of the instalment, reversed payments and their reversals included: the net of
    # their amounts is what was paid.
    lines: list[PaymentOut]

    @staticmethod
    def resolve_lines(i) -> list:
        return sorted(i.payments.all(), key=lambda p: (p.recorded_at, p.pk))

    @staticmethod
    def resolve_talent(i):
        return i.entitlement.talent

    @staticmethod
    def resolve_entitlement_name(i) -> str:
        return i.entitlement.name

    @staticmethod
    def resolve_state_label(i) -> str:
        return i.get_state_display()

    @staticmethod
    def resolve_payment(i):
        return payment_of(i)


class EntitlementDetailOut(EntitlementOut):
    instalments: list[InstalmentOut]

    @staticmethod
    def resolve_instalments(e):
        return list(e.instalments.all())


class TaskListOut(TaskOut):
    entitlement: EntitlementOut
    overdue: bool

    @staticmethod
    def resolve_overdue(task) -> bool:
        return task.is_overdue


class ConfirmIn(InputSchema):
    data: Annotated[dict[Code, Text], Field(max_length=100)]
    version: Version | None = None


class DecideIn(InputSchema):
    outcome: Text


class PaymentIn(InputSchema):
    amount: Money
    paid_on: Date
    voucher: str


class LeaveCityIn(InputSchema):
    left_on: Date
    reason: Text


class MoneyRowOut(Schema):
    label: str
    promised: Decimal
    paid: Decimal


class TotalsOut(Schema):
    promised: Decimal
    paid: Decimal
    by_year: list[MoneyRowOut]
    by_kind: list[MoneyRowOut]
    by_county: list[MoneyRowOut]
    by_tier: list[MoneyRowOut]
