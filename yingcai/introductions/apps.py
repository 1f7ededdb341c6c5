from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroductionsConfig(AppConfig):
    name = "yingcai.introductions"
    label = "introductions"
    verbose_name = _("人才引进")

    def ready(self) -> None:
        from yingcai.introductions import dossier  # noqa: F401  (registers its 一人一档 section)
