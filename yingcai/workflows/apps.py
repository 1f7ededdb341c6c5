from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "yingcai.workflows"
    label = "workflows"
    verbose_name = _("审核流程")

    def ready(self) -> None:
        from yingcai.workflows import rules  # noqa: F401  (registers the queue permission)
        from yingcai.workflows.checks import check_workflows

        checks.register(check_workflows)
