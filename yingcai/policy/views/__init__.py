"""The policy pages: the rules parameters, the tiers and support items, the policy calculator."""

from yingcai.policy.views.rules import approve, publish, rule_list, withdraw

__all__ = ["approve", "publish", "rule_list", "withdraw"]
