"""Who may see, declare, review and log time for introductions."""

import rules

from yingcai.introductions.enums import IntroductionState
from yingcai.registry.rules import (
    is_jurisdiction_staff,
    is_talent_office,
    is_unit_staff,
    record_in_users_jurisdiction,
    record_of_users_unit,
)

is_declaring_unit = record_of_users_unit
in_users_jurisdiction = record_in_users_jurisdiction


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
# Reminding units of talents short of days is for those above the units (第八条).
rules.add_perm("introductions.remind", is_talent_office | is_jurisdiction_staff)
rules.add_perm("introductions.manage_channels", is_talent_office | is_jurisdiction_staff)
rules.add_perm("introductions.import", is_talent_office | is_unit_staff)
