from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingcai.console.context_processors import NavEntry


def entries(user) -> list[NavEntry]:
    # Every signed-in role reads the published policies; what else they see is up to rules.py.
    return [NavEntry("policy", _("政策库"), reverse("policylib:list"), "policy", 10)]
