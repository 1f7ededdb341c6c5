"""The holiday calendar: the talent office enters each new year's official schedule on its pages
(its deadlines depend on it); the system administrator may correct single days in the Django admin."""

import rules

from yingcai.accounts.rules import is_system_admin, is_talent_office

rules.add_perm("workdays", is_system_admin)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"workdays.{_action}_calendarday", is_system_admin)
rules.add_perm("workdays.view_calendar", is_talent_office)
rules.add_perm("workdays.enter_year", is_talent_office)
