"""The Django admin is the system administrator's reference-data tool, and nobody else's
(三员分立). Accounts are not edited here: their audited pages are under /accounts/."""

from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.rules import is_system_admin


class SystemAdminSite(AdminSite):
    site_header = _("参考数据维护")
    site_title = _("参考数据维护")
    index_title = _("参考数据维护（系统管理员）")

    def has_permission(self, request) -> bool:
        """Not `is_staff`: the system administrator's role, and an active account."""
        return request.user.is_active and is_system_admin(request.user)

    def password_change(self, request, extra_context=None):
        """The platform's own page: password rules, history and the audit log apply there too."""
        return redirect("password-change")

    def logout(self, request, extra_context=None):
        # The platform's logout, audited (imported here: this module loads before the apps do).
        from yingcai.accounts.views import LogoutView

        return LogoutView.as_view()(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def refuse_other_roles(request, *args, **kwargs):
            # A signed-in user of another role is refused outright (instead of sent round the login).
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return refuse_other_roles


class SystemAdminConfig(AdminConfig):
    default_site = "yingcai.accounts.admin_site.SystemAdminSite"
