"""Shapes of the policy rules, tiers, support items and the policy calculator over JSON
(第十三条, 第十四条). The calculator's verdicts are the eligibility engine's explanation objects."""

import datetime

from ninja import Field, Schema

from yingcai.api.schemas import ConditionOut, DecisionOut
from yingcai.api.types import Code, Codes, Date, Flag, InputSchema, Int


class PolicyRuleOut(Schema):
    key: str
    version: int
    label: str
    value: str
    unit: str
    article: str
    document: str
    citation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    in_force: bool = Field(description="今天是否有效")
    note: str


class SupportItemOut(Schema):
    id: int
    code: str
    tier_code: str
    version: int
    kind: str
    kind_label: str
    name: str
    amount: str | None = Field(description="合计金额（元）；服务类待遇为空")
    instalments: int
    interval_months: int
    needs_decision: bool
    responsible_office: str | None
    decision_working_days: int | None
    confirm_fields: list[str]
    article: str
    document: str
    citation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    is_example: bool


class TierOut(Schema):
    id: int
    code: str
    name: str
    rank: int
    version: int
    max_age: int | None
    min_education: str
    min_title: str
    honours: list[str]
    qualifications: str
    article: str
    document: str
    citation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    is_example: bool
    support_items: list[SupportItemOut]


class ProfileIn(InputSchema):
    """A profile to evaluate. Give `birth_date` or `age` (周岁 on `on`)."""

    on: Date | None = Field(None, description="评估日期，默认今天")
    birth_date: Date | None = None
    age: Int | None = Field(None, ge=0, le=120)
    education: Code = Field("", description="doctorate | master | bachelor | college")
    title: Code = Field("", description="senior_full | senior_deputy | intermediate | junior | none")
    honours: Codes = []
    employment: Code = Field("full_time", description="full_time | flexible | none")
    basis: Code | None = Field("introduced", description="introduced | cultivated | null")
    basis_date: Date | None = Field(None, description="引进日期，或入选、晋升日期")
    introduction_confirmed: Flag = True
    civil_servant: Flag = False


class ProfileOut(Schema):
    birth_date: datetime.date | None
    education: str
    title: str
    honours: list[str]
    employment: str
    basis: str | None
    basis_date: datetime.date | None
    introduction_confirmed: bool
    civil_servant: bool


class TierRefOut(Schema):
    id: int
    code: str
    name: str
    rank: int
    version: int
    article: str
    document: str
    citation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    is_example: bool
    qualifications: str


class RuleVersionOut(Schema):
    key: str
    version: int


class VerdictOut(DecisionOut):
    tier: TierRefOut
    on: datetime.date | None
    eligible: bool
    conditions: list[ConditionOut]
    failed: list[str]
    rules: list[RuleVersionOut]
    support: list[SupportItemOut]


class CalculatorOut(Schema):
    on: datetime.date
    talent_id: int | None = None
    profile: ProfileOut
    verdicts: list[VerdictOut]
