from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "yingcai.registry"
    label = "registry"
    verbose_name = _("人才与单位登记")
