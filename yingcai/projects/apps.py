from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "yingcai.projects"
    label = "projects"
    verbose_name = _("领军人才项目")

    def ready(self) -> None:
        from yingcai.projects import dossier  # noqa: F401  (registers its 一人一档 section)
