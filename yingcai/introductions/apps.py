from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroductionsConfig(AppConfig):
    name = "yingcai.introductions"
    label = "introductions"
    verbose_name = _("人才引进")

    def ready(self) -> None:
        from yingcai.audit.presentation import register_file_link
        from yingcai.introductions import (
            dossier,  # noqa: F401  (registers its 一人一档 section)
            engagements,
            rule_impacts,
        )

        rule_impacts.register()
        engagements.register()  # the introductions in force, for the policy engine's eligibility check

        # A contract named in an introduction's history opens for whoever may see the introduction,
        # while it is still the contract the record holds (a replaced file is gone).
        register_file_link("introductions.introduction", "contract_file", _contract_link)


def _contract_link(user, introduction, stored_name: str) -> str | None:
    from django.urls import reverse

    if introduction is None or introduction.contract_file.name != stored_name:
        return None
    if not user.has_perm("introductions.view", introduction):
        return None
    return reverse("introductions:contract-file", args=[introduction.pk])
