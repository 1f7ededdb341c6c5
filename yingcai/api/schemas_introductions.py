"""Shapes of introductions, working periods and yearly compliance over JSON (第七条–第八条)."""

import datetime

from ninja import Schema

from yingcai.api.schemas import Ref, ReviewStepOut, TransitionOut
from yingcai.api.types import Code, Codes, Date, Id, InputSchema, Text, Version, omitted
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.workflows.engine import steps_of


class ChannelRef(Schema):
    id: int
    kind: str
    kind_label: str
    name: str

    @staticmethod
    def resolve_kind_label(channel) -> str:
        return channel.get_kind_display()


class RuleRef(Schema):
    """The policy rule version a decision applied (第十四条)."""

    key: str
    version: int
    label: str
    value: str
    unit: str
    article: str
    document: str

    @staticmethod
    def resolve_value(rule) -> str:
        return f"{rule.value.normalize():f}"


class IntroductionOut(Schema):
    id: int
    talent: Ref
    unit: Ref
    county: str
    mode: str
    mode_label: str
    manner: str
    manner_label: str
    introduced_on: datetime.date
    channel: ChannelRef | None
    chain_code: str | None
    chain_name: str | None
    personnel_transferred_on: datetime.date | None
    transferred_from: str
    contract_start: datetime.date | None
    contract_end: datetime.date | None
    has_contract_file: bool
    service_forms: list[str]
    service_form_labels: list[str]
    agreement_start: datetime.date | None
    agreement_end: datetime.date | None
    contract_rule: RuleRef | None
    decision_note: str
    state: str
    state_label: str
    ended_on: datetime.date | None
    end_reason: str
    supersedes_id: int | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_talent(introduction) -> dict:
        return {"id": introduction.talent_id, "name": introduction.talent.name}

    @staticmethod
    def resolve_unit(introduction) -> dict:
        return {"id": introduction.unit_id, "name": introduction.unit.name}

    @staticmethod
    def resolve_county(introduction) -> str:
        return introduction.unit.county.name

    @staticmethod
    def resolve_mode_label(introduction) -> str:
        return introduction.get_mode_display()

    @staticmethod
    def resolve_manner_label(introduction) -> str:
        return introduction.get_manner_display()

    @staticmethod
    def resolve_state_label(introduction) -> str:
        return introduction.get_state_display()

    @staticmethod
    def resolve_chain_code(introduction) -> str | None:
        return introduction.chain.code if introduction.chain else None

    @staticmethod
    def resolve_chain_name(introduction) -> str | None:
        return introduction.chain.name if introduction.chain else None

    @staticmethod
    def resolve_has_contract_file(introduction) -> bool:
        return bool(introduction.contract_file)


class IntroductionDetailOut(IntroductionOut):
    """One introduction with where it stands in review and what the caller may do next."""

    review_steps: list[ReviewStepOut]
    available_transitions: list[TransitionOut]

    @staticmethod
    def resolve_review_steps(introduction) -> list:
        return list(steps_of(introduction))

    @staticmethod
    def resolve_available_transitions(introduction, context) -> list[dict]:
        user = context["request"].user
        return [
            {"name": t.name, "label": str(t.label), "needs_reason": t.needs_reason}
            for t in INTRODUCTION_REVIEW.available(user, introduction)
        ]


class IntroductionIn(InputSchema):
    """A declaration. Full-time (full_time) takes the personnel transfer and contract fields,
    flexible (flexible) the service forms and agreement; the other mode's fields are ignored."""

    talent_id: Id
    unit_id: Id
    mode: Code
    manner: Code
    introduced_on: Date
    channel_id: Id | None = None
    chain_code: Code | None = None
    personnel_transferred_on: Date | None = None
    transferred_from: str = ""
    contract_start: Date | None = None
    contract_end: Date | None = None
    service_forms: Codes = []
    agreement_start: Date | None = None
    agreement_end: Date | None = None


class IntroductionPatch(InputSchema):
    """The fields to change; a field left out stays as it is. Mode, manner, date of introduction,
    the former employer and the service forms cannot be null; the others can (none)."""

    version: Version
    mode: Code = omitted()
    manner: Code = omitted()
    introduced_on: Date = omitted()
    channel_id: Id | None = None
    chain_code: Code | None = None
    personnel_transferred_on: Date | None = None
    transferred_from: str = omitted()
    contract_start: Date | None = None
    contract_end: Date | None = None
    service_forms: Codes = omitted()
    agreement_start: Date | None = None
    agreement_end: Date | None = None


class WorkPeriodOut(Schema):
    id: int
    start: datetime.date
    end: datetime.date
    days: int
    description: str
    logged_at: datetime.datetime

    @staticmethod
    def resolve_days(period) -> int:
        return (period.end - period.start).days + 1


class WorkPeriodIn(InputSchema):
    start: Date
    end: Date
    description: Text


class YearComplianceOut(Schema):
    """One calendar year of a flexible talent: days worked (overlaps counted once, periods cut at
    the year's ends) against the days the rule in force required (第八条)."""

    year: int
    days_worked: int
    days_required: int
    shortfall: int
    status: str
    status_label: str
    at_risk: bool
    rule: RuleRef
    explanation: str
    frozen: bool

    @staticmethod
    def resolve_status(result) -> str:
        return str(result.status.value)


class AtRiskOut(Schema):
    introduction_id: int
    talent: Ref
    unit: Ref
    county: str
    agreement_start: datetime.date | None
    agreement_end: datetime.date | None
    compliance: YearComplianceOut

    @staticmethod
    def resolve_introduction_id(pair) -> int:
        return pair[0].pk

    @staticmethod
    def resolve_talent(pair) -> dict:
        return {"id": pair[0].talent_id, "name": pair[0].talent.name}

    @staticmethod
    def resolve_unit(pair) -> dict:
        return {"id": pair[0].unit_id, "name": pair[0].unit.name}

    @staticmethod
    def resolve_county(pair) -> str:
        return pair[0].unit.county.name

    @staticmethod
    def resolve_agreement_start(pair) -> datetime.date | None:
        return pair[0].agreement_start

    @staticmethod
    def resolve_agreement_end(pair) -> datetime.date | None:
        return pair[0].agreement_end

    @staticmethod
    def resolve_compliance(pair):
        return pair[1]
