from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "yingcai.selection"
    label = "selection"
    verbose_name = _("领军人才遴选")

    def ready(self) -> None:
        from yingcai.publicity.domain import register_finisher
        from yingcai.publicity.enums import PublicityKind
        from yingcai.selection import dossier  # noqa: F401  (registers its 一人一档 section)

        register_finisher(PublicityKind.SELECTION, _approve_round_of)

        from yingcai.selection.rule_impacts import register as register_rule_impacts

        register_rule_impacts()


def _approve_round_of(*, by, publicity) -> None:
    """A round's notice ends with the round's approval; a notice without a round only concludes."""
    from yingcai.publicity.domain import conclude
    from yingcai.selection.domain.approval import approve_round
    from yingcai.selection.models import SelectionRound

    if isinstance(publicity.owner, SelectionRound):
        approve_round(by=by, round=publicity.owner)
    else:
        conclude(by=by, publicity=publicity)
