from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.console.context_processors import NavEntry


def entries(user) -> list[NavEntry]:
    if user.has_perm("policy.view_rules"):
        return [NavEntry("policy", _("政策规则参数"), reverse("policy:rules"), "policy-rules", 20)]
    return []
