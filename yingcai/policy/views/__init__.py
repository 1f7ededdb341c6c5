"""The policy pages: the rules parameters, the tiers and support items, the policy calculator."""

from yingcai.policy.views.rules import publish, rule_list

__all__ = ["publish", "rule_list"]
