"""Who may read and who may manage which policy (第九条). Checked on every path: list, detail,
edit, publish, attachment download. `queries.visible_policies` is the same rule as a queryset."""

import rules

from yingcai.policylib.scopes import POLICY_SCOPE
from yingcai.registry.rules import is_jurisdiction_staff, is_talent_office


@rules.predicate
def is_published(user, policy) -> bool:
    return policy is not None and policy.is_published


@rules.predicate
def policy_of_users_jurisdiction(user, policy) -> bool:
    """County and department staff manage their own jurisdiction's policies, never the city's
    (no region) nor another county's."""
    if policy is None or not is_jurisdiction_staff(user):
        return False
    return policy.region_id is not None and policy.region_id == user.jurisdiction_id


@rules.predicate
def attachment_of_published_policy(user, attachment) -> bool:
    return attachment is not None and attachment.policy.is_published


@rules.predicate
def attachment_of_manageable_policy(user, attachment) -> bool:
    return attachment is not None and can_manage_policy(user, attachment.policy)


can_manage_policy = is_talent_office | policy_of_users_jurisdiction
# The public (anonymous visitors included) reads what is published; a draft is seen only by
# those who may edit it. Declared once, in scopes.py (the lists read the same rule).
can_view_policy = POLICY_SCOPE.predicate

rules.add_perm("policylib.add_policy", is_talent_office | is_jurisdiction_staff)
rules.add_perm("policylib.view_policy", can_view_policy)
rules.add_perm("policylib.change_policy", can_manage_policy)
rules.add_perm("policylib.publish_policy", can_manage_policy)
rules.add_perm("policylib.delete_policy", can_manage_policy)
rules.add_perm("policylib.download_attachment", attachment_of_published_policy | attachment_of_manageable_policy)
rules.add_perm("policylib.change_attachment", attachment_of_manageable_policy)
