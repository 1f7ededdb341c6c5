from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicylibConfig(AppConfig):
    name = "yingcai.policylib"
    label = "policylib"
    verbose_name = _("政策库")
