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

        # A project builds on a selection, which tells it (yingcai/selection/signals.py) and never
        # imports it.
        from yingcai.selection.signals import nomination_selected

        nomination_selected.connect(_open_project, dispatch_uid="projects.open_project")


def _open_project(sender, *, by, nomination, **kwargs) -> None:
    """A nomination selected when its round is approved gets its project."""
    from yingcai.projects.domain.projects import open_project

    open_project(by=by, nomination=nomination)
