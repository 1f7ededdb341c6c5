"""Who may see, declare, review and log time for introductions."""

import rules

from yingcai.introductions.enums import IntroductionState
from yingcai.introductions.scopes import INTRODUCTION_SCOPE
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
def is_draft(user, introduction) -> bool:
    return introduction is not None and introduction.state == IntroductionState.DRAFT


# Who sees which introduction is declared once, in scopes.py (the lists read the same rule).
can_view_introduction = INTRODUCTION_SCOPE.predicate
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
