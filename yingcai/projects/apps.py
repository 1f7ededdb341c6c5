from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "yingcai.projects"
    label = "projects"
    verbose_name = _("领军人才项目")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from yingcai.audit.presentation import register_labels
        from yingcai.projects import dossier  # noqa: F401  (registers its 一人一档 section)
        from yingcai.projects.domain.projects import GRANT_KEY, SPENDING_KEY

        # The keys of the project's audit changes that are not fields (its history reads them).
        register_labels(
            {GRANT_KEY: gettext_lazy("拨付经费"), SPENDING_KEY: gettext_lazy("经费支出")}, model="projects.project"
        )
