"""The read side of support: what each user may see, the lists, and money promised against paid."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_jurisdiction_staff, is_talent_office
from yingcai.policy.enums import SupportKind
from yingcai.support.enums import EntitlementState, InstalmentState
from yingcai.support.models import DecisionTask, Entitlement, Instalment, Payment
from yingcai.support.scopes import ENTITLEMENT_SCOPE

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def visible_entitlements(user) -> QuerySet[Entitlement]:
    """The office sees all; a county or department the entitlements of its units' talents and
    those it decides; a unit those it applied for; a talent their own (scopes.py)."""
    return ENTITLEMENT_SCOPE.visible_to(user)


def entitlements_for_list(queryset: QuerySet[Entitlement]) -> QuerySet[Entitlement]:
    """What the entitlement table shows, in a fixed number of queries whatever the page size:
    the next unpaid instalment and the amount paid so far come as subqueries."""
    scheduled = Instalment.objects.filter(entitlement=OuterRef("pk"), state=InstalmentState.SCHEDULED)
    paid = (
        Payment.objects.filter(instalment__entitlement=OuterRef("pk"))
        .values("instalment__entitlement")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.select_related(
        "talent", "item", "certification", "certification__unit", "certification__unit__county", "task", "task__office"
    ).annotate(
        next_due=Subquery(scheduled.order_by("due_on").values("due_on")[:1]),
        paid_total=Coalesce(Subquery(paid, output_field=MONEY), Value(ZERO), output_field=MONEY),
    )


def due_in_month(queryset: QuerySet[Entitlement], today: datetime.date) -> QuerySet[Entitlement]:
    return queryset.filter(
        instalments__state=InstalmentState.SCHEDULED,
        instalments__due_on__year=today.year,
        instalments__due_on__month=today.month,
    ).distinct()


def overdue(queryset: QuerySet[Entitlement], today: datetime.date) -> QuerySet[Entitlement]:
    """An instalment past its date unpaid, or a decision past its deadline."""
    late_instalment = Instalment.objects.overdue(today)
    late_task = DecisionTask.objects.overdue(today)
    return queryset.filter(
        Q(pk__in=late_instalment.values("entitlement")) | Q(pk__in=late_task.values("entitlement"))
    ).exclude(state=EntitlementState.STOPPED)


def visible_tasks(user) -> QuerySet[DecisionTask]:
    """The office sees every task; a department the tasks sent to it."""
    tasks = DecisionTask.objects.all()
    if not user.is_authenticated:
        return tasks.none()
    if is_talent_office(user):
        return tasks
    if is_jurisdiction_staff(user):
        return tasks.filter(office_id=user.jurisdiction_id)
    return tasks.none()


def tasks_for_list(queryset: QuerySet[DecisionTask]) -> QuerySet[DecisionTask]:
    return queryset.select_related(
        "office",
        "decided_by",
        "entitlement",
        "entitlement__talent",
        "entitlement__item",
        "entitlement__certification__unit",
    )


def visible_instalments(user) -> QuerySet[Instalment]:
    return Instalment.objects.filter(entitlement__in=visible_entitlements(user).values("pk"))


def instalments_for_list(queryset: QuerySet[Instalment]) -> QuerySet[Instalment]:
    return queryset.select_related(
        "entitlement",
        "entitlement__talent",
        "entitlement__item",
        "entitlement__certification",
        "entitlement__certification__unit__county",
    ).prefetch_related("payments__paid_by")


@dataclass
class MoneyRow:
    label: str
    promised: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.promised - self.paid


@dataclass
class Totals:
    by_year: list[MoneyRow] = field(default_factory=list)
    by_kind: list[MoneyRow] = field(default_factory=list)
    by_county: list[MoneyRow] = field(default_factory=list)
    by_tier: list[MoneyRow] = field(default_factory=list)
    promised: Decimal = ZERO
    paid: Decimal = ZERO

    def as_chart(self) -> dict:
        return {
            "labels": [r.label for r in self.by_year],
            "promised": [float(r.promised) for r in self.by_year],
            "paid": [float(r.paid) for r in self.by_year],
        }


def _scoped(user) -> tuple[QuerySet[Instalment], QuerySet[Payment]]:
    """Instalments promised (not stopped) and payments made, over the entitlements `user` may see."""
    visible = visible_entitlements(user)
    promised = Instalment.objects.exclude(state=InstalmentState.STOPPED)
    paid = Payment.objects.all()
    if visible.query.has_filters():  # the office sees all: no need to ask which
        promised = promised.filter(entitlement__in=visible.values("pk"))
        paid = paid.filter(instalment__entitlement__in=visible.values("pk"))
    return promised, paid


def money_by_year(user) -> list[MoneyRow]:
    """Promised against paid per year only (the home page): two small grouped queries."""
    promised, paid = _scoped(user)
    years: dict[int, MoneyRow] = {}
    for row in promised.values(y=ExtractYear("due_on")).annotate(s=Sum("amount")).order_by():
        years.setdefault(row["y"], MoneyRow(str(row["y"]))).promised = _money(row["s"])
    for row in paid.values(y=ExtractYear("paid_on")).annotate(s=Sum("amount")).order_by():
        years.setdefault(row["y"], MoneyRow(str(row["y"]))).paid = _money(row["s"])
    return [years[y] for y in sorted(years)]


def totals(user) -> Totals:
    """Money promised (instalments falling due, stopped ones excluded) against money paid, by year,
    by kind of support, by county and by tier, over the entitlements the user may see.

    Two grouped queries (promised, paid) at the finest grain, folded here: the breakdowns add up to
    the same totals by construction, and the cost does not grow with the number of breakdowns."""
    promised, paid = _scoped(user)
    promised_rows = (
        promised.values(
            y=ExtractYear("due_on"),
            kind=F("entitlement__kind"),
            county=F("entitlement__certification__unit__county__name"),
            tier=F("entitlement__certification__tier_code"),
        )
        .annotate(s=Sum("amount"))
        .order_by()
    )
    paid_rows = (
        paid.values(
            y=ExtractYear("paid_on"),
            kind=F("instalment__entitlement__kind"),
            county=F("instalment__entitlement__certification__unit__county__name"),
            tier=F("instalment__entitlement__certification__tier_code"),
        )
        .annotate(s=Sum("amount"))
        .order_by()
    )
    kinds = dict(SupportKind.choices)
    groups: dict[str, dict] = {"y": {}, "kind": {}, "county": {}, "tier": {}}
    for rows, side in ((promised_rows, "promised"), (paid_rows, "paid")):
        for row in rows:
            amount = _money(row["s"])
            for dimension, rows_of in groups.items():
                key = row[dimension]
                if key not in rows_of:
                    label = _label(key, kinds if dimension == "kind" else None)
                    if dimension == "tier" and key is not None:
                        label = _("%(tier)s类") % {"tier": key}
                    rows_of[key] = MoneyRow(label)
                setattr(rows_of[key], side, getattr(rows_of[key], side) + amount)
    result = Totals()
    result.by_year = [groups["y"][y] for y in sorted(groups["y"])]
    result.by_kind = [groups["kind"][k] for k in kinds if k in groups["kind"]]
    result.by_county = [groups["county"][k] for k in sorted(groups["county"], key=str)]
    result.by_tier = [groups["tier"][k] for k in sorted(groups["tier"], key=str)]
    result.promised = sum((r.promised for r in result.by_year), ZERO)
    result.paid = sum((r.paid for r in result.by_year), ZERO)
    return result


def _money(value) -> Decimal:
    """Sums come back from SQLite without their two decimals; money always has them."""
    return Decimal(value or 0).quantize(ZERO)


def _label(key, labels: dict | None) -> str:
    if key is None:
        return "—"
    return str(labels.get(key, key)) if labels else str(key)
