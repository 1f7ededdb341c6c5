from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "yingcai.certification"
    label = "certification"
    verbose_name = _("人才认定")

    def ready(self) -> None:
        from yingcai.certification import dossier  # noqa: F401  (registers its 一人一档 section)
        from yingcai.certification.domain.certificates import finish_publicity
        from yingcai.publicity.domain import register_finisher
        from yingcai.publicity.enums import PublicityKind

        register_finisher(PublicityKind.CERTIFICATION, finish_publicity)

        from yingcai.certification.rule_impacts import register as register_rule_impacts

        register_rule_impacts()
