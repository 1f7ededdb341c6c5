"""Shapes of certifications (人才认定, 第十三条) over JSON."""

import datetime

from ninja import Schema

from yingcai.api.schemas import ReviewStepOut, TransitionOut
from yingcai.certification.workflow import review_buttons
from yingcai.workflows.engine import steps_of


class Ref(Schema):
    id: int
    name: str


class ConditionOut(Schema):
    group: str = ""
    code: str
    label: str
    passed: bool
    detail: str
    article: str
    citation: str


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


class ExplanationOut(Schema):
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

    eligibility: ExplanationOut | None
    evidence: list[EvidenceOut]
    review_steps: list[ReviewStepOut]
    available_transitions: list[TransitionOut]

    @staticmethod
    def resolve_eligibility(certification) -> dict | None:
        return certification.eligibility or None

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


class ApplicationIn(Schema):
    """An application. 全职新引进 (introduced) takes the confirmed full-time introduction, 新培养
    (cultivated) the date of selection or promotion and a note."""

    talent_id: int
    unit_id: int
    tier_code: str
    basis: str
    introduction_id: int | None = None
    cultivated_on: datetime.date | None = None
    cultivation_note: str = ""
    honours: list[str] = []
    civil_servant: bool = False


class ApplicationPatch(Schema):
    version: int
    tier_code: str | None = None
    basis: str | None = None
    introduction_id: int | None = None
    cultivated_on: datetime.date | None = None
    cultivation_note: str | None = None
    honours: list[str] | None = None
    civil_servant: bool | None = None


class ReasonIn(Schema):
    reason: str


class EvidenceCheckIn(Schema):
    result: str
    note: str = ""


class PublicityIn(Schema):
    certification_ids: list[int]


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
