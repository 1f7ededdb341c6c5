"""Shapes of certifications (人才认定, 第十三条) over JSON."""

import datetime

from ninja import Schema

from yingcai.api.schemas import ConditionOut, DecisionOut, Ref, ReviewStepOut, TransitionOut
from yingcai.api.types import Code, Codes, Date, Flag, Id, Ids, InputSchema, Text, Version, omitted
from yingcai.certification.workflow import review_buttons
from yingcai.core.decisions import render_decision
from yingcai.workflows.engine import steps_of


class TierRef(Schema):
    id: int
    code: str
    name: str
    rank: int
    version: int
    citation: str
    is_example: bool


class RuleVersionRef(Schema):
    id: int
    key: str
    version: int
    value: str
    citation: str


class EligibilityOut(DecisionOut):
    """The eligibility decision: every condition with its result, article and rule version."""

    on: datetime.date
    eligible: bool
    tier: TierRef | None
    conditions: list[ConditionOut]
    rules: list[RuleVersionRef]


class CertificationOut(Schema):
    id: int
    talent: Ref
    unit: Ref
    county: str
    tier_code: str
    tier_name: str | None
    basis: str
    basis_label: str
    introduction_id: int | None
    cultivated_on: datetime.date | None
    cultivation_note: str
    honours: list[str]
    civil_servant: bool
    state: str
    state_label: str
    certificate_number: str | None
    certified_on: datetime.date | None
    valid_until: datetime.date | None
    revoked_reason: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_talent(certification) -> dict:
        return {"id": certification.talent_id, "name": certification.talent.name}

    @staticmethod
    def resolve_unit(certification) -> dict:
        return {"id": certification.unit_id, "name": certification.unit.name}

    @staticmethod
    def resolve_county(certification) -> str:
        return certification.unit.county.name

    @staticmethod
    def resolve_tier_name(certification) -> str | None:
        return certification.tier.name if certification.tier else None

    @staticmethod
    def resolve_basis_label(certification) -> str:
        return certification.get_basis_display()

    @staticmethod
    def resolve_state_label(certification) -> str:
        return certification.get_state_display()


class EvidenceOut(Schema):
    id: int
    kind: str
    kind_label: str
    original_name: str
    size: int
    content_type: str
    uploaded_at: datetime.datetime
    check_result: str
    check_result_label: str
    check_note: str
    checked_at: datetime.datetime | None

    @staticmethod
    def resolve_kind_label(evidence) -> str:
        return evidence.get_kind_display()

    @staticmethod
    def resolve_check_result_label(evidence) -> str:
        return evidence.get_check_result_display()


class CertificationDetailOut(CertificationOut):
    """One application with its eligibility explanation, evidence, review steps and next steps."""

    eligibility: EligibilityOut | None
    evidence: list[EvidenceOut]
    review_steps: list[ReviewStepOut]
    available_transitions: list[TransitionOut]

    @staticmethod
    def resolve_eligibility(certification) -> dict | None:
        return render_decision(certification.eligibility) or None

    @staticmethod
    def resolve_evidence(certification) -> list:
        return list(certification.evidence.all())

    @staticmethod
    def resolve_review_steps(certification) -> list:
        return list(steps_of(certification))

    @staticmethod
    def resolve_available_transitions(certification, context) -> list[dict]:
        user = context["request"].user
        return [
            {"name": t.name, "label": str(t.label), "needs_reason": t.needs_reason}
            for t in review_buttons(user, certification)
        ]


class ApplicationIn(InputSchema):
    """An application. 全职新引进 (introduced) takes the confirmed full-time introduction, 新培养
    (cultivated) the date of selection or promotion and a note."""

    talent_id: Id
    unit_id: Id
    tier_code: Code
    basis: Code
    introduction_id: Id | None = None
    cultivated_on: Date | None = None
    cultivation_note: Text = ""
    honours: Codes = []
    civil_servant: Flag = False


class ApplicationPatch(InputSchema):
    """The fields to change; a field left out stays as it is. Only the introduction and the date of
    cultivation may be null (none)."""

    version: Version
    tier_code: Code = omitted()
    basis: Code = omitted()
    introduction_id: Id | None = None
    cultivated_on: Date | None = None
    cultivation_note: Text = omitted()
    honours: Codes = omitted()
    civil_servant: Flag = omitted()


class RevokeIn(InputSchema):
    reason: Text


class EvidenceCheckIn(InputSchema):
    result: Code
    note: Text = ""


class PublicityIn(InputSchema):
    certification_ids: Ids


class PublicityOut(Schema):
    id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    working_days: int
    state: str


class FinishOut(Schema):
    certified: list[int]
    rejected: list[int]


class VerificationOut(Schema):
    """What anyone may learn from a certificate's QR code: never the ID number."""

    certificate_number: str
    status: str
    status_label: str
    name_masked: str
    tier_code: str
    tier_name: str | None
    unit_name: str
    certified_on: datetime.date
    valid_until: datetime.date
