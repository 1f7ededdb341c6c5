import datetime

from ninja import Schema

from yingcai.registry.domain.masking import mask_id_number, mask_phone


class ErrorOut(Schema):
    detail: str | dict[str, list[str]]


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


class ReviewIn(Schema):
    transition: str
    reason: str = ""


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


class UnitIn(Schema):
    name: str
    credit_code: str
    kind: str
    county_id: int
    department_id: int | None = None
    cluster_codes: list[str] = []
    chain_codes: list[str] = []
    tech_field_codes: list[str] = []
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_active: bool = True


class UnitPatch(Schema):
    version: int
    reason: str = ""
    name: str | None = None
    credit_code: str | None = None
    kind: str | None = None
    county_id: int | None = None
    department_id: int | None = None
    cluster_codes: list[str] | None = None
    chain_codes: list[str] | None = None
    tech_field_codes: list[str] | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    is_active: bool | None = None


class UnitRef(Schema):
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
    units: list[UnitRef]
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


class TalentIn(Schema):
    name: str
    id_number: str
    education: str
    title: str = "none"
    specialty: str = ""
    tech_field_code: str | None = None
    chain_code: str | None = None
    has_overseas_experience: bool = False
    overseas_note: str = ""
    phone: str = ""
    email: str = ""
    unit_id: int | None = None
    position: str = ""


class TalentPatch(Schema):
    version: int
    reason: str = ""
    name: str | None = None
    id_number: str | None = None
    education: str | None = None
    title: str | None = None
    specialty: str | None = None
    tech_field_code: str | None = None
    chain_code: str | None = None
    has_overseas_experience: bool | None = None
    overseas_note: str | None = None
    phone: str | None = None
    email: str | None = None


class PersonalDataOut(Schema):
    id_number: str
    phone: str


class ReferenceOut(Schema):
    id: int
    code: str | None
    name: str
