"""Who sees which certification: declared once, for the lists (`queries.visible_certifications`)
and the object permissions (`certification.view`, `certification.view_evidence`)."""

from django.db.models import Q

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.certification.enums import CertificationState
from yingcai.registry.scopes import (
    everything,
    of_units_in_jurisdiction,
    of_users_talent,
    of_users_unit,
    unit_in_jurisdiction,
)


def _submitted_in_jurisdiction(user) -> Q | bool:
    """A draft stays with its unit until submitted: the county sees it from submission on."""
    in_jurisdiction = of_units_in_jurisdiction(user)
    return in_jurisdiction and in_jurisdiction & ~Q(state=CertificationState.DRAFT)


CERTIFICATION_SCOPE = register(
    Scope(
        model="certification.Certification",
        permission="certification.view",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: _submitted_in_jurisdiction,
            Role.UNIT: of_users_unit,
            Role.TALENT: of_users_talent,
        },
        checks={
            Role.JURISDICTION: lambda user, record: (
                record.state != CertificationState.DRAFT and unit_in_jurisdiction(user, record.unit)
            ),
            Role.UNIT: lambda user, certification: bool(user.unit_id) and certification.unit_id == user.unit_id,
            Role.TALENT: lambda user, certification: (
                bool(user.talent_id) and certification.talent_id == user.talent_id
            ),
        },
    )
)
