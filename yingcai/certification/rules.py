"""Who may see, apply for, review, publish and download certifications (第十三条)."""

import rules

from yingcai.certification.enums import CertificationState
from yingcai.certification.scopes import CERTIFICATION_SCOPE
from yingcai.registry.rules import (
    is_jurisdiction_staff,
    is_talent_office,
    is_unit_staff,
    record_in_users_jurisdiction,
    record_of_users_unit,
)

# The applying unit; the county (district) of the unit, or its line department, reviews it.
is_applying_unit = record_of_users_unit
in_users_jurisdiction = record_in_users_jurisdiction


@rules.predicate
def is_the_certified_talent(user, certification) -> bool:
    return (
        certification is not None
        and user.is_authenticated
        and user.talent_id is not None
        and user.talent_id == certification.talent_id
    )


@rules.predicate
def is_talent_user(user) -> bool:
    return user.is_authenticated and user.talent_id is not None


@rules.predicate
def is_draft(user, certification) -> bool:
    return certification is not None and certification.state == CertificationState.DRAFT


# Who sees which certification is declared once, in scopes.py (the lists read the same rule).
can_view_certification = CERTIFICATION_SCOPE.predicate
can_edit_application = is_talent_office | is_applying_unit

rules.add_perm("certification.list", is_talent_office | is_jurisdiction_staff | is_unit_staff | is_talent_user)
rules.add_perm("certification.view", can_view_certification)
rules.add_perm("certification.apply", is_talent_office | is_unit_staff)
rules.add_perm("certification.edit", can_edit_application)
rules.add_perm("certification.add_evidence", can_edit_application)
rules.add_perm("certification.view_evidence", can_view_certification)
rules.add_perm("certification.check_evidence", is_talent_office | (in_users_jurisdiction & ~is_draft))
rules.add_perm("certification.download_certificate", is_talent_office | is_applying_unit | is_the_certified_talent)
rules.add_perm("certification.manage_publicity", is_talent_office)
rules.add_perm("certification.revoke", is_talent_office)
rules.add_perm("certification.statistics", is_talent_office | is_jurisdiction_staff)
