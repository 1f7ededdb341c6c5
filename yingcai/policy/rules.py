"""Who may read the policy rules and who may change them (第十四条)."""

import rules

from yingcai.accounts.rules import is_talent_account
from yingcai.registry.rules import is_jurisdiction_staff, is_talent_office, is_unit_staff

# Units, counties and talents read the periods and thresholds they are judged by; experts review
# candidates and have no use for them. Only the talent office (with the S&T bureau) changes them.
rules.add_perm("policy.view_rules", is_talent_office | is_jurisdiction_staff | is_unit_staff | is_talent_account)
rules.add_perm("policy.publish_rule", is_talent_office)
# The policy calculator is public for typed-in profiles; filling it from a talent in the registry
# is for those who may see talents (each only the talents in their scope, see visible_talents).
rules.add_perm(
    "policy.calculate_for_talent", is_talent_office | is_jurisdiction_staff | is_unit_staff | is_talent_account
)
