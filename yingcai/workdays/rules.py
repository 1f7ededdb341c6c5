"""The holiday calendar is reference data: the system administrator keeps it in the Django admin."""

import rules

from yingcai.accounts.rules import is_system_admin

rules.add_perm("workdays", is_system_admin)
for _action in ("view", "add", "change", "delete"):
    rules.add_perm(f"workdays.{_action}_calendarday", is_system_admin)
