"""Shapes of leading talents' projects, their funding and spending over JSON (第三条).

Amounts are in 万元, as strings with two decimals (no rounding through floats)."""

import datetime
from decimal import Decimal

from ninja import Schema

from yingcai.api.schemas import Ref
from yingcai.api.types import Code, Date, InputSchema, Money, Text, Version, Year, omitted
from yingcai.projects.domain.funding import funding_status

CENT = Decimal("0.01")


class ProjectOut(Schema):
    id: int
    name: str
    talent: Ref
    unit: Ref
    county: str
    nomination_id: int
    total_funding: Decimal
    start_year: int
    end_year: int
    state: str
    state_label: str
    over_spent: bool
    granted_total: Decimal
    spent_total: Decimal
    version: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_talent(project) -> dict:
        return {"id": project.talent_id, "name": project.talent.name}

    @staticmethod
    def resolve_unit(project) -> dict:
        return {"id": project.unit_id, "name": project.unit.name}

    @staticmethod
    def resolve_county(project) -> str:
        return project.unit.county.name

    @staticmethod
    def resolve_state_label(project) -> str:
        return project.get_state_display()

    @staticmethod
    def resolve_over_spent(project) -> bool:
        return project.over_spent_since is not None

    # Sums from subqueries come back with the database's own precision: shown to the cent.
    @staticmethod
    def resolve_granted_total(project) -> Decimal:
        return Decimal(project.granted_total).quantize(CENT)

    @staticmethod
    def resolve_spent_total(project) -> Decimal:
        return Decimal(project.spent_total).quantize(CENT)


class CategoryAmountOut(Schema):
    category: str
    label: str
    amount: Decimal


class YearFundingOut(Schema):
    year: int
    granted: Decimal
    carried_in: Decimal
    available: Decimal
    spent: Decimal
    remaining: Decimal
    over_spent: bool
    over_by: Decimal
    by_category: list[CategoryAmountOut]


class FundingOut(Schema):
    """Per year and in total. A year is over-spent when its spending exceeds its grant plus what
    earlier years left unspent; the project when all spending exceeds all grants. A warning, never
    a refusal (经费使用自主权)."""

    total_funding: Decimal
    granted: Decimal
    spent: Decimal
    remaining: Decimal
    not_yet_granted: Decimal
    over_spent: bool
    over_spent_total: bool
    over_spent_years: list[int]
    years: list[YearFundingOut]
    by_category: list[CategoryAmountOut]
    warnings: list[str]


class GrantOut(Schema):
    id: int
    year: int
    amount: Decimal
    granted_on: datetime.date
    note: str


class ProjectDetailOut(ProjectOut):
    funding: FundingOut
    grants: list[GrantOut]

    @staticmethod
    def resolve_funding(project):
        return funding_status(project)

    @staticmethod
    def resolve_grants(project) -> list:
        return list(project.grants.all())


class GrantIn(InputSchema):
    year: Year
    amount: Money
    granted_on: Date | None = None
    note: Text = ""


class SpendingIn(InputSchema):
    """Broad categories: equipment 设备费, business 业务费（材料、测试、差旅会议等）, labour 劳务费,
    expert_consulting 专家咨询费, indirect 间接费用, other 其他."""

    year: Year
    category: Code
    amount: Money
    note: Text = ""


class SpendingPatch(InputSchema):
    """The corrected amount, and the category or note if they change too (left out: unchanged)."""

    amount: Money
    category: Code = omitted()
    note: Text = omitted()
    version: Version | None = None
    reason: Text = ""


class SpendingOut(Schema):
    id: int
    year: int
    category: str
    category_label: str
    amount: Decimal
    note: str
    reported_by: str
    reported_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_category_label(report) -> str:
        return report.get_category_display()

    @staticmethod
    def resolve_reported_by(report) -> str:
        return str(report.reported_by) if report.reported_by else ""


class SpendingResultOut(Schema):
    """The report as recorded, with the project's funding after it (warnings included)."""

    report: SpendingOut
    funding: FundingOut
