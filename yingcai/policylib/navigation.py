from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.rules import holds_business_role
from yingcai.core.navigation import NavEntry


def entries(user) -> list[NavEntry]:
    # Every signed-in role reads the published policies (the administrators have no business role);
    # what else they see is up to rules.py.
    if not holds_business_role(user):
        return []
    return [NavEntry("policy", _("政策库"), reverse("policylib:list"), "policy", 10)]
