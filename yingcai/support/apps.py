from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "yingcai.support"
    label = "support"
    verbose_name = _("人才待遇")

    def ready(self) -> None:
        from yingcai.support import dossier  # noqa: F401  (registers its 一人一档 section)
        from yingcai.workdays.signals import calendar_changed

        calendar_changed.connect(_fill_due_dates, dispatch_uid="support.fill_pending_due_dates")


def _fill_due_dates(sender, years, **kwargs) -> None:
    """A task dispatched while its calendar year was unknown gets its period once it is known."""
    from yingcai.support.domain.entitlements import fill_pending_due_dates

    fill_pending_due_dates()
