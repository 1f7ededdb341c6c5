import rules

from yingcai.registry.rules import is_talent_office

rules.add_perm("audit.view_log", is_talent_office)
