from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "yingcai.support"
    label = "support"
    verbose_name = _("人才待遇")
