from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "yingcai.accounts"
    label = "accounts"
    verbose_name = _("账号与角色")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from yingcai.accounts.domain.sessions import noted_at_login

        user_logged_in.connect(noted_at_login, dispatch_uid="accounts.note_session")
