"""Who may do what in a selection round. Checked on every path: page, API, export, download.

Date-bound predicates read today's date; the domain functions take ``on`` for the same checks.
"""

import rules
from django.utils import timezone

from yingcai.accounts.rules import is_expert
from yingcai.registry.rules import (
    is_talent_office,
    is_unit_staff,
    record_of_users_unit,
    talent_works_at_users_unit,
)
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES
from yingcai.selection.scopes import NOMINATION_SCOPE


@rules.predicate
def is_the_assigned_expert(user, assignment) -> bool:
    return assignment is not None and is_expert(user) and assignment.expert.user_id == user.pk


is_nominating_unit = record_of_users_unit


@rules.predicate
def reviews_the_nomination(user, nomination) -> bool:
    """An expert with an active assignment (not after declaring a conflict or withdrawing)."""
    return (
        nomination is not None
        and is_expert(user)
        and nomination.assignments.filter(expert__user=user, state__in=ACTIVE_ASSIGNMENT_STATES).exists()
    )


@rules.predicate
def writes_the_sheet(user, sheet) -> bool:
    return sheet is not None and is_the_assigned_expert(user, sheet.assignment)


@rules.predicate
def scoring_has_closed(user, sheet) -> bool:
    return sheet is not None and sheet.assignment.nomination.round.scoring_closed_on(timezone.localdate())


@rules.predicate
def reviews_the_sheets_nomination(user, sheet) -> bool:
    return sheet is not None and reviews_the_nomination(user, sheet.assignment.nomination)


# Nobody reads another expert's scores before scoring closes, the office included: the ranking is
# not known to anyone while it can still move.
can_view_scoresheet = writes_the_sheet | (scoring_has_closed & (is_talent_office | reviews_the_sheets_nomination))

rules.add_perm("selection.manage_round", is_talent_office)
rules.add_perm("selection.view_rounds", is_talent_office | is_unit_staff)
rules.add_perm("selection.list_nominations", is_talent_office | is_unit_staff)
rules.add_perm("selection.edit_nomination", is_talent_office | is_nominating_unit)
rules.add_perm("selection.check_nomination", is_talent_office)
rules.add_perm("selection.withdraw_nomination", is_nominating_unit)
rules.add_perm("selection.manage_experts", is_talent_office)
rules.add_perm("selection.export", is_talent_office)
rules.add_perm("selection.nominate", is_talent_office | talent_works_at_users_unit)
# Who sees which nomination is declared once, in scopes.py (the lists read the same rule).
rules.add_perm("selection.view_nomination", NOMINATION_SCOPE.predicate)
# The materials the experts read (CV, achievements, 任务书, 推荐意见): the nominating unit (and the office)
# maintains them while the nomination may be corrected (domain.materials); an expert reads them only
# while assigned (not after 回避 or withdrawing). The public and other units never.
rules.add_perm("selection.edit_materials", is_talent_office | is_nominating_unit)
rules.add_perm("selection.view_materials", is_talent_office | is_nominating_unit | reviews_the_nomination)
rules.add_perm("selection.assign_experts", is_talent_office)
# Why each expert is kept off each nomination (回避情况) names people and links: the office only.
rules.add_perm("selection.view_conflicts", is_talent_office)
rules.add_perm("selection.declare_conflict", is_the_assigned_expert)
rules.add_perm("selection.score", is_the_assigned_expert)
rules.add_perm("selection.view_scoresheet", can_view_scoresheet)
rules.add_perm("selection.view_results", is_talent_office)
rules.add_perm("selection.decide_shortlist", is_talent_office)
