"""Where a project's money stands (第三条): granted, spent and left, per year and in total.

Unspent money carries into the next year: a year is over-spent when its spending exceeds its grant
plus what earlier years left unspent. A year that over-spent leaves nothing to the next (its
shortfall is not carried as a debt), and the project as a whole is over-spent when all spending
exceeds all grants. Over-spending is shown as a warning, never refused: within the total the talent
decides how the money is used (经费使用自主权).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from yingcai.projects.enums import SpendingCategory
from yingcai.projects.models import Project

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def wan(amount: Decimal) -> str:
    """An amount in 万元 as the pages and messages show it."""
    return f"{amount:.2f}"


@dataclass(frozen=True)
class CategoryAmount:
    category: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class YearFunding:
    year: int
    granted: Decimal
    carried_in: Decimal  # what earlier years left unspent (never negative)
    spent: Decimal
    by_category: list[CategoryAmount]

    @property
    def available(self) -> Decimal:
        return self.granted + self.carried_in

    @property
    def remaining(self) -> Decimal:
        return self.available - self.spent

    @property
    def over_spent(self) -> bool:
        return self.spent > self.available

    @property
    def over_by(self) -> Decimal:
        return max(self.spent - self.available, ZERO)


@dataclass(frozen=True)
class ProjectFunding:
    total_funding: Decimal  # the project's total, granted or not
    years: list[YearFunding]
    granted: Decimal
    spent: Decimal
    by_category: list[CategoryAmount]
    warnings: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        return self.granted - self.spent

    @property
    def not_yet_granted(self) -> Decimal:
        return self.total_funding - self.granted

    @property
    def over_spent_total(self) -> bool:
        return self.spent > self.granted

    @property
    def over_spent_years(self) -> list[int]:
        return [y.year for y in self.years if y.over_spent]

    @property
    def over_spent(self) -> bool:
        return self.over_spent_total or bool(self.over_spent_years)

    def as_chart(self) -> dict:
        """Spending per year stacked by category, with the money available each year."""
        return {
            "years": [str(y.year) for y in self.years],
            "series": [
                {"name": label, "data": [float(_amount(y.by_category, value)) for y in self.years]}
                for value, label in SpendingCategory.choices
            ],
            "available": [float(y.available) for y in self.years],
            "available_label": _("可用经费（当年拨付＋以前年度结余）"),
        }


def _amount(amounts: list[CategoryAmount], category: str) -> Decimal:
    return next((a.amount for a in amounts if a.category == category), ZERO)


def _categories(amounts: dict[str, Decimal]) -> list[CategoryAmount]:
    return [CategoryAmount(value, str(label), amounts.get(value, ZERO)) for value, label in SpendingCategory.choices]


def compute_funding(
    project: Project,
    *,
    grants: Iterable[tuple[int, Decimal]],
    spending: Iterable[tuple[int, str, Decimal]],
) -> ProjectFunding:
    """The funding status from (year, amount) grants and (year, category, amount) spending."""
    granted_in: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for year, amount in grants:
        granted_in[year] += Decimal(amount).quantize(CENT)
    spent_in: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for year, category, amount in spending:
        spent_in[year][category] += Decimal(amount).quantize(CENT)
    years = sorted(set(project.years) | set(granted_in) | set(spent_in))
    rows: list[YearFunding] = []
    carried = ZERO
    total_by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for year in years:
        categories = spent_in.get(year, {})
        spent = sum(categories.values(), ZERO)
        for category, amount in categories.items():
            total_by_category[category] += amount
        row = YearFunding(year, granted_in.get(year, ZERO), carried, spent, _categories(categories))
        rows.append(row)
        carried = max(row.remaining, ZERO)
    granted = sum(granted_in.values(), ZERO)
    spent = sum(total_by_category.values(), ZERO)
    status = ProjectFunding(project.total_funding, rows, granted, spent, _categories(total_by_category))
    status.warnings.extend(_warnings(status))
    return status


def _warnings(status: ProjectFunding) -> list[str]:
    found = [
        _(
            "%(year)s年度超支%(over)s万元：当年支出%(spent)s万元，超过当年拨付%(granted)s万元"
            "与以前年度结余%(carried)s万元之和。"
        )
        % {
            "year": y.year,
            "over": wan(y.over_by),
            "spent": wan(y.spent),
            "granted": wan(y.granted),
            "carried": wan(y.carried_in),
        }
        for y in status.years
        if y.over_spent
    ]
    if status.over_spent_total:
        found.append(
            _("累计支出%(spent)s万元，超过累计拨付%(granted)s万元（超出%(over)s万元）。")
            % {"spent": wan(status.spent), "granted": wan(status.granted), "over": wan(status.spent - status.granted)}
        )
    return found


def funding_status(project: Project) -> ProjectFunding:
    """Where the project's money stands now (two queries)."""
    grants = project.grants.values_list("year", "amount")
    spending = (
        project.spending_reports.order_by()
        .values("year", "category")
        .annotate(total=Sum("amount"))
        .values_list("year", "category", "total")
    )
    return compute_funding(project, grants=list(grants), spending=list(spending))
