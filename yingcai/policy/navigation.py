from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.rules import holds_business_role
from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    found = []
    if user.has_perm("policy.view_rules"):
        found.append(NavEntry("policy", _("政策规则参数"), reverse("policy:rules"), "policy-rules", 20))
        found.append(NavEntry("policy", _("人才层次与待遇"), reverse("policy:tiers"), "policy-tiers", 21))
    if holds_business_role(user):
        found.append(NavEntry("policy", _("政策计算器"), reverse("policy:calculator"), "calculator", 22))
    return found
