"""Who may see, declare, review and log time for introductions."""

import rules

from yingcai.introductions.enums import IntroductionState
from yingcai.registry.rules import (
    is_jurisdiction_staff,
    is_talent_office,
    is_unit_staff,
)


@rules.predicate
def is_declaring_unit(user, introduction) -> bool:
    return introduction is not None and is_unit_staff(user) and introduction.unit_id == user.unit_id


@rules.predicate
def in_users_jurisdiction(user, introduction) -> bool:
    if introduction is None or not is_jurisdiction_staff(user):
        return False
    unit = introduction.unit
    return user.jurisdiction_id in (unit.county_id, unit.department_id)


@rules.predicate
def is_the_introduced_talent(user, introduction) -> bool:
    return introduction is not None and user.is_authenticated and user.talent_id == introduction.talent_id


@rules.predicate
def is_draft(user, introduction) -> bool:
    return introduction is not None and introduction.state == IntroductionState.DRAFT


# A draft stays with its unit until submitted: the county sees it from submission on.
can_view_introduction = (
    is_talent_office | (in_users_jurisdiction & ~is_draft) | is_declaring_unit | is_the_introduced_talent
)
can_edit_declaration = is_talent_office | is_declaring_unit

rules.add_perm("introductions.list", is_talent_office | is_jurisdiction_staff | is_unit_staff)
rules.add_perm("introductions.view", can_view_introduction)
rules.add_perm("introductions.declare", is_talent_office | is_unit_staff)
rules.add_perm("introductions.edit", can_edit_declaration)
rules.add_perm("introductions.log_work", can_edit_declaration)
rules.add_perm("introductions.close_year", is_talent_office)
rules.add_perm("introductions.manage_channels", is_talent_office | is_jurisdiction_staff)
rules.add_perm("introductions.import", is_talent_office | is_unit_staff)
