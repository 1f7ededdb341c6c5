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

        # The support builds on certification and introduction, which tell it (yingcai/certification/
        # signals.py, yingcai/introductions/signals.py) and never import it.
        from yingcai.certification.signals import certificate_issued, certificate_revoked
        from yingcai.introductions.signals import talent_left_city

        certificate_issued.connect(_grant_on_certificate, dispatch_uid="support.grant_on_certificate")
        certificate_revoked.connect(_stop_on_revocation, dispatch_uid="support.stop_on_revocation")
        talent_left_city.connect(_stop_on_departure, dispatch_uid="support.stop_on_departure")


def _fill_due_dates(sender, years, **kwargs) -> None:
    """A task dispatched while its calendar year was unknown gets its period once it is known."""
    from yingcai.support.domain.entitlements import fill_pending_due_dates

    fill_pending_due_dates()


def _grant_on_certificate(sender, *, by, certification, **kwargs) -> None:
    """免申即享: a certificate issued grants the support of its tier."""
    from yingcai.support.domain.entitlements import grant_entitlements

    grant_entitlements(by=by, certification=certification)


def _stop_on_revocation(sender, *, by, certification, reason, **kwargs) -> None:
    """A revoked certification gets no more instalments."""
    from yingcai.support.domain.entitlements import stop_entitlements

    stop_entitlements(by=by, certification=certification, reason=reason)


def _stop_on_departure(sender, *, by, talent, on, reason, **kwargs) -> None:
    """A talent who left the city gets no more instalments after the day of leaving (第十三条)."""
    from yingcai.support.domain.entitlements import stop_entitlements

    stop_entitlements(by=by, talent=talent, on=on, reason=reason)
