import datetime

from ninja import Schema

from yingcai.api.types import Code, Codes, Flag, Id, InputSchema, Text, Version, omitted
from yingcai.registry.domain.masking import mask_id_number, mask_phone


class ErrorOut(Schema):
    """Every refusal of the API: a message, or the messages by field (`__all__` for the whole)."""

    detail: str | dict[str, list[str]]


# The refusals an operation can answer with, for its `response=` (see yingcai.api.errors):
# 400 a request body that is not JSON, 401 not signed in, 403 not allowed, 404 not found or out
# of scope, 409 still referenced or a clash with an existing record, 422 invalid input.
READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
ERRORS = {400: ErrorOut, **READ_ERRORS, 409: ErrorOut}


# The review chains' shapes (yingcai.workflows), the same for every flow that has one.
class TransitionOut(Schema):
    name: str
    label: str
    needs_reason: bool


class ReviewStepOut(Schema):
    transition: str
    transition_label: str
    from_state: str
    to_state: str
    actor_name: str
    actor_scope: str
    reason: str
    at: datetime.datetime


class ReviewIn(InputSchema):
    transition: Code
    reason: Text = ""


class ConditionOut(Schema):
    """One condition of a decision (core.decisions.Condition: certification, the policy calculator,
    the 第三条 nomination check): passed or not, why, the article it comes from and, when a versioned
    policy rule decided it, the rule's version. `group` names the part of the check it belongs to."""

    group: str = ""
    code: str
    label: str
    passed: bool
    detail: str
    article: str
    citation: str = ""
    rule_version: int | None = None


class DecisionOut(Schema):
    """Every decision the API shows (core.decisions.Decision): the verdict and its conditions, in
    the reader's language whatever code stored it (core.decisions.render_decision)."""

    verdict: bool
    conditions: list[ConditionOut]

    @staticmethod
    def resolve_verdict(decision) -> bool:
        get = decision.get if isinstance(decision, dict) else lambda name, d=None: getattr(decision, name, d)
        verdict = get("verdict", None)
        return bool(get("eligible", False) if verdict is None else verdict)


class UnitOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    kind_label: str
    county_id: int
    county: str
    department_id: int | None
    chain_codes: list[str]
    cluster_codes: list[str]
    tech_field_codes: list[str]
    address: str
    contact_name: str
    is_active: bool
    version: int

    @staticmethod
    def resolve_kind_label(unit) -> str:
        return unit.get_kind_display()

    @staticmethod
    def resolve_county(unit) -> str:
        return unit.county.name

    @staticmethod
    def resolve_chain_codes(unit) -> list[str]:
        return [c.code for c in unit.chains.all()]

    @staticmethod
    def resolve_cluster_codes(unit) -> list[str]:
        return [c.code for c in unit.clusters.all()]

    @staticmethod
    def resolve_tech_field_codes(unit) -> list[str]:
        return [f.code for f in unit.tech_fields.all()]


class UnitIn(InputSchema):
    name: str
    credit_code: str
    kind: str
    county_id: Id
    department_id: Id | None = None
    cluster_codes: Codes = []
    chain_codes: Codes = []
    tech_field_codes: Codes = []
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_active: Flag = True


class UnitPatch(InputSchema):
    """The fields to change; a field left out stays as it is. Only `department_id` may be null."""

    version: Version
    reason: Text = ""
    name: str = omitted()
    credit_code: str = omitted()
    kind: str = omitted()
    county_id: Id = omitted()
    department_id: Id | None = None
    cluster_codes: Codes = omitted()
    chain_codes: Codes = omitted()
    tech_field_codes: Codes = omitted()
    address: str = omitted()
    contact_name: str = omitted()
    contact_phone: str = omitted()
    is_active: Flag = omitted()


class Ref(Schema):
    """A record named: the one shape for every reference to a unit, talent, office and so on."""

    id: int
    name: str


class TalentOut(Schema):
    id: int
    name: str
    id_number_masked: str
    gender: str
    # The year only: the birth date's digits would narrow the masked ID number to a few candidates.
    birth_year: int
    education: str
    title: str
    specialty: str
    tech_field_code: str | None
    chain_code: str | None
    has_overseas_experience: bool
    phone_masked: str
    email: str
    units: list[Ref]
    version: int

    @staticmethod
    def resolve_id_number_masked(talent) -> str:
        return mask_id_number(talent.id_number)

    @staticmethod
    def resolve_birth_year(talent) -> int:
        return talent.birth_date.year

    @staticmethod
    def resolve_phone_masked(talent) -> str:
        return mask_phone(talent.phone) if talent.phone else ""

    @staticmethod
    def resolve_tech_field_code(talent) -> str | None:
        return talent.tech_field.code if talent.tech_field else None

    @staticmethod
    def resolve_chain_code(talent) -> str | None:
        return talent.chain.code if talent.chain else None

    @staticmethod
    def resolve_units(talent) -> list[dict]:
        return [{"id": a.unit.pk, "name": a.unit.name} for a in talent.current_affiliations]


class TalentIn(InputSchema):
    name: str
    id_number: str
    education: str
    title: str = "none"
    specialty: str = ""
    tech_field_code: Code | None = None
    chain_code: Code | None = None
    has_overseas_experience: Flag = False
    overseas_note: str = ""
    phone: str = ""
    email: str = ""
    unit_id: Id | None = None
    position: str = ""


class TalentPatch(InputSchema):
    """The fields to change; a field left out stays as it is. Only the codes may be null (none)."""

    version: Version
    reason: Text = ""
    name: str = omitted()
    id_number: str = omitted()
    education: str = omitted()
    title: str = omitted()
    specialty: str = omitted()
    tech_field_code: Code | None = None
    chain_code: Code | None = None
    has_overseas_experience: Flag = omitted()
    overseas_note: str = omitted()
    phone: str = omitted()
    email: str = omitted()


class PersonalDataOut(Schema):
    id_number: str
    phone: str


class ReferenceOut(Schema):
    id: int
    code: str | None
    name: str
