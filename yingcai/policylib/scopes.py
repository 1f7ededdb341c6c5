"""Who reads which policy: declared once, for the lists (`queries.visible_policies`) and the object
permission (`policylib.view_policy`). The public (anonymous visitors included) reads what is
published; a draft is seen only by those who may edit it: the office, and the county or department
whose policy it is."""

from django.db.models import Q

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.registry.scopes import everything

PUBLISHED = Q(is_published=True)


def _published_or_of_users_jurisdiction(user) -> Q:
    if user.jurisdiction_id is None:
        return PUBLISHED
    return PUBLISHED | Q(region_id=user.jurisdiction_id)


POLICY_SCOPE = register(
    Scope(
        model="policylib.Policy",
        permission="policylib.view_policy",
        roles={Role.TALENT_OFFICE: everything, Role.JURISDICTION: _published_or_of_users_jurisdiction},
        anonymous=PUBLISHED,
        others=PUBLISHED,
        checks={
            role: lambda user, policy: policy.is_published
            for role in Role
            if role not in (Role.TALENT_OFFICE, Role.JURISDICTION)
        },
    )
)
