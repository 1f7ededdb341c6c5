"""Who may see a leading talent's project, grant its funding and report its spending (第三条).

The office sees all and grants; the unit and the talent see and report for their own project;
county and department staff read the projects of units in their jurisdiction; experts see none.
"""

import rules

from yingcai.accounts.rules import is_talent_user
from yingcai.projects.scopes import PROJECT_SCOPE
from yingcai.registry.rules import (
    is_jurisdiction_staff,
    is_talent_office,
    is_unit_staff,
    record_of_users_unit,
)

is_project_unit = record_of_users_unit


@rules.predicate
def is_project_talent(user, project) -> bool:
    return project is not None and is_talent_user(user) and project.talent_id == user.talent_id


@rules.predicate
def wrote_the_report(user, report) -> bool:
    return report is not None and user.is_authenticated and report.reported_by_id == user.pk


# Who sees which project is declared once, in scopes.py (the lists read the same rule).
can_view_project = PROJECT_SCOPE.predicate
# 经费使用自主权: those who carry the project out report what they spent; nobody approves it.
can_report_spending = is_project_unit | is_project_talent

rules.add_perm("projects.list", is_talent_office | is_jurisdiction_staff | is_unit_staff | is_talent_user)
rules.add_perm("projects.view", can_view_project)
rules.add_perm("projects.open", is_talent_office)
rules.add_perm("projects.change", is_talent_office)
rules.add_perm("projects.grant", is_talent_office)
rules.add_perm("projects.report", can_report_spending)
rules.add_perm("projects.correct_report", wrote_the_report)
