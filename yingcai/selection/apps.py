from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "yingcai.selection"
    label = "selection"
    verbose_name = _("领军人才遴选")
