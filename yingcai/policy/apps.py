from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "yingcai.policy"
    label = "policy"
    verbose_name = _("政策规则")

    def ready(self) -> None:
        from yingcai.policy.domain import rule_in_force
        from yingcai.workflows.queues import register_rule_reader

        register_rule_reader(rule_in_force)  # the review queues' deadlines
