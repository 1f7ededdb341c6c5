"""Who may do what to which unit or talent. Checked on every path: page, API, export, download."""

import rules

from yingcai.accounts.rules import (
    is_jurisdiction_staff,
    is_system_admin,
    is_talent_office,
    is_talent_user,
    is_unit_staff,
)
from yingcai.registry.scopes import (
    PROFILE_CHANGE_SCOPE,
    TALENT_SCOPE,
    UNIT_SCOPE,
    current_affiliations,
    units_in_jurisdiction_q,
)


@rules.predicate
def unit_in_users_jurisdiction(user, unit) -> bool:
    if unit is None or not is_jurisdiction_staff(user):
        return False
    return user.jurisdiction_id in (unit.county_id, unit.department_id)


@rules.predicate
def is_own_unit(user, unit) -> bool:
    return unit is not None and is_unit_staff(user) and unit.pk == user.unit_id


# A record that belongs to a unit (an introduction, a nomination, a certification, a project):
# the unit's own staff, and the county and line department the unit answers to.
@rules.predicate
def record_of_users_unit(user, record) -> bool:
    return record is not None and is_unit_staff(user) and record.unit_id == user.unit_id


@rules.predicate
def record_in_users_jurisdiction(user, record) -> bool:
    return record is not None and unit_in_users_jurisdiction(user, record.unit)


@rules.predicate
def talent_in_users_jurisdiction(user, talent) -> bool:
    if talent is None or not is_jurisdiction_staff(user):
        return False
    return (
        current_affiliations()
        .filter(units_in_jurisdiction_q(user.jurisdiction_id, prefix="unit__"), talent=talent)
        .exists()
    )


@rules.predicate
def talent_works_at_users_unit(user, talent) -> bool:
    if talent is None or not is_unit_staff(user):
        return False
    return current_affiliations().filter(unit_id=user.unit_id, talent=talent).exists()


@rules.predicate
def is_the_talent(user, talent) -> bool:
    return talent is not None and is_talent_user(user) and user.talent_id == talent.pk


@rules.predicate
def asked_for_the_change(user, change) -> bool:
    return change is not None and is_the_talent(user, change.talent)


@rules.predicate
def confirms_for_the_unit(user, change) -> bool:
    """The staff of the unit the request went to, while the talent still works there."""
    return (
        change is not None
        and change.unit_id is not None
        and is_unit_staff(user)
        and change.unit_id == user.unit_id
        and talent_works_at_users_unit(user, change.talent)
    )


@rules.predicate
def goes_to_the_office(user, change) -> bool:
    return change is not None and is_talent_office(user)


# Who sees which unit and talent is declared once, in scopes.py (the lists read the same rule).
can_view_unit = UNIT_SCOPE.predicate
can_change_unit = is_talent_office | unit_in_users_jurisdiction | is_own_unit
can_view_talent = TALENT_SCOPE.predicate
can_change_talent = is_talent_office | talent_works_at_users_unit
# The county reviews without reading ID numbers and phones; the person's own unit and the office may.
can_see_personal_data = is_talent_office | talent_works_at_users_unit | is_the_talent

rules.add_perm("registry.view_unit", can_view_unit)
rules.add_perm("registry.change_unit", can_change_unit)
rules.add_perm("registry.add_unit", is_talent_office | is_jurisdiction_staff)
rules.add_perm("registry.delete_unit", is_talent_office)
rules.add_perm("registry.list_units", is_talent_office | is_jurisdiction_staff | is_unit_staff)
rules.add_perm("registry.view_talent", can_view_talent)
rules.add_perm("registry.change_talent", can_change_talent)
rules.add_perm("registry.add_talent", is_talent_office | is_unit_staff)
rules.add_perm("registry.delete_talent", is_talent_office)
rules.add_perm("registry.list_talents", is_talent_office | is_jurisdiction_staff | is_unit_staff)
rules.add_perm("registry.view_personal_data", can_see_personal_data)
# 我的档案: a talent asks to change their own profile; the unit they work at confirms (the office
# may too, and does for a talent with no unit).
can_decide_profile_change = confirms_for_the_unit | goes_to_the_office
rules.add_perm("registry.request_profile_change", is_the_talent)
# The talent who asked, the unit that confirms and the office (scopes.py).
rules.add_perm("registry.view_profile_change", PROFILE_CHANGE_SCOPE.predicate)
rules.add_perm("registry.decide_profile_change", can_decide_profile_change)
rules.add_perm("registry.list_profile_changes", is_talent_office | is_unit_staff)
# Finding a talent by a whole ID number: only those who may see the ID numbers of all they list
# (a unit's staff list only their own people). Counties, departments and experts may not: with the
# masked number and the birth year a guessed number would be confirmed.
rules.add_perm("registry.search_id_number", is_talent_office | is_unit_staff)
rules.add_perm("registry.export", is_talent_office | is_jurisdiction_staff | is_unit_staff)

# Reference data (counties and departments, 7群12链, platform types, key fields) is kept by the
# system administrator in the Django admin (三员分立), audited by AuditedModelAdmin.
rules.add_perm("registry", is_system_admin)
for _model in ("jurisdiction", "industrycluster", "industrychain", "platformtype", "keytechfield"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"registry.{_action}_{_model}", is_system_admin)
